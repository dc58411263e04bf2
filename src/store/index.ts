/**
 * The corpus store as a library (`import { openStore } from 'presslens/store'`): kept out of the main entry so
 * that analysing articles never loads the database drivers.
 */
export { openStore, isPostgresUrl, DEFAULT_DATABASE, type OpenOptions } from './open.js';
export type * from './types.js';
export type * from './story-cluster-types.js';
export { canonicalUrl, contentHash, fingerprint, similarity, normaliseName } from './identity.js';
export { bratFiles, csvHeader, csvRow, newsArticle, webAnnotations, EXPORT_FORMATS, type ExportFormat } from './export.js';
