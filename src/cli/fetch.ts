import { PresslensError } from '../core/errors.js';
import type { AnalyzeInput } from '../core/input.js';
import { decodeText } from './decode-text.js';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: Readonly<FetchLimits> = Object.freeze({
  timeoutMs: 20_000,
  maxBytes: 20 * 1024 * 1024,
  maxRedirects: 5,
});

const USER_AGENT = 'presslens/0.1 (news text analysis; +https://www.npmjs.com/package/presslens)';
// XML types are accepted for RSS/Atom feeds (presslens ingest expands them into their items).
const ACCEPTED_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain|application\/(rss|atom)\+xml|application\/xml|text\/xml)\b/i;

/**
 * Fetches one page over http(s) with a time limit, a size limit, a redirect limit and a content-type
 * check, and returns it as an input whose bytes are decoded later with the header's charset.
 */
export async function fetchPage(url: string, limits: FetchLimits = DEFAULT_FETCH_LIMITS): Promise<AnalyzeInput> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml,text/plain;q=0.8' },
      });
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        await response.body?.cancel();
        if (hop >= limits.maxRedirects) throw new PresslensError('fetch-failed', `${url}: more than ${limits.maxRedirects} redirects`);
        current = new URL(response.headers.get('location')!, current).href;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new PresslensError(response.status === 404 ? 'not-found' : 'fetch-failed', `${url}: HTTP ${response.status} ${response.statusText}`.trim());
      }
      const contentType = response.headers.get('content-type') ?? '';
      if (contentType && !ACCEPTED_TYPES.test(contentType)) {
        await response.body?.cancel();
        throw new PresslensError('unsupported-content-type', `${url}: content type ${contentType.split(';')[0]} is not HTML or text`);
      }
      const bytes = await readLimited(response, limits.maxBytes, url);
      const input: AnalyzeInput = { url: current, label: url, contentType };
      if (/^text\/plain/i.test(contentType)) Object.assign(input, decodeText(bytes, url, contentType));
      else input.html = bytes;
      return input;
    }
  } catch (error) {
    if (error instanceof PresslensError) throw error;
    if (signal.aborted) throw new PresslensError('timeout', `${url}: no complete response within ${limits.timeoutMs} ms`);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new PresslensError('fetch-failed', `${url}: ${error instanceof Error ? error.message : String(error)}${cause}`);
  }
}

async function readLimited(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new PresslensError('too-large', `${url}: response is ${declared} bytes, over the limit of ${maxBytes}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new PresslensError('too-large', `${url}: response is over the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
