import { getOutlet } from '../api.js';
import { ArticleLine, PageTitle, plural, Status, useLoad, VoiceBars } from '../components/common.js';
import { href } from '../router.js';

export function OutletPage({ domain }: { domain: string }) {
  const outlet = useLoad(domain, () => getOutlet(domain));
  return (
    <div class="page">
      <Status result={outlet}>
        {(o) => (
          <>
            <PageTitle>{o.name ?? o.domain}</PageTitle>
            <p class="muted">{o.domain} · {plural(o.articles, 'article')} · {o.words.toLocaleString('en')} words</p>
            <div class="columns">
              <section>
                <h2>Voice of the sentences</h2>
                <VoiceBars shares={o.voiceShare} />
                <dl class="stats">
                  <div><dt>Named sources per article</dt><dd>{o.namedSourcesPerArticle.toFixed(1)}</dd></div>
                  <div><dt>Framing findings per 1,000 words</dt><dd>{o.framingPer1000Words.toFixed(1)}</dd></div>
                </dl>
                <h2>Recent articles</h2>
                <ul class="results">
                  {o.recent.map((a) => <li key={a.id}><a href={href(['articles', a.id])}>{a.title ?? 'Untitled article'}</a><ArticleLine article={a} /></li>)}
                </ul>
              </section>
              <section>
                <h2>Most quoted</h2>
                {o.topSpeakers.length ? (
                  <ol class="speakers">
                    {o.topSpeakers.map((s) => (
                      <li key={s.entityId ?? s.name}>
                        {s.entityId ? <a href={href(['entities', s.entityId])}>{s.name}</a> : s.name} <span class="muted">{plural(s.quotes, 'quote')}</span>
                      </li>
                    ))}
                  </ol>
                ) : <p class="muted">No attributed quotes.</p>}
                <h2>Framing techniques</h2>
                {o.topTechniques.length ? (
                  <ul>{o.topTechniques.map((t) => <li key={t.technique}>{t.technique.replace(/_/g, ' ')} <span class="muted">{t.count}</span></li>)}</ul>
                ) : <p class="muted">No framing findings.</p>}
              </section>
            </div>
          </>
        )}
      </Status>
    </div>
  );
}
