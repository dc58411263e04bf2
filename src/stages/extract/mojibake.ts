/**
 * Repairs a page whose UTF-8 bytes were decoded as windows-1252 ("KÅamliwym" for "Kłamliwym", "Ã©" for "é"):
 * archived pages and misconfigured servers mislabel their charset, or mix in a stray byte that makes a
 * strict UTF-8 decoder give up on the whole page. The repair is taken only when the text reads like that
 * mistake through and through, and when re-reading it gives valid text.
 */

/** windows-1252's decoding of each byte, reversed: the byte a character came from. */
const BYTE_OF = (() => {
  const table = new Map<number, number>();
  const decoded = new TextDecoder('windows-1252').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  for (let byte = 0; byte < 256; byte++) table.set(decoded.charCodeAt(byte), byte);
  // The five bytes windows-1252 leaves undefined decode to the C1 control of the same number.
  for (const byte of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) table.set(byte, byte);
  return table;
})();

/** A UTF-8 lead byte (Â…ô) followed by a continuation byte (0x80–0xBF), both as windows-1252 shows them. */
const MOJIBAKE_PAIR = /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/g;
const NON_ASCII = /[^\x00-\x7f]/g;

/** Pairs needed before a page counts as mis-decoded, and the share of its non-ASCII text they must make up. */
const MIN_PAIRS = 10;
const MIN_SHARE = 0.6;
/** Replacement characters tolerated per repaired pair (a few stray bytes in an otherwise UTF-8 page). */
const MAX_BROKEN_PER_PAIR = 0.05;

export function repairMojibake(text: string): string {
  const pairs = text.match(MOJIBAKE_PAIR)?.length ?? 0;
  if (pairs < MIN_PAIRS) return text;
  const nonAscii = text.match(NON_ASCII)?.length ?? 0;
  if (2 * pairs < MIN_SHARE * nonAscii) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = BYTE_OF.get(text.charCodeAt(i));
    // A character windows-1252 cannot produce: the text was not read that way.
    if (byte === undefined) return text;
    bytes[i] = byte;
  }
  const repaired = new TextDecoder('utf-8').decode(bytes);
  const broken = repaired.split('\ufffd').length - 1;
  return broken <= MAX_BROKEN_PER_PAIR * pairs ? repaired : text;
}
