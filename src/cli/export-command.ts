import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Voice } from '../core/article.js';
import { PresslensError } from '../core/errors.js';
import { bratFiles, csvHeader, csvRow, EXPORT_FORMATS, newsArticle, webAnnotations, type ExportFormat } from '../store/export.js';
import { DEFAULT_DATABASE, isPostgresUrl, openStore } from '../store/open.js';
import type { CliIo } from './io.js';

export const EXPORT_USAGE = `usage: presslens export --format FORMAT [--out PATH] [filters]

Writes stored articles (all, or those matching the filters of presslens search) in one of:
  jsonl         Article JSON, one per line (the analyze output, as stored)
  csv           one row per article: metadata and counts of entities, quotes, findings, sentence voice
  brat          brat standoff: ID.txt + ID.ann per article into the directory --out (required)
  webanno       W3C Web Annotation JSON-LD: one AnnotationPage per line
  newsarticle   schema.org NewsArticle JSON-LD, one per line

options:
  --db PATH|URL   the corpus (default ${DEFAULT_DATABASE})
  --out PATH      output file (default stdout) or, for brat, directory
  --text WORDS  --outlet O  --from DATE  --to DATE  --entity NAME  --speaker NAME  --technique T  --voice V
`;

export async function exportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: DEFAULT_DATABASE }, format: { type: 'string' }, out: { type: 'string' },
      text: { type: 'string' }, outlet: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, entity: { type: 'string' },
      speaker: { type: 'string' }, technique: { type: 'string' }, voice: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(EXPORT_USAGE);
    return 0;
  }
  const format = values.format as ExportFormat | undefined;
  if (!format || !EXPORT_FORMATS.includes(format)) throw new PresslensError('usage', `--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (format === 'brat' && !values.out) throw new PresslensError('usage', 'brat export needs --out DIRECTORY');
  if (!isPostgresUrl(values.db) && !existsSync(values.db)) throw new PresslensError('usage', `${values.db}: no corpus here; build one with presslens ingest (or give --db)`);
  const store = await openStore(values.db);
  const articles = store.articles({
    text: values.text, outlet: values.outlet, from: values.from, to: values.to, entity: values.entity,
    speaker: values.speaker, technique: values.technique, voice: values.voice as Voice | undefined,
  });
  let written = 0;
  try {
    if (format === 'brat') {
      await mkdir(values.out!, { recursive: true });
      for await (const article of articles) {
        const { txt, ann } = bratFiles(article);
        const name = article.id.replace(/[^A-Za-z0-9._-]/g, '_');
        await writeFile(join(values.out!, `${name}.txt`), txt);
        await writeFile(join(values.out!, `${name}.ann`), ann);
        written++;
      }
    } else {
      const out: Writable = values.out ? createWriteStream(values.out) : io.stdout;
      const write = (chunk: string) => (out.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
      if (format === 'csv') await write(csvHeader());
      for await (const article of articles) {
        if (format === 'csv') await write(csvRow(article));
        else {
          const value = format === 'jsonl' ? article : format === 'webanno' ? webAnnotations(article) : newsArticle(article);
          await write(`${JSON.stringify(value)}\n`);
        }
        written++;
      }
      if (values.out) await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    }
  } finally {
    await store.close();
  }
  io.stderr.write(`presslens: exported ${written} articles as ${format}${values.out ? ` to ${values.out}` : ''}\n`);
  return 0;
}
