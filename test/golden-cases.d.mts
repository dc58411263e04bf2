// Types for golden-cases.mjs (plain ESM so scripts/add-case.mjs can use it without a build).
import type { AnalyzeInput, ArticleJson } from '../src/index.js';

export const CASES_DIR: string;
export function goldenProjection(article: ArticleJson): Record<string, unknown>;
export function listCases(): string[];
export function readCase(name: string): {
  dir: string;
  input: AnalyzeInput;
  options: { verbatim?: boolean; url?: string; limits?: Record<string, number> };
  expectedPath: string;
  expected: Record<string, unknown> | null;
};
export function formatExpected(article: ArticleJson): string;
