/**
 * Reading CoNLL-style NER files (one token a line, word first and tag last, blank line between sentences,
 * -DOCSTART- between documents; IOB1, IOB2, IOBES/BILOU tags). Each document becomes the text the scorer and
 * the recogniser see: tokens joined by one space, sentences by "\n" — and its gold entities as character
 * spans, chunked with conlleval's rules. Used by `presslens eval ner` and by the training script.
 */

export interface GoldSpan {
  start: number;
  end: number;
  type: string;
}

export interface ConllDocument {
  text: string;
  spans: GoldSpan[];
  /** The -DOCSTART- line's extra fields (GUM puts the document name there), else ''. */
  name: string;
}

export interface ConllOptions {
  /** Column separator: tabs or any whitespace (default: whitespace). */
  separator?: RegExp;
  /** Maps a source's entity type onto the target scheme; null drops the entity. Default: identity. */
  mapType?: (type: string) => string | null;
  /** Treats every sentence as its own document (for corpora without document marks). */
  sentencesAsDocuments?: boolean;
}

/** Parses CoNLL text. Throws a plain Error naming the line for a malformed tag. */
export function parseConll(content: string, options: ConllOptions = {}): ConllDocument[] {
  const separator = options.separator ?? /\s+/;
  const mapType = options.mapType ?? ((t: string) => t);
  const documents: ConllDocument[] = [];
  let sentences: { word: string; tag: string }[][] = [];
  let sentence: { word: string; tag: string }[] = [];
  let name = '';
  const flushSentence = () => {
    if (sentence.length) sentences.push(sentence);
    sentence = [];
    if (options.sentencesAsDocuments) flushDocument();
  };
  const flushDocument = () => {
    if (sentence.length) sentences.push(sentence);
    sentence = [];
    if (sentences.length) documents.push(buildDocument(sentences, mapType, name));
    sentences = [];
  };
  const lines = content.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (!line.trim()) {
      flushSentence();
      continue;
    }
    if (line.startsWith('-DOCSTART-')) {
      flushDocument();
      name = line.split(/\s+/).slice(1).join(' ');
      continue;
    }
    const fields = line.trim().split(separator);
    const word = fields[0]!;
    const tag = fields.length > 1 ? fields[fields.length - 1]! : 'O';
    if (!/^(?:O|[BIESLU]-\S+)$/.test(tag)) throw new Error(`line ${n + 1}: "${tag}" is not an IOB/IOBES tag`);
    sentence.push({ word, tag });
  }
  flushDocument();
  return documents;
}

function buildDocument(sentences: { word: string; tag: string }[][], mapType: (t: string) => string | null, name: string): ConllDocument {
  let text = '';
  const spans: GoldSpan[] = [];
  for (let s = 0; s < sentences.length; s++) {
    if (s > 0) text += '\n';
    let open: { start: number; end: number; type: string } | null = null;
    let prevPrefix = 'O';
    let prevType = '';
    const close = () => {
      if (open) {
        const type = mapType(open.type);
        if (type) spans.push({ start: open.start, end: open.end, type });
      }
      open = null;
    };
    const words = sentences[s]!;
    for (let w = 0; w < words.length; w++) {
      if (w > 0) text += ' ';
      const { word, tag } = words[w]!;
      const start = text.length;
      text += word;
      const prefix = tag === 'O' ? 'O' : tag[0]!;
      const type = tag === 'O' ? '' : tag.slice(2);
      const startsChunk = prefix === 'B' || prefix === 'S' || prefix === 'U'
        || ((prefix === 'I' || prefix === 'E' || prefix === 'L') && (prevPrefix === 'O' || prevPrefix === 'E' || prevPrefix === 'S' || prevPrefix === 'L' || prevPrefix === 'U' || prevType !== type));
      if (prefix === 'O' || startsChunk) close();
      if (startsChunk) open = { start, end: text.length, type };
      else if (open) (open as { end: number }).end = text.length;
      prevPrefix = prefix;
      prevType = type;
    }
    close();
  }
  return { text, spans, name };
}

export interface TypeScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Exact (start, end, type) micro scores, overall and per type, as conlleval counts them. */
export function scoreSpans(gold: GoldSpan[][], predicted: GoldSpan[][]): { overall: TypeScore; perType: Record<string, TypeScore> } {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (type: string, key: 'tp' | 'fp' | 'fn') => {
    if (!counts.has(type)) counts.set(type, { tp: 0, fp: 0, fn: 0 });
    counts.get(type)![key]++;
  };
  for (let d = 0; d < gold.length; d++) {
    const goldKeys = new Set((gold[d] ?? []).map((s) => `${s.start}:${s.end}:${s.type}`));
    const predKeys = new Set((predicted[d] ?? []).map((s) => `${s.start}:${s.end}:${s.type}`));
    for (const key of predKeys) bump(key.split(':')[2]!, goldKeys.has(key) ? 'tp' : 'fp');
    for (const key of goldKeys) if (!predKeys.has(key)) bump(key.split(':')[2]!, 'fn');
  }
  const finish = (c: { tp: number; fp: number; fn: number }): TypeScore => {
    const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
    const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
    return { ...c, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
  };
  const total = { tp: 0, fp: 0, fn: 0 };
  const perType: Record<string, TypeScore> = {};
  for (const [type, c] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    perType[type] = finish(c);
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  return { overall: finish(total), perType };
}
