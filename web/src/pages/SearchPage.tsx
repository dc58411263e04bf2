import { useState } from 'preact/hooks';
import { search } from '../api.js';
import { ArticleLine, PageTitle, plural, Snippet, Status, useLoad } from '../components/common.js';
import { href, navigate, type Route } from '../router.js';

const FIELDS = ['q', 'outlet', 'from', 'to', 'entity', 'speaker', 'technique', 'voice'] as const;
type Field = (typeof FIELDS)[number];
const PAGE_SIZE = 20;

export function SearchPage({ route }: { route: Route }) {
  const current = Object.fromEntries(FIELDS.map((f) => [f, route.params.get(f) ?? ''])) as Record<Field, string>;
  const offset = Number(route.params.get('offset') ?? 0) || 0;
  const [form, setForm] = useState(current);
  const key = route.params.toString();
  const results = useLoad(key, () => search({ ...current, limit: PAGE_SIZE, offset }));
  const set = (field: Field) => (e: Event) => setForm({ ...form, [field]: (e.target as HTMLInputElement).value });
  const go = (params: Record<string, string>, at = 0) => navigate(href(['search'], { ...params, offset: at ? String(at) : undefined }));

  return (
    <div class="page">
      <PageTitle>Search the corpus</PageTitle>
      <form class="search-form" role="search" onSubmit={(e) => { e.preventDefault(); go(form); }}>
        <label class="field wide">
          <span>Words</span>
          <input name="q" type="search" value={form.q} onInput={set('q')} placeholder="ferry council" />
        </label>
        <details class="filters" open={FIELDS.slice(1).some((f) => current[f])}>
          <summary>Filters</summary>
          <div class="filter-grid">
            <label class="field"><span>Outlet (domain)</span><input name="outlet" value={form.outlet} onInput={set('outlet')} /></label>
            <label class="field"><span>From</span><input name="from" type="date" value={form.from} onInput={set('from')} /></label>
            <label class="field"><span>To</span><input name="to" type="date" value={form.to} onInput={set('to')} /></label>
            <label class="field"><span>Mentions</span><input name="entity" value={form.entity} onInput={set('entity')} placeholder="a name" /></label>
            <label class="field"><span>Quotes</span><input name="speaker" value={form.speaker} onInput={set('speaker')} placeholder="a speaker" /></label>
            <label class="field"><span>Technique</span><input name="technique" value={form.technique} onInput={set('technique')} placeholder="Loaded_Language" /></label>
            <label class="field">
              <span>Has a sentence in voice</span>
              <select name="voice" value={form.voice} onChange={set('voice')}>
                <option value="">any</option>
                <option value="outlet">outlet</option>
                <option value="quoted">quoted</option>
                <option value="attributed">attributed</option>
                <option value="vague">vague</option>
              </select>
            </label>
          </div>
        </details>
        <button type="submit" class="primary">Search</button>
      </form>
      <Status result={results}>
        {(page) => (
          <section aria-label="Results">
            <p role="status">{page.totalCapped ? `${page.total.toLocaleString('en')}+ articles` : plural(page.total, 'article')}</p>
            <ol class="results" start={offset + 1}>
              {page.items.map((hit) => (
                <li key={hit.id}>
                  <a href={href(['articles', hit.id])}>{hit.title ?? 'Untitled article'}</a>
                  <ArticleLine article={hit} />
                  <Snippet snippet={hit.snippet} />
                </li>
              ))}
            </ol>
            <nav class="pager" aria-label="Result pages">
              {offset > 0 && <button type="button" onClick={() => go(current, Math.max(0, offset - PAGE_SIZE))}>Previous</button>}
              {(offset + PAGE_SIZE < page.total || (page.totalCapped && page.items.length === PAGE_SIZE)) && <button type="button" onClick={() => go(current, offset + PAGE_SIZE)}>Next</button>}
            </nav>
          </section>
        )}
      </Status>
    </div>
  );
}
