import { createHash } from 'node:crypto';

/** A stable id for content that came without one: the first 16 hex digits of its SHA-256. */
export function contentId(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}
