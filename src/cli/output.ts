import type { Writable } from 'node:stream';
import type { ArticleJson } from '../core/article.js';
import type { ErrorCode } from '../core/errors.js';
import { HTML_PAGE_END, htmlPageStart, renderArticleSection, renderHtml } from './formats/html.js';
import { renderText } from './formats/text.js';

export type OutputFormat = 'json' | 'jsonl' | 'text' | 'html';

export interface Outcome {
  label: string;
  id: string | null;
  article?: ArticleJson;
  /** The Article as one line of JSON, when a worker thread serialised it (JSONL output needs nothing else). */
  articleJson?: string;
  error?: { code: ErrorCode; message: string };
}

/** Writes outcomes in order in the chosen format; failed inputs appear only in JSONL (as error objects). */
export class OutputWriter {
  private count = 0;

  constructor(private readonly out: Writable, private readonly format: OutputFormat, private readonly asArray: boolean) {}

  async write(outcome: Outcome): Promise<void> {
    let chunk: string | null = null;
    if (this.format === 'jsonl') {
      chunk = (outcome.articleJson ?? JSON.stringify(outcome.article ?? { id: outcome.id ?? outcome.label, error: outcome.error })) + '\n';
    } else if (outcome.article) {
      if (this.format === 'json') {
        const body = JSON.stringify(outcome.article, null, 2);
        chunk = this.asArray ? (this.count === 0 ? '[\n' : ',\n') + body : body + '\n';
      } else if (this.format === 'text') {
        chunk = (this.count === 0 ? '' : '\n' + '─'.repeat(72) + '\n\n') + renderText(outcome.article);
      } else if (this.asArray) {
        // A batch is one page with one <article> per input.
        chunk = (this.count === 0 ? htmlPageStart('presslens analysis', null) : '') + renderArticleSection(outcome.article);
      } else {
        chunk = renderHtml(outcome.article);
      }
      this.count++;
    }
    if (chunk !== null && !this.out.write(chunk)) await new Promise((resolve) => this.out.once('drain', resolve));
  }

  async end(): Promise<void> {
    if (!this.asArray) return;
    let tail = '';
    if (this.format === 'json') tail = this.count === 0 ? '[]\n' : '\n]\n';
    if (this.format === 'html') tail = (this.count === 0 ? htmlPageStart('presslens analysis', null) : '') + HTML_PAGE_END;
    if (tail && !this.out.write(tail)) await new Promise((resolve) => this.out.once('drain', resolve));
  }
}
