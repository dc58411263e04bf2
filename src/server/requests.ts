/** Turning request bodies and query strings into typed values, with a clear 400 for anything malformed. */
import type { Context } from 'hono';
import type { EntityType, Voice } from '../core/article.js';
import { PresslensError } from '../core/errors.js';
import type { AnalyzeInput } from '../core/input.js';
import { MAX_PAGE_SIZE, type EntityFilters, type PageOptions, type QuoteFilters, type SearchFilters } from './corpus.js';

/** A document as the API takes it: like a line of the CLI's JSONL input, with `id` optional. */
export interface DocumentRequest {
  id?: string;
  text?: string;
  html?: string;
  url?: string;
  publishedAt?: string;
  verbatim?: boolean;
}

export type DocumentInput = { input: AnalyzeInput; fetchUrl?: undefined } | { fetchUrl: string; input: Omit<AnalyzeInput, 'html' | 'text'> };

export async function readJson(c: Context): Promise<unknown> {
  const raw = await c.req.text();
  try {
    return JSON.parse(raw);
  } catch {
    throw new PresslensError('invalid-json', 'the request body is not valid JSON');
  }
}

/**
 * The body of POST /api/analyze: JSON (`DocumentRequest`), or a raw page (text/html, with its charset) or
 * raw text (text/plain).
 */
export async function readDocument(c: Context): Promise<DocumentInput> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('text/html') || type.startsWith('application/xhtml+xml')) {
    return { input: { html: new Uint8Array(await c.req.arrayBuffer()), contentType: type, label: 'request body' } };
  }
  if (type.startsWith('text/plain')) {
    return { input: { text: await c.req.text(), label: 'request body', verbatim: c.req.query('verbatim') === 'true' } };
  }
  if (!type.startsWith('application/json')) {
    throw new PresslensError('unsupported-content-type', `send application/json, text/html or text/plain, not "${type || 'no content type'}"`);
  }
  return toDocumentInput(await readJson(c), 'request body');
}

export function toDocumentInput(value: unknown, label: string): DocumentInput {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new PresslensError('invalid-input', `${label}: must be a JSON object`);
  const record = value as Record<string, unknown>;
  for (const key of ['id', 'html', 'text', 'url', 'publishedAt'] as const) {
    if (record[key] !== undefined && typeof record[key] !== 'string') throw new PresslensError('invalid-input', `${label}: "${key}" must be a string`);
  }
  if (record['verbatim'] !== undefined && typeof record['verbatim'] !== 'boolean') throw new PresslensError('invalid-input', `${label}: "verbatim" must be a boolean`);
  const doc = record as DocumentRequest;
  if (doc.html !== undefined && doc.text !== undefined) throw new PresslensError('invalid-input', `${label}: give one of "html" and "text", not both`);
  const input: AnalyzeInput = { label: doc.id ?? label };
  if (doc.id !== undefined) input.id = doc.id;
  if (doc.publishedAt !== undefined) input.publishedAt = doc.publishedAt;
  if (doc.verbatim !== undefined) input.verbatim = doc.verbatim;
  if (doc.url !== undefined && !/^https?:\/\//i.test(doc.url)) throw new PresslensError('invalid-input', `${label}: "url" must be an http(s) URL`);
  if (doc.html === undefined && doc.text === undefined) {
    if (doc.url === undefined) throw new PresslensError('invalid-input', `${label}: give "text", "html" or a "url" to fetch`);
    return { fetchUrl: doc.url, input };
  }
  if (doc.url !== undefined) input.url = doc.url;
  if (doc.html !== undefined) input.html = doc.html;
  if (doc.text !== undefined) input.text = doc.text;
  return { input };
}

const VOICES = new Set<Voice>(['outlet', 'quoted', 'attributed', 'vague']);
const ENTITY_TYPES = new Set<EntityType>(['PERSON', 'ORG', 'GPE', 'LOC', 'FAC', 'NORP', 'EVENT', 'WORK', 'PRODUCT', 'LAW', 'MISC']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function text(c: Context, name: string): string | undefined {
  const value = c.req.query(name)?.trim();
  return value ? value.slice(0, 500) : undefined;
}

function count(c: Context, name: string, max: number): number | undefined {
  const value = c.req.query(name);
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new PresslensError('invalid-input', `query parameter ${name} must be a whole number from 0 to ${max}, not "${value}"`);
  return n;
}

function date(c: Context, name: string): string | undefined {
  const value = text(c, name);
  if (value !== undefined && !ISO_DATE.test(value)) throw new PresslensError('invalid-input', `query parameter ${name} must be an ISO date (2026-03-14), not "${value}"`);
  return value;
}

function oneOf<T extends string>(c: Context, name: string, allowed: Set<T>): T | undefined {
  const value = text(c, name);
  if (value !== undefined && !allowed.has(value as T)) throw new PresslensError('invalid-input', `query parameter ${name} must be one of ${[...allowed].join(', ')}, not "${value}"`);
  return value as T | undefined;
}

/** Drops undefined values, so that filters carry only what the client gave. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function pageOptions(c: Context): PageOptions {
  return { limit: count(c, 'limit', MAX_PAGE_SIZE), offset: count(c, 'offset', 1_000_000) };
}

export function searchFilters(c: Context): SearchFilters {
  return defined({
    ...pageOptions(c),
    outlet: text(c, 'outlet'), from: date(c, 'from'), to: date(c, 'to'), entity: text(c, 'entity'),
    speaker: text(c, 'speaker'), technique: text(c, 'technique'), voice: oneOf(c, 'voice', VOICES),
  });
}

export function quoteFilters(c: Context): QuoteFilters {
  return defined({ ...pageOptions(c), speaker: text(c, 'speaker'), entity: text(c, 'entity'), outlet: text(c, 'outlet'), articleId: text(c, 'article') });
}

export function entityFilters(c: Context): EntityFilters {
  return defined({ ...pageOptions(c), q: text(c, 'q'), name: text(c, 'name'), type: oneOf(c, 'type', ENTITY_TYPES) });
}
