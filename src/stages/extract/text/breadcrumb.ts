import type { TextRules } from './rules.js';

const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const ACRONYM = /^\p{Lu}{2,}$/u;

/**
 * Splits a scraped breadcrumb line into its link texts: first at explicit separators ("World > Europe"),
 * then where link texts were glued together without a space ("IraqIranMiddle EastPalestine" → Iraq, Iran,
 * Middle East, Palestine): a lower-case letter directly followed by a capital, or an acronym run into a
 * capitalised word ("UKPolitics"). A piece too short to be a link text (and not an acronym) or a surname
 * prefix ("Mc", "De") does not end a link, so names such as "McDonald" stay whole.
 */
export function splitBreadcrumb(line: string, rules: TextRules['breadcrumb']): string[] {
  return line
    .split(rules.separators)
    .flatMap((piece) => splitGlued(piece.trim(), rules))
    .filter(Boolean);
}

function splitGlued(piece: string, rules: TextRules['breadcrumb']): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i < piece.length; i++) {
    const previous = piece[i - 1]!;
    const current = piece[i]!;
    const next = piece[i + 1] ?? '';
    const gluedWord = LOWER.test(previous) && UPPER.test(current);
    const gluedAcronym = UPPER.test(previous) && UPPER.test(current) && LOWER.test(next);
    if (!gluedWord && !gluedAcronym) continue;
    const lastWord = piece.slice(start, i).split(/\s+/).pop() ?? '';
    if (rules.namePrefixes.has(lastWord)) continue;
    if (lastWord.length < rules.minGluedPiece && !ACRONYM.test(lastWord)) continue;
    pieces.push(piece.slice(start, i).trim());
    start = i;
  }
  pieces.push(piece.slice(start).trim());
  return pieces;
}
