import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PresslensError, type ErrorCode } from '../core/errors.js';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  'empty-input': 422,
  'binary-input': 415,
  'invalid-encoding': 422,
  'too-large': 413,
  timeout: 504,
  'not-found': 404,
  'fetch-failed': 502,
  'unsupported-content-type': 415,
  'invalid-json': 400,
  'invalid-input': 400,
  usage: 400,
  unauthorized: 401,
  'rate-limited': 429,
  busy: 503,
  'model-error': 500,
  'duplicate-id': 409,
  'database-busy': 503,
  'database-error': 500,
  'disk-full': 507,
};

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 404: 'Not found', 409: 'Conflict', 413: 'Content too large',
  415: 'Unsupported media type', 422: 'Unprocessable content', 429: 'Too many requests', 500: 'Internal error',
  502: 'Bad gateway', 503: 'Service unavailable', 504: 'Gateway timeout', 507: 'Insufficient storage',
};

/** RFC 9457 problem details, the body of every error response. `code` is PresslensError's stable code. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode | 'internal';
  instance: string;
}

/**
 * The one error handler: a PresslensError becomes problem+json with its status; anything else is a bug and
 * becomes a 500 whose detail reveals nothing of the server's internals.
 */
export function problemResponse(error: unknown, c: Context, log: (message: string) => void): Response {
  const known = error instanceof PresslensError;
  if (!known) log(`internal error on ${c.req.method} ${c.req.path}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  const code = known ? error.code : 'internal';
  const status = known ? STATUS[error.code] : 500;
  const problem: Problem = {
    // A URN rather than a URL: there is no page per problem to link to; `code` is what clients branch on.
    type: `urn:presslens:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: known ? error.message : 'the server failed to handle this request; see its log',
    code,
    instance: c.req.path,
  };
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (known && error.code === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="presslens"';
  if (known && (error.code === 'rate-limited' || error.code === 'busy')) headers['retry-after'] = String((error.cause as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 1);
  return new Response(JSON.stringify(problem), { status, headers });
}
