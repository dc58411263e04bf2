import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { href } from '../router.js';
import { accessToken, onAccessTokenChange, setAccessToken } from '../token.js';
import type { ArticleSummary, TextSnippet, Voice } from '../types.js';

export type Loadable<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; value: T };

/** A number that changes whenever the access token is saved or forgotten (to load again with it). */
export function useAccessTokenVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => onAccessTokenChange(() => setVersion((v) => v + 1)), []);
  return version;
}

/** Loads data when `key` (or the access token) changes; a late answer for an older key is dropped. */
export function useLoad<T>(key: string, load: () => Promise<T>): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const tokenVersion = useAccessTokenVersion();
  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => current && setResult({ state: 'ready', value }),
      (error: unknown) => current && setResult({ state: 'error', error: error instanceof ApiError ? error : new ApiError(0, String(error), null) }),
    );
    return () => {
      current = false;
    };
  }, [key, tokenVersion]);
  return result;
}

export function Status<T>({ result, children }: { result: Loadable<T>; children: (value: T) => ComponentChildren }) {
  if (result.state === 'loading') return <p class="muted" role="status">Loading…</p>;
  if (result.state === 'error') return <ProblemNote error={result.error} />;
  return <>{children(result.value)}</>;
}

export function ErrorNote({ message }: { message: string }) {
  return <p class="error" role="alert">{message}</p>;
}

/** An API failure: a refused or missing token asks for the token right there; anything else is a message. */
export function ProblemNote({ error }: { error: ApiError | string }) {
  if (typeof error === 'string') return <ErrorNote message={error} />;
  return error.status === 401 ? <TokenForm reason={error.message} /> : <ErrorNote message={error.message} />;
}

/** Enter, replace or forget the server's access token (kept in this tab's session storage). */
export function TokenForm({ reason }: { reason?: string }) {
  const [value, setValue] = useState('');
  useAccessTokenVersion();
  const saved = accessToken() !== null;
  const submit = (event: Event) => {
    event.preventDefault();
    if (value.trim()) setAccessToken(value);
    setValue('');
  };
  return (
    <form class="token-form" onSubmit={submit} aria-label="Access token">
      {reason && <ErrorNote message={reason} />}
      <label class="field">
        <span>Access token</span>
        <input name="token" type="password" autoComplete="off" spellcheck={false} value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
      </label>
      <p class="muted small">Kept in this browser tab only (session storage) and sent to this server as “Authorization: Bearer …”.{saved ? ' A token is saved.' : ''}</p>
      <div class="button-row">
        <button type="submit" class="primary">Use this token</button>
        {saved && <button type="button" onClick={() => setAccessToken(null)}>Forget the saved token</button>}
      </div>
    </form>
  );
}

/** The page's main heading; focused on navigation so that keyboard and screen-reader users start there. */
export function PageTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return <h1 tabIndex={-1} ref={ref}>{children}</h1>;
}

export function Snippet({ snippet }: { snippet: TextSnippet }) {
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const h of snippet.highlights) {
    if (h.start < at || h.end > snippet.text.length) continue;
    parts.push(snippet.text.slice(at, h.start), <mark>{snippet.text.slice(h.start, h.end)}</mark>);
    at = h.end;
  }
  parts.push(snippet.text.slice(at));
  return <p class="snippet">{parts}</p>;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function ArticleLine({ article }: { article: ArticleSummary }) {
  return (
    <p class="muted small">
      {article.outlet ? <a href={href(['outlets', article.outlet])}>{article.siteName ?? article.outlet}</a> : article.siteName ?? 'no outlet'}
      {article.publishedAt ? ` · ${formatDate(article.publishedAt)}` : ''}
      {` · ${plural(article.counts.quotes, 'quote')} · ${plural(article.counts.entities, 'entity', 'entities')} · ${plural(article.counts.framing, 'finding')}`}
    </p>
  );
}

export const VOICE_LABELS: Record<Voice, string> = {
  outlet: 'Outlet’s own voice',
  quoted: 'Quoted',
  attributed: 'Attributed to a named source',
  vague: 'Vaguely sourced',
};

export function VoiceBars({ shares }: { shares: Record<Voice, number> }) {
  return (
    <dl class="bars">
      {(Object.keys(VOICE_LABELS) as Voice[]).map((voice) => (
        <div key={voice} class="bar-row">
          <dt>{VOICE_LABELS[voice]}</dt>
          <dd>
            <span class={`bar voice-bar-${voice}`} style={{ width: `${Math.round(shares[voice] * 100)}%` }} />
            <span class="bar-value">{Math.round(shares[voice] * 100)}%</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
