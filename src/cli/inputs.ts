import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { PresslensError } from '../core/errors.js';
import type { AnalyzeInput } from '../core/input.js';
import { decodeText } from './decode-text.js';
import { fetchPage, type FetchLimits } from './fetch.js';
import { readLines } from './lines.js';

export type InputFormat = 'auto' | 'html' | 'text' | 'jsonl';

/** One document to analyse, loaded lazily so that a batch never holds more than it is working on. */
export interface Job {
  label: string;
  /** The id to report when loading fails (JSONL lines carry one). */
  id: string | null;
  load(): Promise<AnalyzeInput>;
}

export interface InputOptions {
  format: InputFormat;
  verbatim: boolean;
  fetchLimits: FetchLimits;
  /** Largest file or stdin accepted, checked before reading it all (see docs/LIMITS.md). */
  maxBytes: number;
  stdin: Readable;
}

const DIRECTORY_EXTENSIONS = new Set(['.html', '.htm', '.txt']);

/** Expands the command line's inputs (files, directories, `-`, URLs) into jobs, in order. */
export async function* enumerateJobs(inputs: readonly string[], options: InputOptions): AsyncGenerator<Job> {
  const sources = inputs.length ? inputs : ['-'];
  for (const source of sources) {
    if (/^https?:\/\//i.test(source)) {
      yield { label: source, id: null, load: async () => withVerbatim(await fetchPage(source, options.fetchLimits), options.verbatim) };
      continue;
    }
    if (options.format === 'jsonl') {
      yield* jsonlJobs(source, options);
      continue;
    }
    if (source === '-') {
      const read = readLimited(options.stdin, options.maxBytes);
      read.catch(() => undefined);
      yield { label: 'stdin', id: null, load: async () => bytesToInput(await read, 'stdin', null, options) };
      continue;
    }
    const info = await stat(source).catch(() => null);
    if (info?.isDirectory()) {
      const names = (await readdir(source)).filter((n) => DIRECTORY_EXTENSIONS.has(extname(n).toLowerCase())).sort();
      for (const name of names) yield fileJob(join(source, name), options);
    } else {
      yield fileJob(source, options);
    }
  }
}

function fileJob(path: string, options: InputOptions): Job {
  return {
    label: path,
    id: null,
    load: async () => {
      const fsError = (error: NodeJS.ErrnoException) => {
        throw new PresslensError(error.code === 'ENOENT' ? 'not-found' : 'invalid-input', `${path}: ${describeFsError(error)}`);
      };
      // Refuse an oversized file before reading it, so a batch's memory stays bounded.
      const { size } = await stat(path).catch(fsError);
      if (size > options.maxBytes) throw new PresslensError('too-large', `${path}: input is ${size} bytes, over the limit of ${options.maxBytes}`);
      const bytes = await readFile(path).catch(fsError);
      return bytesToInput(bytes, path, extname(path).toLowerCase(), options);
    },
  };
}

function describeFsError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'no such file or directory';
  if (error.code === 'EACCES') return 'permission denied';
  if (error.code === 'EISDIR') return 'is a directory';
  return error.message;
}

function bytesToInput(bytes: Uint8Array, label: string, extension: string | null, options: InputOptions): AnalyzeInput {
  const kind = options.format !== 'auto' ? options.format : guessKind(bytes, extension);
  if (kind === 'html') return { html: bytes, label };
  const { text, messages } = decodeText(bytes, label);
  return { text, label, verbatim: options.verbatim, messages };
}

/** A fetched page that came as plain text follows the --verbatim flag like a text file. */
function withVerbatim(input: AnalyzeInput, verbatim: boolean): AnalyzeInput {
  return input.text !== undefined ? { ...input, verbatim } : input;
}

function guessKind(bytes: Uint8Array, extension: string | null): 'html' | 'text' {
  if (extension === '.html' || extension === '.htm') return 'html';
  if (extension === '.txt') return 'text';
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').trimStart().toLowerCase();
  return /^(<!doctype html|<html|<head|<body|<\?xml|<!--|<meta|<div|<article)/.test(head) ? 'html' : 'text';
}

/** Reads a stream up to `maxBytes`; beyond that it keeps draining (so the writer is not blocked) and fails. */
async function readLimited(stream: Readable, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buffer.byteLength;
    if (total <= maxBytes) chunks.push(buffer);
  }
  if (total > maxBytes) throw new PresslensError('too-large', `stdin: input is ${total} bytes, over the limit of ${maxBytes}`);
  return Buffer.concat(chunks);
}

async function* jsonlJobs(source: string, options: InputOptions): AsyncGenerator<Job> {
  const stream = source === '-' ? options.stdin : createReadStream(source);
  const streamError = new Promise<never>((_, reject) => stream.once('error', reject));
  streamError.catch(() => undefined);
  const where = source === '-' ? 'stdin' : source;
  let lineNo = 0;
  try {
    for await (const line of readLines(stream)) {
      lineNo++;
      if (!line.trim()) continue;
      const label = `${where}:${lineNo}`;
      const parsed = parseJsonlLine(line, label, options.verbatim);
      yield {
        label: parsed.ok ? (parsed.input.id ?? label) : label,
        id: parsed.ok ? (parsed.input.id ?? null) : parsed.id,
        load: async () => {
          if (!parsed.ok) throw parsed.error;
          if (parsed.input.url && parsed.input.html === undefined && parsed.input.text === undefined) {
            const fetched = await fetchPage(parsed.input.url, options.fetchLimits);
            return { ...withVerbatim(fetched, parsed.input.verbatim ?? options.verbatim), id: parsed.input.id, label: parsed.input.id };
          }
          return parsed.input;
        },
      };
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PresslensError(code === 'ENOENT' ? 'not-found' : 'invalid-input', `${where}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

type ParsedLine = { ok: true; input: AnalyzeInput } | { ok: false; id: string | null; error: PresslensError };

/** Validates one JSONL line against the contract's input object. */
export function parseJsonlLine(line: string, label: string, defaultVerbatim: boolean): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, id: null, error: new PresslensError('invalid-json', `${label}: not valid JSON`) };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, id: null, error: new PresslensError('invalid-input', `${label}: a line must be a JSON object`) };
  }
  const record = value as Record<string, unknown>;
  const id = typeof record['id'] === 'string' ? record['id'] : null;
  const fail = (message: string): ParsedLine => ({ ok: false, id, error: new PresslensError('invalid-input', `${id ?? label}: ${message}`) });
  if (id === null) return fail('"id" must be a string');
  for (const key of ['html', 'text', 'url', 'publishedAt'] as const) {
    if (record[key] !== undefined && typeof record[key] !== 'string') return fail(`"${key}" must be a string`);
  }
  if (record['verbatim'] !== undefined && typeof record['verbatim'] !== 'boolean') return fail('"verbatim" must be a boolean');
  const hasHtml = typeof record['html'] === 'string';
  const hasText = typeof record['text'] === 'string';
  if (hasHtml && hasText) return fail('give exactly one of "html" and "text", not both');
  if (!hasHtml && !hasText && typeof record['url'] !== 'string') return fail('give one of "html" or "text" (or a "url" to fetch)');
  const input: AnalyzeInput = { id, label: id };
  if (hasHtml) input.html = record['html'] as string;
  if (hasText) input.text = record['text'] as string;
  if (typeof record['url'] === 'string') input.url = record['url'];
  if (typeof record['publishedAt'] === 'string') input.publishedAt = record['publishedAt'];
  input.verbatim = (record['verbatim'] as boolean | undefined) ?? defaultVerbatim;
  return { ok: true, input };
}
