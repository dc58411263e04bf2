import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { EntityType } from '../core/article.js';
import { PresslensError } from '../core/errors.js';
import { createPipeline } from '../core/pipeline.js';
import { parseConll, scoreSpans, type GoldSpan, type TypeScore } from '../stages/entities/conll.js';
import type { CliIo } from './io.js';

export const EVAL_NER_USAGE = `usage: presslens eval ner --conll FILE [--format text|json] [--types auto|conll|contract]

Scores presslens's entities against CoNLL gold (one token a line, word first, IOB/IOBES tag last, blank line
between sentences, -DOCSTART- between documents). Each document is analysed as verbatim text: tokens joined by
one space, sentences by a newline. Exact (start, end, type) matches, micro-averaged, per type (conlleval-style).

  --types conll     map presslens types onto PER/ORG/LOC/MISC (PERSON→PER, GPE/LOC/FAC→LOC, others→MISC)
  --types contract  compare the contract's types as written in the gold (PERSON, ORG, GPE, …)
  --types auto      conll when every gold type is one of PER/ORG/LOC/MISC (default)
`;

const TO_CONLL: Record<EntityType, string> = {
  PERSON: 'PER', ORG: 'ORG', GPE: 'LOC', LOC: 'LOC', FAC: 'LOC',
  NORP: 'MISC', EVENT: 'MISC', WORK: 'MISC', PRODUCT: 'MISC', LAW: 'MISC', MISC: 'MISC',
};
const CONLL_TYPES = new Set(['PER', 'ORG', 'LOC', 'MISC']);

export async function evalNerCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      conll: { type: 'string' },
      format: { type: 'string', default: 'text' },
      types: { type: 'string', default: 'auto' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(EVAL_NER_USAGE);
    return 0;
  }
  if (!values.conll) throw new PresslensError('usage', 'eval ner needs --conll FILE');
  if (!['text', 'json'].includes(values.format)) throw new PresslensError('usage', `unknown --format ${values.format} (text or json)`);
  if (!['auto', 'conll', 'contract'].includes(values.types)) throw new PresslensError('usage', `unknown --types ${values.types}`);
  let content: string;
  try {
    content = await readFile(values.conll, 'utf8');
  } catch (error) {
    throw new PresslensError('not-found', `${values.conll}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let documents;
  try {
    documents = parseConll(content);
  } catch (error) {
    throw new PresslensError('invalid-input', `${values.conll}: ${(error as Error).message}`);
  }
  if (!documents.length) throw new PresslensError('empty-input', `${values.conll}: no tokens found`);
  const conllTypes = values.types === 'conll' || (values.types === 'auto' && documents.every((d) => d.spans.every((s) => CONLL_TYPES.has(s.type))));
  const pipeline = createPipeline();
  const predicted: GoldSpan[][] = documents.map((doc, index) => {
    const article = pipeline.analyze({ id: `doc-${index + 1}`, text: doc.text, verbatim: true, label: `${values.conll} document ${index + 1}` });
    return article.entities.flatMap((e) => e.mentions.map((m) => ({ start: m.start, end: m.end, type: conllTypes ? TO_CONLL[e.type] : e.type })));
  });
  const scores = scoreSpans(documents.map((d) => d.spans), predicted);
  if (values.format === 'json') {
    io.stdout.write(JSON.stringify({ file: values.conll, documents: documents.length, types: conllTypes ? 'conll' : 'contract', ...scores }, null, 2) + '\n');
    return 0;
  }
  const row = (label: string, s: TypeScore) =>
    `${label.padEnd(8)} P ${s.precision.toFixed(4)}  R ${s.recall.toFixed(4)}  F1 ${s.f1.toFixed(4)}  (tp ${s.tp} fp ${s.fp} fn ${s.fn})\n`;
  io.stdout.write(`${values.conll}: ${documents.length} documents, ${documents.reduce((n, d) => n + d.spans.length, 0)} gold entities (${conllTypes ? 'CoNLL types' : 'contract types'})\n`);
  io.stdout.write(row('overall', scores.overall));
  for (const [type, s] of Object.entries(scores.perType)) io.stdout.write(row(type, s));
  return 0;
}
