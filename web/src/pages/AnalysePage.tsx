import { useState } from 'preact/hooks';
import { analyse, ApiError, listArticles, type AnalyseRequest } from '../api.js';
import { ArticleLine, PageTitle, ProblemNote, Status, useLoad } from '../components/common.js';
import { href, navigate } from '../router.js';
import type { ArticleJson } from '../types.js';

type Mode = 'text' | 'url' | 'file';

const MODES: { mode: Mode; label: string }[] = [
  { mode: 'text', label: 'Paste text' },
  { mode: 'url', label: 'Give a link' },
  { mode: 'file', label: 'Upload a page' },
];

export function AnalysePage({ onAnalysed }: { onAnalysed: (article: ArticleJson) => void }) {
  const [mode, setMode] = useState<Mode>('text');
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const corpus = useLoad('articles', () => listArticles({ limit: 20 }));

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    let request: AnalyseRequest;
    if (mode === 'text') {
      if (!text.trim()) return setError('Paste the text of an article first.');
      request = { text };
    } else if (mode === 'url') {
      if (!/^https?:\/\//i.test(url.trim())) return setError('Give a link that starts with http:// or https://.');
      request = { url: url.trim() };
    } else {
      if (!file) return setError('Choose an HTML or text file first.');
      request = { file };
    }
    setBusy(true);
    try {
      onAnalysed(await analyse(request));
      navigate('#/analysis');
    } catch (e) {
      setError(e instanceof ApiError ? e : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page">
      <PageTitle>Analyse an article</PageTitle>
      <p class="lede">See who says what, in whose voice, and with what framing. Nothing you analyse here is stored.</p>
      <form class="analyse-form" onSubmit={submit} aria-describedby={error ? 'analyse-error' : undefined}>
        <div class="tabs" role="group" aria-label="What to analyse">
          {MODES.map(({ mode: m, label }) => (
            <button key={m} type="button" class="tab" aria-pressed={mode === m} onClick={() => setMode(m)}>{label}</button>
          ))}
        </div>
        {mode === 'text' && (
          <label class="field">
            <span>Article text</span>
            <textarea name="text" rows={12} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} placeholder="Paste the headline and body of a news article…" />
          </label>
        )}
        {mode === 'url' && (
          <label class="field">
            <span>Link to the article</span>
            <input name="url" type="url" inputMode="url" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} placeholder="https://…" />
          </label>
        )}
        {mode === 'file' && (
          <label class="field">
            <span>A saved web page (.html) or text file (.txt)</span>
            <input name="file" type="file" accept=".html,.htm,.txt,text/html,text/plain" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
          </label>
        )}
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Analysing…' : 'Analyse'}</button>
      </form>
      {/* Outside the form: a missing token is asked for with a form of its own. */}
      {error && <div id="analyse-error"><ProblemNote error={error} /></div>}
      <section aria-labelledby="corpus-heading">
        <h2 id="corpus-heading">In the corpus</h2>
        <Status result={corpus}>
          {(page) => page.items.length ? (
            <ul class="results">
              {page.items.map((a) => (
                <li key={a.id}>
                  <a href={href(['articles', a.id])}>{a.title ?? a.snippet.text.slice(0, 80)}</a>
                  <ArticleLine article={a} />
                </li>
              ))}
            </ul>
          ) : <p class="muted">No stored articles yet.</p>}
        </Status>
      </section>
    </div>
  );
}
