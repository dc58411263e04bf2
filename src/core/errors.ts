/** The one error type of presslens. `code` is stable and machine-readable; `message` is for people. */
export type ErrorCode =
  | 'empty-input'
  | 'binary-input'
  | 'invalid-encoding'
  | 'too-large'
  | 'timeout'
  | 'not-found'
  | 'fetch-failed'
  | 'unsupported-content-type'
  | 'invalid-json'
  | 'invalid-input'
  | 'usage'
  // HTTP server (src/server): missing or wrong token, a client over its rate limit, too much work queued.
  | 'unauthorized'
  | 'rate-limited'
  | 'busy'
  | 'model-error'
  // Corpus store (src/store): a repeated id, a locked database, any other database failure, no space left.
  | 'duplicate-id'
  | 'database-busy'
  | 'database-error'
  | 'disk-full';

export class PresslensError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PresslensError';
    this.code = code;
  }
}

export function toPresslensError(error: unknown): PresslensError {
  if (error instanceof PresslensError) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new PresslensError('invalid-input', 'input nests too deeply to analyse', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PresslensError('invalid-input', message, { cause: error });
}
