import { useEffect, useRef, useState } from 'preact/hooks';
import { findEntities, getEntity } from '../api.js';
import { ArticleLine, ErrorNote, PageTitle, plural, Snippet, Status, useLoad } from '../components/common.js';
import { href, navigate, type Route } from '../router.js';
import type { EntityDetail } from '../types.js';

export function EntityPage({ id }: { id: string }) {
  const entity = useLoad(id, () => getEntity(id));
  return <div class="page"><Status result={entity}>{(e) => <EntityView entity={e} />}</Status></div>;
}

function EntityView({ entity }: { entity: EntityDetail }) {
  return (
    <>
      <PageTitle>{entity.name}</PageTitle>
      <p class="muted">{entity.type} · mentioned in {plural(entity.articles, 'article')} ({entity.mentions} times) · speaker of {plural(entity.quotes, 'quote')}</p>
      <div class="columns">
        <section aria-labelledby="quotes-by">
          <h2 id="quotes-by">Quotes by {entity.name}</h2>
          {entity.quotesBy.length ? (
            <ul class="quote-list">
              {entity.quotesBy.map((q) => (
                <li key={`${q.articleId}:${q.id}`}>
                  <blockquote class={`quote-card kind-${q.kind}`}>{q.kind === 'direct' ? `“${q.text}”` : q.text}</blockquote>
                  <p class="muted small">{q.kind} · <a href={href(['articles', q.articleId])}>{q.articleTitle ?? 'Untitled article'}</a>{q.outlet ? ` · ${q.outlet}` : ''}</p>
                </li>
              ))}
            </ul>
          ) : <p class="muted">No quotes attributed to {entity.name}.</p>}
          <h2>Mentioned in</h2>
          <ul class="results">
            {entity.mentionedIn.map((a) => (
              <li key={a.id}>
                <a href={href(['articles', a.id])}>{a.title ?? 'Untitled article'}</a> <span class="muted small">{a.mentions}×</span>
                <ArticleLine article={a} />
                <Snippet snippet={a.snippet} />
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="co-mentions">
          <h2 id="co-mentions">Named together with</h2>
          {entity.coMentions.length ? (
            <>
              <CoMentionGraph entity={entity} />
              <ul class="entity-list">
                {entity.coMentions.map((c) => (
                  <li key={c.id}><a href={href(['entities', c.id])}>{c.name}</a> <span class="muted small">{c.type} · {plural(c.articles, 'article')}</span></li>
                ))}
              </ul>
            </>
          ) : <p class="muted">Never named together with another entity.</p>}
        </section>
      </div>
    </>
  );
}

/** The graph module (sigma + graphology) is loaded only here, so the first page stays small. */
function CoMentionGraph({ entity }: { entity: EntityDetail }) {
  const container = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let dispose: (() => void) | null = null;
    let cancelled = false;
    import('../graph.js')
      .then(({ drawCoMentionGraph }) => {
        if (cancelled || !container.current) return;
        dispose = drawCoMentionGraph(container.current, entity, (id) => navigate(href(['entities', id])));
      })
      .catch((error: unknown) => setProblem(`The graph cannot be drawn here (${(error as Error).message}); the list below has the same links.`));
    return () => {
      cancelled = true;
      dispose?.();
    };
  }, [entity]);
  return (
    <figure class="graph-figure">
      <div ref={container} class="graph" role="img" aria-label={`Co-mention graph of ${entity.name} and ${entity.coMentions.length} entities named in the same articles`} />
      <figcaption class="muted small">Lines join entities named in the same articles; thicker lines, more articles. Click a name to open it.</figcaption>
      {problem && <ErrorNote message={problem} />}
    </figure>
  );
}

/** Resolves a name seen in an article (a speaker, an entity) to the corpus entity, if the corpus has it. */
export function LookupPage({ route }: { route: Route }) {
  const name = route.params.get('name') ?? '';
  const type = route.params.get('type') ?? undefined;
  const found = useLoad(`${name}|${type}`, () => findEntities({ name, type, limit: 1 }));
  useEffect(() => {
    if (found.state === 'ready' && found.value.items[0]) navigate(href(['entities', found.value.items[0].id]), true);
  }, [found]);
  if (found.state === 'ready' && found.value.items.length === 0) {
    return (
      <div class="page">
        <PageTitle>{name}</PageTitle>
        <p>{name} is not in the corpus yet: only stored articles are indexed.</p>
        <p><a href={href(['search'], { q: name })}>Search the corpus for “{name}”</a></p>
      </div>
    );
  }
  return <div class="page"><Status result={found}>{() => <p class="muted" role="status">Opening…</p>}</Status></div>;
}
