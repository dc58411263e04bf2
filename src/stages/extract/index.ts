import type { Deadline } from '../../core/deadline.js';
import { PresslensError } from '../../core/errors.js';
import type { AnalyzeInput } from '../../core/input.js';
import type { Limits } from '../../core/limits.js';
import { decodeBytes } from './decode.js';
import { repairMojibake } from './mojibake.js';
import { extractHtml } from './html/index.js';
import { createTextExtractor, extractVerbatim } from './text/index.js';
import type { Extracted } from './types.js';

export type { Extracted } from './types.js';

export interface Extractor {
  extract(input: AnalyzeInput, deadline: Deadline): Extracted;
}

/** Builds the extraction stage once; `extract` turns one input into clean text, blocks and metadata. */
export function createExtractor(limits: Limits): Extractor {
  const extractText = createTextExtractor();
  return {
    extract(input, deadline) {
      const label = input.label ?? input.id ?? 'input';
      if ((input.html === undefined) === (input.text === undefined)) {
        throw new PresslensError('invalid-input', `${label}: give exactly one of html or text`);
      }
      const size = typeof input.html === 'string' || typeof input.text === 'string'
        ? Buffer.byteLength((input.html ?? input.text) as string)
        : (input.html as Uint8Array).byteLength;
      if (size > limits.maxInputBytes) {
        throw new PresslensError('too-large', `${label}: input is ${size} bytes, over the limit of ${limits.maxInputBytes}`);
      }
      let extracted: Extracted;
      if (input.html !== undefined) {
        const decoded = typeof input.html === 'string' ? input.html : decodeBytes(input.html, label, input.contentType).text;
        if (!decoded.trim()) throw new PresslensError('empty-input', `${label}: input is empty`);
        const html = repairMojibake(decoded);
        extracted = extractHtml(html, limits, deadline);
        if (html !== decoded) extracted.messages.push({ level: 'info', ruleId: 'extract/mojibake-repaired', message: `${label}: UTF-8 text read as windows-1252; read again as UTF-8` });
      } else {
        const text = input.text!;
        if (input.verbatim) extracted = extractVerbatim(text);
        else {
          if (!text.trim()) throw new PresslensError('empty-input', `${label}: input is empty`);
          extracted = extractText(text, limits, deadline);
        }
      }
      if (input.messages) extracted.messages.unshift(...input.messages);
      if (input.url) extracted.meta.url ??= input.url;
      if (input.publishedAt) extracted.meta.publishedAt = input.publishedAt;
      return extracted;
    },
  };
}
