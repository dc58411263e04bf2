import type { Sentence } from '../../core/article.js';
import type { Stage, StageFactory } from '../../core/stage.js';
import { tokenize } from '../tokenize/index.js';
import abbreviationData from './abbreviations.json' with { type: 'json' };

// A candidate end: terminal punctuation, closing quotes or brackets, then whitespace.
const BOUNDARY = /[.!?…]+["'”’)\]]*(?=\s)/g;

/**
 * Splits each block into sentences. A boundary is terminal punctuation followed by whitespace and a
 * sentence opener (capital, digit, quote mark), unless the word before the period is a known abbreviation
 * or a single initial. Sentences never cross blocks. Every sentence starts in the outlet's voice; the
 * quotes stage refines it.
 */
export function createSegmenter(): (text: string, from: number, to: number) => Sentence[] {
  const abbreviations = new Set(abbreviationData.entries);
  return (text, from, to) => {
    const sentences: Sentence[] = [];
    const block = text.slice(from, to);
    let start = 0;
    BOUNDARY.lastIndex = 0;
    for (let m = BOUNDARY.exec(block); m; m = BOUNDARY.exec(block)) {
      const end = m.index + m[0].length;
      let next = end;
      while (next < block.length && /\s/.test(block[next]!)) next++;
      if (next >= block.length) break;
      if (!/[\p{Lu}\d"'“‘([]/u.test(block[next]!)) continue;
      if (m[0].startsWith('.') && m[0].length === 1) {
        const word = /([\p{L}.]+)$/u.exec(block.slice(Math.max(0, m.index - 12), m.index))?.[1] ?? '';
        if (word.length === 1 && /\p{Lu}/u.test(word)) continue; // an initial: "John F. Kennedy"
        if (abbreviations.has(word.toLowerCase())) continue;
      }
      sentences.push({ start: from + start, end: from + end, voice: 'outlet' });
      start = next;
    }
    let end = block.length;
    while (end > start && /\s/.test(block[end - 1]!)) end--;
    if (end > start) sentences.push({ start: from + start, end: from + end, voice: 'outlet' });
    return sentences;
  };
}

export const createSegmentStage: StageFactory = () => {
  const segment = createSegmenter();
  const stage: Stage = {
    name: 'segment',
    run(article, deadline) {
      for (const block of article.blocks) {
        article.sentences.push(...segment(article.text, block.start, block.end));
      }
      article.tokens = tokenize(article.text, article.sentences);
      deadline.check('sentence segmentation');
    },
  };
  return stage;
};
