/**
 * Side by side: two to six stored articles about one story. Who each quotes, which sentences and figures they
 * share or carry alone, which names each includes or omits, and the loaded terms each uses. Every finding is a
 * button that marks its span in the article texts below and moves the focus there (Escape comes back).
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { compare, getArticle, sameStory, search } from '../api.js';
import { ArticleLine, formatDate, PageTitle, plural, Status, useLoad } from '../components/common.js';
import { href, navigate, type Route } from '../router.js';
import type { ArticleJson, ArticleRef, ArticleSummary, Comparison, Evidence } from '../types.js';

/** As many as the server compares at once (src/server/comparison.ts). */
const MAX_COMPARED = 6;

export function compareHref(ids: string[]): string {
  const query = new URLSearchParams(ids.map((id) => ['id', id])).toString();
  return `#/compare${query ? `?${query}` : ''}`;
}

export function ComparePage({ route }: { route: Route }) {
  const ids = [...new Set(route.params.getAll('id'))].slice(0, MAX_COMPARED);
  const key = ids.join('\n');
  const articles = useLoad(`articles:${key}`, () => Promise.all(ids.map(getArticle)));
  const comparison = useLoad(`compare:${key}`, () => (ids.length >= 2 ? compare(ids) : Promise.resolve(null)));
  const setIds = (next: string[]) => navigate(compareHref(next));
  return (
    <div class="page compare-page">
      <PageTitle>Compare coverage</PageTitle>
      <p class="lede">Pick two to six articles about one story to see, side by side, whom each quotes, what each includes or leaves out, and the words each chooses.</p>
      <ArticlePicker ids={ids} chosen={articles.state === 'ready' ? articles.value : null} setIds={setIds} />
      {ids.length < 2
        ? <p class="muted">Add {ids.length ? 'one more article' : 'two articles or more'} to compare them.</p>
        : (
          <Status result={articles}>
            {(loaded) => <Status result={comparison}>{(result) => result && <ComparisonView articles={loaded} comparison={result} />}</Status>}
          </Status>
        )}
    </div>
  );
}

interface Label {
  title: string;
  outlet: string | null;
}

/**
 * The chosen articles and a finder to add more. It stays mounted while the comparison reloads, so that the
 * finder keeps its words and results; titles come from the finder's hits until the articles have loaded.
 */
function ArticlePicker({ ids, chosen, setIds }: { ids: string[]; chosen: ArticleJson[] | null; setIds: (ids: string[]) => void }) {
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [labels] = useState(() => new Map<string, Label>());
  // Open at first when there is nothing to compare yet; after that the reader decides.
  const [startOpen] = useState(ids.length < 2);
  const results = useLoad(`find:${submitted}`, () => search({ q: submitted, limit: 10 }));
  for (const a of chosen ?? []) labels.set(a.id, { title: a.title ?? a.id, outlet: a.siteName });
  if (results.state === 'ready') for (const hit of results.value.items) if (!labels.has(hit.id)) labels.set(hit.id, { title: hit.title ?? hit.id, outlet: hit.siteName ?? hit.outlet });
  const full = ids.length >= MAX_COMPARED;
  const add = (id: string) => setIds([...ids, id]);
  const first = ids[0];
  const story = useLoad(`story:${first ?? ''}`, () => (first ? sameStory(first) : Promise.resolve({ items: [] })));
  if (story.state === 'ready') for (const a of story.value.items) if (!labels.has(a.id)) labels.set(a.id, { title: a.title ?? a.id, outlet: a.siteName ?? a.outlet });
  return (
    <section class="picker" aria-labelledby="picker-heading">
      <h2 id="picker-heading">Articles compared</h2>
      {ids.length ? (
        <ol class="chosen">
          {ids.map((id) => {
            const label = labels.get(id) ?? { title: id, outlet: null };
            return (
              <li key={id}>
                <a href={href(['articles', id])}>{label.title}</a> <span class="muted small">{label.outlet ?? ''}</span>{' '}
                <button type="button" class="small-button" aria-label={`Remove “${label.title}”`} onClick={() => setIds(ids.filter((other) => other !== id))}>Remove</button>
              </li>
            );
          })}
        </ol>
      ) : <p class="muted">None yet.</p>}
      {first && (
        <div class="same-story">
          <h3>Same story as “{labels.get(first)?.title ?? first}”</h3>
          <p class="muted small">Found by the story clusterer among articles published within three days of it.</p>
          <Status result={story}>
            {({ items }) => {
              const more = items.filter((a) => !ids.includes(a.id));
              if (more.length) return <AddableList articles={more} disabled={full} add={add} />;
              return <p class="muted">{items.length ? 'All of them are compared.' : 'The clusterer found no other coverage of it; find articles below.'}</p>;
            }}
          </Status>
        </div>
      )}
      <details class="finder" open={startOpen}>
        <summary>Add articles</summary>
        <form role="search" class="finder-form" onSubmit={(e) => { e.preventDefault(); setSubmitted(query.trim()); }}>
          <label class="field">
            <span>Find articles in the corpus</span>
            <input name="find" type="search" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} placeholder="words of the story" />
          </label>
          <button type="submit">Find</button>
        </form>
        <Status result={results}>
          {(page) => {
            // Suggested articles are offered above, once.
            const suggested = new Set(story.state === 'ready' ? story.value.items.map((a) => a.id) : []);
            const hits = page.items.filter((hit) => !ids.includes(hit.id) && !suggested.has(hit.id));
            if (!hits.length) return <p class="muted">{page.items.length ? 'All the articles found are compared or suggested above.' : 'No articles found.'}</p>;
            return <AddableList articles={hits} disabled={full} add={add} />;
          }}
        </Status>
        {full && <p class="muted small">At most {MAX_COMPARED} articles side by side.</p>}
      </details>
    </section>
  );
}

function AddableList({ articles, disabled, add }: { articles: ArticleSummary[]; disabled: boolean; add: (id: string) => void }) {
  return (
    <ul class="results">
      {articles.map((a) => (
        <li key={a.id}>
          <button type="button" class="small-button" disabled={disabled} aria-label={`Add “${a.title ?? a.id}”`} onClick={() => add(a.id)}>Add</button>{' '}
          <span>{a.title ?? 'Untitled article'}</span>
          <ArticleLine article={a} />
        </li>
      ))}
    </ul>
  );
}

interface Target extends Evidence {
  /** The finding's button, where Escape returns the focus. */
  origin: HTMLElement | null;
}

const ShowEvidence = createContext<(evidence: Evidence, origin: HTMLElement | null) => void>(() => undefined);
const OutletNames = createContext<Map<string, string>>(new Map());

/** A finding: its words, as a button that shows them in the article's text. */
function Cite({ evidence, children }: { evidence: Evidence | undefined; children?: ComponentChildren }) {
  const show = useContext(ShowEvidence);
  const outlets = useContext(OutletNames);
  const label = children ?? `“${evidence?.text ?? ''}”`;
  if (!evidence) return <span>{label}</span>;
  return (
    <button type="button" class="cite" onClick={(e) => show(evidence, e.currentTarget as HTMLElement)}>
      {label}<span class="sr-only"> (show in the text of {outlets.get(evidence.articleId) ?? evidence.articleId})</span>
    </button>
  );
}

function Absent({ children }: { children: ComponentChildren }) {
  return <span class="absent">{children}</span>;
}

interface Row {
  key: string;
  head: ComponentChildren;
  cells: ComponentChildren[];
}

/** Rows of findings with one column per article; at narrow widths each row stacks, every cell naming its outlet. */
function Grid({ label, columns, rows }: { label: string; columns: ArticleRef[]; rows: Row[] }) {
  return (
    <div class={`compare-grid cols-${columns.length}`} role="table" aria-label={label}>
      <div role="row" class="grid-head">
        <span role="columnheader" class="row-head">{label}</span>
        {columns.map((c) => <span key={c.id} role="columnheader">{c.outlet}</span>)}
      </div>
      {rows.map((row) => (
        <div key={row.key} role="row">
          <div role="rowheader" class="row-head">{row.head}</div>
          {row.cells.map((cell, i) => (
            <div key={columns[i]!.id} role="cell">
              <span class="cell-label">{columns[i]!.outlet}</span>
              {cell}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

function evidenceIn(evidence: Evidence[], articleId: string): Evidence | undefined {
  return evidence.find((e) => e.articleId === articleId);
}

function ComparisonView({ articles, comparison }: { articles: ArticleJson[]; comparison: Comparison }) {
  const { diff, sentences } = comparison;
  const columns = diff.articles;
  const [target, setTarget] = useState<Target | null>(null);
  const outlets = new Map(columns.map((c) => [c.id, c.outlet]));
  const show = (evidence: Evidence, origin: HTMLElement | null) => setTarget({ ...evidence, origin });
  const perColumn = (cell: (articleId: string) => ComponentChildren) => columns.map((c) => cell(c.id));

  const sharedSentences = sentences.filter((g) => g.status === 'shared');
  const namedByAll = diff.entities.filter((e) => e.omittedBy.length === 0);
  const namedBySome = diff.entities.filter((e) => e.omittedBy.length > 0);

  return (
    <ShowEvidence.Provider value={show}>
      <OutletNames.Provider value={outlets}>
        <section aria-labelledby="compared-heading">
          <h2 id="compared-heading" class="sr-only">The articles</h2>
          <Grid label="Article" columns={columns} rows={[{
            key: 'articles', head: 'Headline',
            cells: perColumn((id) => {
              const ref = columns.find((c) => c.id === id)!;
              return <><a href={href(['articles', id])}>{ref.title ?? id}</a>{ref.publishedAt && <span class="muted small"> · {formatDate(ref.publishedAt)}</span>}</>;
            }),
          }]} />
          {diff.wireGroups.map((g) => (
            <p key={g.articleIds.join()} class="notice">Same wire text: {g.articleIds.map((id) => outlets.get(id)).join(' and ')} (similarity {g.similarity}). What one includes or omits, they all do.</p>
          ))}
          {diff.notes.length > 0 && <ul class="muted small">{diff.notes.map((note) => <li key={note}>{note}</li>)}</ul>}
        </section>

        <section aria-labelledby="speakers-heading">
          <h2 id="speakers-heading">Who is quoted</h2>
          {diff.speakers.length ? (
            <Grid label="Speaker" columns={columns} rows={diff.speakers.map((s) => ({
              key: s.key, head: s.name,
              cells: perColumn((id) => {
                const quoted = s.quotedBy.find((q) => q.articleId === id);
                if (quoted) return <Cite evidence={evidenceIn(s.evidence, id)}>quoted, {plural(quoted.quotes, 'quote')}</Cite>;
                if (s.mentionedOnlyBy.includes(id)) return <Cite evidence={evidenceIn(s.evidence, id)}>named, not quoted</Cite>;
                return <Absent>not in this article</Absent>;
              }),
            }))} />
          ) : <p class="muted">No article quotes a named speaker.</p>}
        </section>

        <section aria-labelledby="claims-heading">
          <h2 id="claims-heading">Figures and claims</h2>
          {diff.numbers.length ? (
            <Grid label="Figure" columns={columns} rows={diff.numbers.map((n) => ({
              key: n.key,
              head: <>{n.event ? `${n.noun} ${n.event}` : n.noun} <span class={`badge status-${n.status}`}>{n.status}</span>{n.flagged && <span class="muted small block-line">{n.reason}</span>}</>,
              cells: perColumn((id) => {
                const claims = n.claims.filter((c) => c.articleId === id);
                return claims.length ? <ul class="cell-list">{claims.map((c) => <li key={c.start}><Cite evidence={c} /></li>)}</ul> : <Absent>no figure</Absent>;
              }),
            }))} />
          ) : <p class="muted">No figures to line up.</p>}
          <h3>Sentences in more than one article</h3>
          {sharedSentences.length ? (
            <Grid label="Shared sentence" columns={columns} rows={sharedSentences.map((g, i) => ({
              key: `${g.occurrences[0]!.articleId}:${g.occurrences[0]!.start}`,
              head: <span class="muted small">{i + 1}. in {g.articleIds.length} of {columns.length}</span>,
              cells: perColumn((id) => {
                const o = g.occurrences.find((x) => x.articleId === id);
                return o ? <Cite evidence={o}>{o.text}</Cite> : <Absent>not in this article</Absent>;
              }),
            }))} />
          ) : <p class="muted">The articles share no sentence.</p>}
          <h3>Sentences only one article has</h3>
          <Grid label="Only here" columns={columns} rows={[{
            key: 'exclusive', head: <span class="muted small">sentences</span>,
            cells: perColumn((id) => {
              const own = sentences.filter((g) => g.status === 'exclusive' && g.articleIds[0] === id);
              return own.length ? <ul class="cell-list">{own.map((g) => <li key={g.occurrences[0]!.start}><Cite evidence={g.occurrences[0]}>{g.occurrences[0]!.text}</Cite></li>)}</ul> : <Absent>none</Absent>;
            }),
          }]} />
        </section>

        <section aria-labelledby="quotes-heading">
          <h2 id="quotes-heading">Quotes</h2>
          {diff.quotes.length ? (
            <Grid label="Quote" columns={columns} rows={diff.quotes.map((q) => ({
              key: q.id,
              head: <>{q.speaker ?? 'unattributed'} <span class={`badge status-${q.status}`}>{q.status}</span></>,
              cells: perColumn((id) => {
                const found = q.occurrences.filter((o) => o.articleId === id);
                return found.length ? <ul class="cell-list">{found.map((o) => <li key={o.start}><Cite evidence={o} /></li>)}</ul> : <Absent>not quoted</Absent>;
              }),
            }))} />
          ) : <p class="muted">No quotes.</p>}
        </section>

        <section aria-labelledby="entities-heading">
          <h2 id="entities-heading">Names included or left out</h2>
          {namedBySome.length ? (
            <Grid label="Name" columns={columns} rows={namedBySome.map((e) => ({
              key: e.key,
              head: <>{e.name}{e.type && <span class="muted small"> {e.type}</span>}</>,
              cells: perColumn((id) => (e.includedBy.includes(id) ? <Cite evidence={evidenceIn(e.evidence, id)}>named</Cite> : <Absent>left out</Absent>)),
            }))} />
          ) : <p class="muted">Every article names the same people, places and organisations.</p>}
          {namedByAll.length > 0 && <p class="small">Named by every article: {namedByAll.map((e) => e.name).join(', ')}.</p>}
        </section>

        <section aria-labelledby="framing-heading">
          <h2 id="framing-heading">Loaded terms</h2>
          <Grid label="Referent" columns={columns} rows={[
            ...diff.framing.map((f) => ({
              key: `${f.referent}:${f.groupId ?? ''}`,
              head: <>{f.referent}{!f.inOutletVoice && <span class="muted small block-line">differs only inside quotes</span>}</>,
              cells: perColumn((id) => {
                const uses = f.uses.filter((u) => u.articleId === id);
                return uses.length
                  ? <ul class="cell-list">{uses.map((u) => <li key={u.start}><Cite evidence={u}>{u.term}</Cite>{u.voice === 'quoted' && <span class="muted small"> (in a quote)</span>}</li>)}</ul>
                  : <Absent>no term for it</Absent>;
              }),
            })),
            {
              key: 'findings', head: <>Framing findings <span class="muted small block-line">from each article’s analysis</span></>,
              cells: articles.map((a) => (a.framing.length
                ? <ul class="cell-list">{a.framing.map((f) => <li key={f.start}><Cite evidence={{ articleId: a.id, start: f.start, end: f.end, text: a.text.slice(f.start, f.end) }} /> <span class="muted small">{f.technique.replace(/_/g, ' ')}{f.voice === 'quoted' ? ', in a quote' : ''}</span></li>)}</ul>
                : <Absent>none</Absent>)),
            },
          ]} />
        </section>

        <Texts articles={articles} columns={columns} target={target} />
      </OutletNames.Provider>
    </ShowEvidence.Provider>
  );
}

/** The articles' texts side by side, with the chosen finding's span marked and focused. */
function Texts({ articles, columns, target }: { articles: ArticleJson[]; columns: ArticleRef[]; target: Target | null }) {
  const marked = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!target || !marked.current) return;
    marked.current.focus({ preventScroll: true });
    marked.current.scrollIntoView({ block: 'center' });
  }, [target]);
  return (
    <section aria-labelledby="texts-heading">
      <h2 id="texts-heading">The texts</h2>
      {target && <p class="muted small" role="status">Marked in the text of {columns.find((c) => c.id === target.articleId)?.outlet}: “{target.text}”. Escape returns to the finding.</p>}
      <div class={`compare-texts cols-${articles.length}`}>
        {articles.map((article, i) => {
          const blocks = article.blocks.length ? article.blocks : [{ start: 0, end: article.text.length }];
          const span = target?.articleId === article.id ? target : null;
          let refGiven = false;
          return (
            <article key={article.id} class="compare-text" aria-label={`Text of ${columns[i]!.outlet}`}>
              <h3>{columns[i]!.outlet}</h3>
              {blocks.map((block) => {
                if (!span || span.end <= block.start || span.start >= block.end) return <p key={block.start}>{article.text.slice(block.start, block.end)}</p>;
                const from = Math.max(span.start, block.start);
                const to = Math.min(span.end, block.end);
                const first = !refGiven;
                refGiven = true;
                return (
                  <p key={block.start}>
                    {article.text.slice(block.start, from)}
                    <mark
                      class="target"
                      ref={first ? marked : undefined}
                      tabIndex={first ? -1 : undefined}
                      onKeyDown={(e) => e.key === 'Escape' && span.origin?.focus()}
                    >
                      {article.text.slice(from, to)}
                    </mark>
                    {article.text.slice(to, block.end)}
                  </p>
                );
              })}
            </article>
          );
        })}
      </div>
    </section>
  );
}
