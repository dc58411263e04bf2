import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PresslensError } from '../core/errors.js';
import { createPipeline } from '../core/pipeline.js';
import { isLoadedFlag, MODEL_FLAG_CONFIDENCE } from '../stages/framing/summary.js';
import type { CliIo } from './io.js';

export const AUDIT_USAGE = `usage: presslens audit --data DIR [--file NAME] [--json] [--check]

Even-handedness audit of the framing stage over BABE (Spinde et al. 2021: news sentences labelled biased or
not by experts, with the outlet's political leaning). A sentence counts as flagged when presslens reports at
least one loaded-language finding in it: a lexicon or rule finding, or a model finding with confidence
≥ ${MODEL_FLAG_CONFIDENCE}, a confidence calibrated on PTC (hedges, intensifiers, contested terms and vague
attribution are not flags).

options:
  --data DIR     the BABE folder (with data/final_labels_SG2.csv) or its data/ folder
  --file NAME    which label file (default final_labels_SG2.csv; final_labels_SG1.csv also works)
  --json         print the figures as JSON
  --check        exit 1 unless |left − right| false-flag rate ≤ 2 points and biased ≥ 2× unbiased
`;

/** The audit's pass criteria (docs/NEUTRALITY.md). */
export const MAX_LEANING_GAP_POINTS = 2;
export const MIN_BIASED_RATIO = 2;

interface Row {
  text: string;
  leaning: string;
  biased: boolean | null;
}

export interface Rate {
  flagged: number;
  sentences: number;
  rate: number;
}

export interface AuditReport {
  file: string;
  sentences: number;
  unbiasedByLeaning: Record<string, Rate>;
  biased: Rate;
  unbiased: Rate;
  leaningGapPoints: number;
  biasedToUnbiased: number;
  pass: boolean;
}

export async function auditCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      file: { type: 'string', default: 'final_labels_SG2.csv' },
      json: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(AUDIT_USAGE);
    return 0;
  }
  if (!values.data) throw new PresslensError('usage', `audit needs --data DIR\n${AUDIT_USAGE}`);
  const candidates = [join(values.data, 'data', values.file), join(values.data, values.file)];
  const path = candidates.find((p) => existsSync(p));
  if (!path) throw new PresslensError('not-found', `${values.data}: no ${values.file} (looked in ${candidates.join(', ')})`);
  const report = audit(path, readBabe(path));
  io.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : renderAudit(report));
  return values.check && !report.pass ? 1 : 0;
}

export function audit(file: string, rows: readonly Row[]): AuditReport {
  const pipeline = createPipeline();
  const count = (rate: Rate, flagged: boolean) => {
    rate.sentences++;
    if (flagged) rate.flagged++;
  };
  const empty = (): Rate => ({ flagged: 0, sentences: 0, rate: 0 });
  const unbiasedByLeaning: Record<string, Rate> = {};
  const biased = empty();
  const unbiased = empty();
  for (const row of rows) {
    if (row.biased === null) continue;
    const article = pipeline.analyze({ text: row.text, verbatim: true, label: 'BABE sentence' });
    const flagged = article.framing.some(isLoadedFlag);
    if (row.biased) count(biased, flagged);
    else {
      count(unbiased, flagged);
      count((unbiasedByLeaning[row.leaning || 'unknown'] ??= empty()), flagged);
    }
  }
  for (const r of [biased, unbiased, ...Object.values(unbiasedByLeaning)]) r.rate = r.sentences ? r.flagged / r.sentences : 0;
  const left = unbiasedByLeaning.left?.rate ?? 0;
  const right = unbiasedByLeaning.right?.rate ?? 0;
  const leaningGapPoints = Math.abs(left - right) * 100;
  const biasedToUnbiased = unbiased.rate ? biased.rate / unbiased.rate : Infinity;
  return {
    file, sentences: rows.length, unbiasedByLeaning, biased, unbiased, leaningGapPoints, biasedToUnbiased,
    pass: leaningGapPoints <= MAX_LEANING_GAP_POINTS && biasedToUnbiased >= MIN_BIASED_RATIO,
  };
}

function renderAudit(r: AuditReport): string {
  const pct = (x: Rate) => `${(100 * x.rate).toFixed(1)}% (${x.flagged}/${x.sentences})`;
  const lines = [`audit ${r.file}: ${r.sentences} sentences`, 'false-flag rate on unbiased sentences, by outlet leaning:'];
  for (const [leaning, rate] of Object.entries(r.unbiasedByLeaning).sort()) lines.push(`  ${leaning.padEnd(8)} ${pct(rate)}`);
  lines.push(`flag rate: biased ${pct(r.biased)}, unbiased ${pct(r.unbiased)}`);
  lines.push(
    `audit left-right gap ${r.leaningGapPoints.toFixed(1)} points (≤ ${MAX_LEANING_GAP_POINTS}) biased/unbiased ${r.biasedToUnbiased.toFixed(2)}× (≥ ${MIN_BIASED_RATIO}) ${r.pass ? 'PASS' : 'FAIL'}`,
  );
  return lines.join('\n') + '\n';
}

/** Reads a BABE label file: ';'-separated, double-quoted fields with "" escapes, a header row. */
export function readBabe(path: string): Row[] {
  const records = parseDelimited(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), ';');
  const header = records.shift();
  const column = (name: string) => {
    const i = header?.indexOf(name) ?? -1;
    if (i < 0) throw new PresslensError('invalid-input', `${path}: no "${name}" column (expected a BABE label file)`);
    return i;
  };
  const text = column('text');
  const type = column('type');
  const label = column('label_bias');
  return records
    .filter((r) => r.length > label && r[text]!.trim())
    .map((r) => ({
      text: r[text]!,
      leaning: r[type]!.trim(),
      biased: r[label] === 'Biased' ? true : r[label] === 'Non-biased' ? false : null,
    }));
}

export function parseDelimited(content: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (quoted) {
      if (c === '"' && content[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && content[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}
