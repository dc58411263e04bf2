export { openStore, isPostgresUrl, DEFAULT_DATABASE, type OpenOptions } from './open.js';
export type * from './types.js';
export { canonicalUrl, contentHash, fingerprint, similarity, normaliseName } from './identity.js';
