import type { Message } from '../core/article.js';
import { decodeBytes } from '../stages/extract/decode.js';

/**
 * Decodes the bytes of a plain-text input. Bytes that are not valid UTF-8 (and carry no BOM or declared
 * charset) are decoded with a detected charset rather than refused, and the article says so in a warning:
 * scraped text in windows-1252 or latin-1 is common and still worth reading.
 */
export function decodeText(bytes: Uint8Array, label: string, contentType?: string): { text: string; messages: Message[] } {
  const decoded = decodeBytes(bytes, label, contentType, false);
  const messages: Message[] = decoded.method === 'detected'
    ? [{ level: 'warning', ruleId: 'input/charset-detected', message: `${label}: not valid UTF-8; decoded as ${decoded.charset} (detected)` }]
    : [];
  return { text: decoded.text, messages };
}
