import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ArticleJson } from '../core/article.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/article.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

/** Validates an article against the JSON Schema and checks every span lies inside `text`. Returns problems. */
export function articleProblems(article: ArticleJson): string[] {
  const problems = validate(article) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  const n = article.text.length;
  const check = (where: string, span: { start: number; end: number } | null | undefined) => {
    if (span && !(span.start >= 0 && span.start <= span.end && span.end <= n)) problems.push(`${where}: span ${span.start}-${span.end} outside text of ${n}`);
  };
  article.blocks.forEach((b, i) => check(`blocks[${i}]`, b));
  article.sentences.forEach((s, i) => check(`sentences[${i}]`, s));
  article.entities.forEach((e) => e.mentions.forEach((m, i) => check(`${e.id}.mentions[${i}]`, m)));
  article.quotes.forEach((q) => [q, q.cue, q.speaker.mention].forEach((s) => check(q.id, s)));
  article.framing.forEach((f, i) => check(`framing[${i}]`, f));
  return problems;
}
