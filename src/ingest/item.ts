import type { AnalyzeInput } from '../core/input.js';

/** One document to ingest. `key` names where it came from, stably across runs: it is how resuming skips work. */
export interface IngestItem {
  key: string;
  label: string;
  load(): Promise<AnalyzeInput>;
}

/** A source item that could not even be read (a corrupt WARC record, a bad JSONL line): recorded, then skipped. */
export interface BrokenItem {
  key: string;
  label: string;
  error: { code: string; message: string };
}

export type SourceEntry = IngestItem | BrokenItem;

export function isBroken(entry: SourceEntry): entry is BrokenItem {
  return 'error' in entry;
}
