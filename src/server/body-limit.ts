import type { MiddlewareHandler } from 'hono';
import { PresslensError } from '../core/errors.js';

const tooLarge = (maxBytes: number) => new PresslensError('too-large', `the request body is over the limit of ${maxBytes} bytes`);

/**
 * Refuses request bodies over `maxBytes` with `too-large` (413). A body with a declared Content-Length is
 * judged by that header alone (Node's HTTP parser never hands on more than the declared length), so the body
 * stays unread for the route: @hono/node-server then reads it straight from the socket, where touching
 * `c.req.raw.body` first (as hono/body-limit does) makes it build a web Request and stream for every request.
 * A body without a length (chunked) is read here, counted as it arrives and handed on whole.
 */
export function bodyLimit(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(declared) > maxBytes) throw tooLarge(maxBytes);
      return next();
    }
    const body = c.req.raw.body;
    if (!body) return next();
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(read.value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks, size) });
    return next();
  };
}
