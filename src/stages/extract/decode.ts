import chardet from 'chardet';
import iconv from 'iconv-lite';
import { PresslensError } from '../../core/errors.js';

// Real pages put <meta charset> after long <head> preambles (scripts, styles); browsers look at 1 KiB, we look further.
const SNIFF_BYTES = 16384;
// The WHATWG Encoding standard decodes these labels as windows-1252 (browsers do; pages rely on it for “ ” – €).
const WINDOWS_1252_ALIASES = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp819', 'ibm819', 'iso_8859-1']);


/** True when the bytes look like a binary file (NUL bytes or a known binary signature) rather than text. */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, Math.min(bytes.length, 8192));
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return true; // %PDF
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return true; // PNG
  if (startsWith(head, [0xff, 0xd8, 0xff])) return true; // JPEG
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return true; // ZIP
  if (startsWith(head, [0x1f, 0x8b])) return true; // gzip
  // UTF-16 with a BOM legitimately contains NUL bytes.
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return false;
  return head.includes(0);
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

function charsetFromBom(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  return null;
}

export function charsetFromContentType(contentType: string | undefined): string | null {
  const match = contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i);
  return match?.[1]?.toLowerCase() ?? null;
}

function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, SNIFF_BYTES)).toString('latin1');
  const match =
    head.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i) ??
    head.match(/<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i);
  return match?.[1]?.toLowerCase() ?? null;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export interface Decoded {
  text: string;
  charset: string;
  /** How the charset was chosen: bom, header, meta, utf-8 (valid), detected. */
  method: 'bom' | 'header' | 'meta' | 'utf-8' | 'detected';
}

/**
 * Decodes page bytes: a BOM wins, then the HTTP header's charset, then a <meta charset>; without any,
 * valid UTF-8 is taken as UTF-8 and anything else is detected statistically.
 */
export function decodeBytes(bytes: Uint8Array, label: string, contentType?: string, html = true): Decoded {
  if (bytes.length === 0) throw new PresslensError('empty-input', `${label}: input is empty`);
  if (looksBinary(bytes)) throw new PresslensError('binary-input', `${label}: input is binary, not HTML or text`);
  const bom = charsetFromBom(bytes);
  if (bom) return { text: iconv.decode(Buffer.from(bytes), bom, { stripBOM: true }), charset: bom, method: 'bom' };
  const declaredLabel = charsetFromContentType(contentType) ?? (html ? charsetFromMeta(bytes) : null);
  const declared = declaredLabel && WINDOWS_1252_ALIASES.has(declaredLabel) ? 'windows-1252' : declaredLabel;
  if (declared && iconv.encodingExists(declared)) {
    const utf8ish = /^utf-?8$/.test(declared);
    // Pages that declare UTF-8 but are not are common; trust the bytes over the label then.
    if (!utf8ish || isValidUtf8(bytes)) {
      return { text: iconv.decode(Buffer.from(bytes), declared), charset: declared, method: contentType ? 'header' : 'meta' };
    }
  }
  if (isValidUtf8(bytes)) return { text: Buffer.from(bytes).toString('utf8'), charset: 'utf-8', method: 'utf-8' };
  const guess = (chardet.detect(bytes) ?? 'windows-1252').toLowerCase();
  const charset = iconv.encodingExists(guess) && !/^utf-?(8|16|32)/.test(guess) ? guess : 'windows-1252';
  return { text: iconv.decode(Buffer.from(bytes), charset), charset, method: 'detected' };
}
