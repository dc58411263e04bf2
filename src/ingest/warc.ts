import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { WARCParser } from 'warcio';
import { PresslensError } from '../core/errors.js';
import type { SourceEntry } from './item.js';

export interface WarcLimits {
  /** Largest record payload accepted, in bytes; larger records are skipped with an error. */
  maxRecordBytes: number;
  /** Largest ratio of decompressed to compressed bytes before the file is taken for a gzip bomb. */
  maxGzipRatio: number;
}

export const DEFAULT_WARC_LIMITS: Readonly<WarcLimits> = Object.freeze({ maxRecordBytes: 20 * 1024 * 1024, maxGzipRatio: 100 });

/** Decompressed output allowed before the ratio is enforced (tiny files can legitimately compress very well). */
const RATIO_GRACE_BYTES = 8 * 1024 * 1024;

/**
 * Streams the HTML `response` (and `resource`) records of a WARC or WARC.gz file, one at a time: memory stays
 * flat whatever the file's size. Each record's key is its WARC-Record-ID. A record that is not valid WARC is
 * reported and skipped; a truncated or corrupt gzip stream, or one that inflates beyond the ratio limit, ends
 * the file with an error (records before it are kept).
 */
export async function* warcEntries(path: string, limits: WarcLimits = DEFAULT_WARC_LIMITS): AsyncGenerator<SourceEntry> {
  const gzipped = await startsWithGzipMagic(path);
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  let compressedBytes = 0;
  file.on('data', (chunk) => (compressedBytes += chunk.length));
  const gunzip = gzipped ? createGunzip() : null;
  const stream: Readable = gunzip ? file.pipe(gunzip) : file;
  if (gzipped) file.on('error', (error) => stream.destroy(error));
  /** Where reading stopped, in the file's own (compressed) bytes: what `dd` or a re-download would need. */
  const position = () => `byte ${gunzip ? gunzip.bytesWritten : parser.offset} of ${statSync(path).size}`;

  async function* guarded(): AsyncGenerator<Uint8Array> {
    let inflated = 0;
    for await (const chunk of stream) {
      inflated += (chunk as Buffer).length;
      if (gzipped && inflated > RATIO_GRACE_BYTES && inflated > limits.maxGzipRatio * compressedBytes) {
        throw new PresslensError('too-large', `${path}: inflates more than ${limits.maxGzipRatio}:1 (${inflated} bytes from ${compressedBytes}); refusing a possible gzip bomb (raise --max-gzip-ratio if the file is genuine)`);
      }
      yield chunk as Buffer;
    }
  }

  const parser = new WARCParser(guarded());
  let index = 0;
  try {
    for await (const record of parser) {
      index++;
      const offset = parser.offset;
      const type = record.warcType;
      const id = record.warcHeader('WARC-Record-ID')?.replace(/^<|>$/g, '') ?? null;
      const key = `warc:${resolve(path)}#${id ?? `@${offset}`}`;
      const label = `${path} record ${index}${record.warcTargetURI ? ` (${record.warcTargetURI})` : ''}`;
      if (!type) {
        yield { key, label: path, error: { code: 'invalid-input', message: `${path}: record ${index} at byte ${offset} is not a WARC record; skipped` } };
        continue;
      }
      if (type !== 'response' && type !== 'resource') continue;
      const contentType = (type === 'response' ? record.httpHeaders?.headers.get('content-type') : record.warcContentType) ?? '';
      if (!/html|xhtml/i.test(contentType)) continue;
      if (type === 'response' && !/^2\d\d$/.test(record.httpHeaders?.statusCode?.toString() ?? '200')) continue;
      if ((record.warcContentLength ?? 0) > limits.maxRecordBytes) {
        yield { key, label, error: { code: 'too-large', message: `${label}: ${record.warcContentLength} bytes is over the ${limits.maxRecordBytes}-byte limit; skipped` } };
        continue;
      }
      const html = await record.readFully(true);
      const url = record.warcTargetURI ?? undefined;
      const docId = id ? id.replace(/^urn:uuid:/, '') : undefined;
      yield {
        key, label,
        load: async () => ({ html: Buffer.from(html), url, contentType, id: docId, label }),
      };
    }
  } catch (error) {
    if (error instanceof PresslensError) throw error;
    const message = (error as Error).message;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PresslensError('not-found', `${path}: no such file`);
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)) {
      throw new PresslensError('invalid-input', `${path}: the gzip stream is truncated in record ${index} (at ${position()}); the records before it were read`);
    }
    throw new PresslensError('invalid-input', `${path}: cannot read as WARC after record ${index} (at ${position()}): ${message}`);
  } finally {
    file.destroy();
  }
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const handle = await open(path).catch((error: NodeJS.ErrnoException) => {
    throw new PresslensError(error.code === 'ENOENT' ? 'not-found' : 'invalid-input', `${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
