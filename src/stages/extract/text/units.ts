import type { Deadline } from '../../../core/deadline.js';
import { normaliseBlockText } from '../blocks.js';
import type { TextRules } from './rules.js';

export type UnitKind = 'text' | 'list-item' | 'debris';

/** One candidate block of scraped text: a paragraph, a line of furniture, a list item. */
export interface Unit {
  kind: UnitKind;
  text: string;
}

const CHECK_EVERY = 1024;

/**
 * Cuts scraped text into units. Blank lines always separate units; a single line break does too, unless
 * the text was hard-wrapped: a line that does not end a sentence and is followed by a line starting in
 * lower case (or ends with a comma, hyphen or opening bracket) continues on the next line.
 */
export function splitUnits(raw: string, rules: TextRules, deadline: Deadline): Unit[] {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const units: Unit[] = [];
  let current: string | null = null;
  const flush = () => {
    if (current !== null) {
      const text = normaliseBlockText(current);
      if (text) units.push({ kind: 'text', text });
    }
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    if (i % CHECK_EVERY === 0) deadline.check('text extraction');
    const line = lines[i]!;
    if (!line.trim()) {
      flush();
      continue;
    }
    if (rules.list.pattern.test(line)) {
      flush();
      const text = normaliseBlockText(line.replace(rules.list.bullet, ''));
      if (text) units.push({ kind: 'list-item', text });
      continue;
    }
    if (current !== null && continuesOnNextLine(current, line)) current += ' ' + line;
    else {
      flush();
      current = line;
    }
  }
  flush();
  return units;
}

function continuesOnNextLine(previous: string, line: string): boolean {
  const end = previous.trimEnd();
  if (/[.!?…:;]["'”’)\]]*$/u.test(end)) return false;
  return /^\s*[\p{Ll}\d(]/u.test(line) || /[,\-(–—]$/u.test(end);
}
