import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PresslensError, toPresslensError } from '../core/errors.js';
import type { AnalyzeInput } from '../core/input.js';
import { decodeBytes } from '../stages/extract/decode.js';
import { fetchPage, type FetchLimits } from '../cli/fetch.js';
import { parseJsonlLine } from '../cli/inputs.js';
import { feedItemInput, looksLikeFeed, parseFeed } from './feed.js';
import { expandGlob, isGlob } from './glob.js';
import type { SourceEntry } from './item.js';
import { warcEntries, type WarcLimits } from './warc.js';

export interface SourceOptions {
  fetchLimits: FetchLimits;
  warcLimits: WarcLimits;
  /** Take plain-text inputs verbatim (see the contract). */
  verbatim: boolean;
  /** Fetch the article behind a feed item that carries only a summary. */
  fetchFeedLinks: boolean;
}

type Kind = 'page' | 'jsonl' | 'warc' | 'feed' | 'urls';

/** What a file holds, by its name (then, for .xml, by its first bytes). */
function kindByName(path: string): Kind | null {
  const name = basename(path).toLowerCase();
  if (/\.(jsonl|ndjson)$/.test(name)) return 'jsonl';
  if (/\.warc(\.gz)?$/.test(name)) return 'warc';
  if (/\.(rss|atom)$/.test(name)) return 'feed';
  if (/\.urls$/.test(name)) return 'urls';
  if (/\.(html?|txt)$/.test(name)) return 'page';
  if (/\.xml$/.test(name)) return 'feed';
  return null;
}

/**
 * Expands the command line's sources (files, directories walked recursively, globs, URLs, URL lists) into
 * documents, streaming: a WARC of any size is read one record at a time. A source that cannot be read at all
 * is yielded as one broken entry and the others go on.
 */
export async function* sourceEntries(inputs: readonly string[], urlLists: readonly string[], options: SourceOptions): AsyncGenerator<SourceEntry> {
  for (const input of inputs) {
    try {
      if (/^https?:\/\//i.test(input)) yield* urlEntries(input, options);
      else if (isGlob(input) && !(await stat(input).catch(() => null))) {
        const paths = await expandGlob(input);
        if (paths.length === 0) throw new PresslensError('not-found', `${input}: no file matches this pattern`);
        for (const path of paths) yield* fileEntries(path, kindByName(path) ?? 'page', options);
      } else {
        const info = await stat(input).catch(() => null);
        if (!info) throw new PresslensError('not-found', `${input}: no such file or directory`);
        if (info.isDirectory()) yield* directoryEntries(input, options);
        else yield* fileEntries(input, kindByName(input) ?? 'page', options);
      }
    } catch (error) {
      const { code, message } = toPresslensError(error);
      yield { key: `source:${input}`, label: input, error: { code, message: message.startsWith(input) ? message : `${input}: ${message}` } };
    }
  }
  for (const list of urlLists) {
    try {
      yield* fileEntries(list, 'urls', options);
    } catch (error) {
      const { code, message } = toPresslensError(error);
      yield { key: `source:${list}`, label: list, error: { code, message } };
    }
  }
}

/**
 * How many documents the sources hold, when that is cheap to know (pages, JSONL lines, URL lists), for the
 * progress bar's ETA; null when any source must be read to find out (WARC, feeds, URLs).
 */
export async function countDocuments(inputs: readonly string[], urlLists: readonly string[]): Promise<number | null> {
  let total = 0;
  const countFile = async (path: string, kind: Kind | null): Promise<boolean> => {
    if (kind === 'warc' || kind === 'feed') return false;
    if (kind === 'jsonl' || kind === 'urls') {
      const lines = (await readFile(path, 'utf8').catch(() => '')).split('\n');
      total += lines.filter((line) => line.trim() && !(kind === 'urls' && line.trim().startsWith('#'))).length;
    } else total++;
    return true;
  };
  const countDirectory = async (dir: string): Promise<boolean> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() ? !(await countDirectory(path)) : entry.isFile() && kindByName(path) && !(await countFile(path, kindByName(path)))) return false;
    }
    return true;
  };
  for (const input of inputs) {
    if (/^https?:\/\//i.test(input)) return null;
    const info = await stat(input).catch(() => null);
    if (!info && isGlob(input)) {
      for (const path of await expandGlob(input)) if (!(await countFile(path, kindByName(path) ?? 'page'))) return null;
    } else if (info?.isDirectory()) {
      if (!(await countDirectory(input))) return null;
    } else if (!(await countFile(input, kindByName(input) ?? 'page'))) return null;
  }
  for (const list of urlLists) await countFile(list, 'urls');
  return total;
}

async function* directoryEntries(dir: string, options: SourceOptions): AsyncGenerator<SourceEntry> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* directoryEntries(path, options);
    else {
      const kind = kindByName(path);
      // In a directory, only files whose names say what they are: no guessing at stray binaries.
      if (entry.isFile() && kind) yield* fileEntries(path, kind, options);
    }
  }
}

/** A file's documents; a file that breaks part-way (truncated gzip) keeps what it gave and ends with an error entry. */
async function* fileEntries(path: string, kind: Kind, options: SourceOptions): AsyncGenerator<SourceEntry> {
  try {
    yield* unguardedFileEntries(path, kind, options);
  } catch (error) {
    const { code, message } = toPresslensError(error);
    yield { key: `source:${resolve(path)}`, label: path, error: { code, message: message.startsWith(path) ? message : `${path}: ${message}` } };
  }
}

async function* unguardedFileEntries(path: string, kind: Kind, options: SourceOptions): AsyncGenerator<SourceEntry> {
  const absolute = resolve(path);
  switch (kind) {
    case 'warc':
      yield* warcEntries(path, options.warcLimits);
      return;
    case 'jsonl':
      yield* jsonlEntries(path, absolute, options);
      return;
    case 'urls': {
      const text = await readFile(path, 'utf8');
      for (const line of text.split(/\r?\n/)) {
        const url = line.trim();
        if (!url || url.startsWith('#')) continue;
        if (!/^https?:\/\//i.test(url)) {
          yield { key: `url:${url}`, label: `${path}: ${url}`, error: { code: 'invalid-input', message: `${path}: "${url}" is not an http(s) URL` } };
        } else yield* urlEntries(url, options);
      }
      return;
    }
    case 'feed': {
      const xml = await readFile(path, 'utf8');
      if (!looksLikeFeed(xml.slice(0, 4096))) {
        yield pageEntry(path, absolute, options);
        return;
      }
      yield* feedEntries(xml, path, options);
      return;
    }
    case 'page':
      yield pageEntry(path, absolute, options);
  }
}

function pageEntry(path: string, absolute: string, options: SourceOptions): SourceEntry {
  return {
    key: `file:${absolute}`,
    label: path,
    load: async () => {
      const bytes = await readFile(path);
      if (/\.txt$/i.test(path)) return { text: decodeBytes(bytes, path, undefined, false).text, label: path, verbatim: options.verbatim };
      return { html: bytes, label: path };
    },
  };
}

async function* jsonlEntries(path: string, absolute: string, options: SourceOptions): AsyncGenerator<SourceEntry> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    const label = `${path}:${lineNo}`;
    const key = `jsonl:${absolute}:${lineNo}`;
    const parsed = parseJsonlLine(line, label, options.verbatim);
    if (!parsed.ok) {
      yield { key, label, error: { code: parsed.error.code, message: parsed.error.message } };
      continue;
    }
    const input = parsed.input;
    yield {
      key,
      label: input.id ? `${label} (${input.id})` : label,
      load: async () => {
        if (input.url && input.html === undefined && input.text === undefined) {
          return { ...(await fetchPage(input.url, options.fetchLimits)), id: input.id };
        }
        return input;
      },
    };
  }
}

function* feedEntries(xml: string, label: string, options: SourceOptions): Generator<SourceEntry> {
  for (const item of parseFeed(xml, label)) {
    const itemLabel = `${label}: ${item.title ?? item.link ?? item.key}`;
    yield {
      key: `feed:${item.key}`,
      label: itemLabel,
      load: async (): Promise<AnalyzeInput> => {
        if (item.summaryOnly && options.fetchFeedLinks && item.link) {
          const page = await fetchPage(item.link, options.fetchLimits);
          return item.publishedAt ? { ...page, publishedAt: feedItemInput(item, itemLabel).publishedAt } : page;
        }
        return feedItemInput(item, itemLabel);
      },
    };
  }
}

/** A URL: fetched once; a feed expands into its items, a page is one document. */
async function* urlEntries(url: string, options: SourceOptions): AsyncGenerator<SourceEntry> {
  let page: AnalyzeInput;
  try {
    page = await fetchPage(url, options.fetchLimits);
  } catch (error) {
    const { code, message } = toPresslensError(error);
    yield { key: `url:${url}`, label: url, error: { code, message } };
    return;
  }
  const head = typeof page.html === 'string' ? page.html.slice(0, 4096) : Buffer.from(page.html ?? []).subarray(0, 4096).toString('utf8');
  if (looksLikeFeed(head)) {
    const xml = typeof page.html === 'string' ? page.html : Buffer.from(page.html ?? []).toString('utf8');
    yield* feedEntries(xml, url, options);
    return;
  }
  yield { key: `url:${url}`, label: url, load: async () => page };
}
