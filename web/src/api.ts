import { accessToken } from './token.js';
import type { ArticleJson, ArticleSummary, Comparison, EntityDetail, EntitySummary, OutletProfile, Page, Problem, QuoteRecord, SearchHit } from './types.js';

/** An API failure, carrying the server's problem details when there were any. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly code: string | null) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const headers = new Headers(init?.headers);
  const token = accessToken();
  if (token) headers.set('authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'The presslens server cannot be reached. Is `presslens serve` still running?', null);
  }
  if (response.ok) return (await response.json()) as T;
  const problem = (await response.json().catch(() => null)) as Problem | null;
  if (response.status === 401) {
    throw new ApiError(401, token
      ? 'The server refused the access token saved in this tab. Check it and enter it again.'
      : 'This server needs an access token (the one `presslens serve` printed, or was given with --token).', 'unauthorized');
  }
  throw new ApiError(response.status, problem?.detail ?? `${response.status} ${response.statusText}`, problem?.code ?? null);
}

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const s = search.toString();
  return s ? `?${s}` : '';
}

export type AnalyseRequest = { text: string } | { url: string } | { file: File };

export function analyse(req: AnalyseRequest): Promise<ArticleJson> {
  if ('file' in req) {
    const isHtml = /\.html?$/i.test(req.file.name) || req.file.type === 'text/html';
    // Raw bytes, so that the server detects the page's own charset.
    return request('/api/analyze', { method: 'POST', body: req.file, headers: { 'content-type': isHtml ? 'text/html' : 'text/plain' } });
  }
  return request('/api/analyze', { method: 'POST', body: JSON.stringify(req), headers: { 'content-type': 'application/json' } });
}

export const getArticle = (id: string) => request<ArticleJson>(`/api/articles/${encodeURIComponent(id)}`);
export const listArticles = (params: Record<string, string | number | undefined> = {}) => request<Page<SearchHit>>(`/api/articles${queryString(params)}`);
export const search = (params: Record<string, string | number | undefined>) => request<Page<SearchHit>>(`/api/search${queryString(params)}`);
export const quotes = (params: Record<string, string | number | undefined>) => request<Page<QuoteRecord>>(`/api/quotes${queryString(params)}`);
export const findEntities = (params: Record<string, string | number | undefined>) => request<Page<EntitySummary>>(`/api/entities${queryString(params)}`);
export const getEntity = (id: string) => request<EntityDetail>(`/api/entities/${encodeURIComponent(id)}`);
export const getOutlet = (domain: string) => request<OutletProfile>(`/api/outlets/${encodeURIComponent(domain)}`);
export const compare = (ids: string[]) => request<Comparison>(`/api/compare?${ids.map((id) => `id=${encodeURIComponent(id)}`).join('&')}`);
export const sameStory = (id: string) => request<{ items: ArticleSummary[] }>(`/api/articles/${encodeURIComponent(id)}/same-story`);
