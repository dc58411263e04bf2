import { tokenize } from '../tokenize/index.js';
import lexiconData from './lexicon.json' with { type: 'json' };

export interface LexiconEntry {
  forms: string[];
  technique: string;
  kind: string;
  explanation: string;
  alternative: string | null;
  basis: string;
  usedBy?: { conflict: string; side: string };
}

export interface LexiconData {
  bases: Record<string, string>;
  conflicts: Record<string, string[]>;
  entries: LexiconEntry[];
}

export const LEXICON: LexiconData = lexiconData as LexiconData;

export interface LexiconMatch {
  /** token range [first, last) */
  first: number;
  last: number;
  entry: LexiconEntry;
}

/**
 * A phrase matcher over lower-cased tokens, compiled once: each form is cut by the same tokenizer as the
 * articles and indexed by its first token; at each position the longest form wins and matches never overlap.
 */
export function compileLexicon(data: LexiconData = LEXICON): (lower: readonly string[]) => LexiconMatch[] {
  const byFirst = new Map<string, { words: string[]; entry: LexiconEntry }[]>();
  for (const entry of data.entries) {
    if (!data.bases[entry.basis]) throw new Error(`framing lexicon: entry "${entry.forms[0]}" cites unknown basis "${entry.basis}"`);
    for (const form of entry.forms) {
      const table = tokenize(form, []);
      const words: string[] = [];
      for (let i = 0; i < table.count; i++) words.push(form.slice(table.start[i]!, table.end[i]!).replace(/’/g, "'"));
      const list = byFirst.get(words[0]!) ?? [];
      list.push({ words, entry });
      byFirst.set(words[0]!, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return (lower) => {
    const matches: LexiconMatch[] = [];
    for (let i = 0; i < lower.length; i++) {
      const candidates = byFirst.get(lower[i]!);
      if (!candidates) continue;
      for (const { words, entry } of candidates) {
        let k = 1;
        while (k < words.length && lower[i + k] === words[k]) k++;
        if (k === words.length) {
          matches.push({ first: i, last: i + k, entry });
          i += k - 1;
          break;
        }
      }
    }
    return matches;
  };
}
