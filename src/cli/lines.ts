import type { Readable } from 'node:stream';

/**
 * The lines of a byte stream, split as node:readline splits them (`\n`, `\r\n` or a lone `\r`; no empty last
 * line after a final break). JSONL batches carry whole pages on one line: finding the breaks in the bytes and
 * decoding each line once costs a fraction of readline's decode-then-search, in the thread that feeds the workers.
 */
export async function* readLines(stream: Readable): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    let from = 0;
    for (let end = bytes.indexOf(10, from); end !== -1; end = bytes.indexOf(10, from)) {
      pending.push(bytes.subarray(from, end));
      yield* splitCarriageReturns(decode(pending));
      pending = [];
      from = end + 1;
    }
    if (from < bytes.length) pending.push(bytes.subarray(from));
  }
  if (pending.length) yield* splitCarriageReturns(decode(pending));
}

function decode(parts: Buffer[]): string {
  return (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8');
}

/** A line cut at `\n` may still hold lone `\r` breaks; a `\r` just before the `\n` (or at the end) is part of the break. */
function splitCarriageReturns(line: string): string[] {
  const body = line.endsWith('\r') ? line.slice(0, -1) : line;
  return body.includes('\r') ? body.split('\r') : [body];
}
