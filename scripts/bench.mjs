#!/usr/bin/env node
// npm run bench [-- --limit N] [--only SECTION] [--store-results FILE]: runs every bench section and writes docs/BENCHMARKS.md.
// Each section measures presslens and, where one exists, a baseline in the same run on the same machine, using
// the independent harness in ../shared/eval (never copied into the repo). A section whose data is missing says
// so in the report instead of failing. To add a section (NER tokens/s, pipeline words/s, store ingest…), append
// an object to SECTIONS: { name, title, available() -> string|null (why not), run(ctx) -> markdown }.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = resolve(ROOT, process.env.PRESSLENS_SHARED ?? '../shared');
const EVAL = join(SHARED, 'eval');
const CLI = join(ROOT, 'dist/cli/main.js');

const { values } = parseArgs({ options: { limit: { type: 'string' }, only: { type: 'string' }, out: { type: 'string' }, 'store-results': { type: 'string' } } });

/** Runs the shared harness for one command; returns its report.json. */
function runHarness(task, data, cmd, label) {
  const out = mkdtempSync(join(tmpdir(), `presslens-bench-${label}-`));
  const args = ['run-bench.mjs', '--task', task, '--data', data, '--cmd', cmd, '--out', out];
  if (values.limit) args.push('--limit', values.limit);
  console.error(`bench: ${label}: node ${args.join(' ')}`);
  const run = spawnSync(process.execPath, args, { cwd: EVAL, stdio: ['ignore', 'inherit', 'inherit'] });
  const reportPath = join(out, 'report.json');
  if (!existsSync(reportPath)) throw new Error(`${label}: the harness wrote no report (exit ${run.status})`);
  return JSON.parse(readFileSync(reportPath, 'utf8'));
}

const f3 = (x) => (typeof x === 'number' ? x.toFixed(3) : '–');
const f1 = (x) => (typeof x === 'number' ? x.toFixed(1) : '–');

const SECTIONS = [
  {
    name: 'extraction',
    title: 'Extraction from HTML (trafilatura evaluation set)',
    data: join(SHARED, 'bench/extraction/trafilatura-eval'),
    available() {
      if (!existsSync(join(EVAL, 'run-bench.mjs'))) return `${EVAL}/run-bench.mjs not found (set PRESSLENS_SHARED or put shared/ beside the repo)`;
      if (!existsSync(this.data)) return `${this.data} not found`;
      return null;
    },
    run() {
      execFileSync(process.execPath, ['baselines/deps.mjs'], { cwd: EVAL, stdio: ['ignore', 'ignore', 'inherit'] });
      const task = 'extraction-trafilatura';
      const systems = [
        { label: 'Readability.js 0.6.0 on linkedom (baseline)', cmd: 'node baselines/readability-cli.mjs' },
        { label: 'presslens (--extract-only), worker threads: one per core', cmd: `node ${CLI} --extract-only` },
        { label: 'presslens (--extract-only), one thread like the baseline', cmd: `node ${CLI} --extract-only --jobs=1` },
      ];
      const reports = systems.map((s, i) => ({ ...s, report: runHarness(task, this.data, s.cmd, i === 0 ? 'baseline' : 'presslens') }));
      const [baseline, ours, oursOneThread] = reports.map((r) => r.report);
      const row = ({ label, cmd, report: r }) => {
        const m = r.metrics;
        const md = m.metadata;
        return `| ${label} | ${r.items} | ${f1(r.perSecond)} | ${f3(m.f1)} | ${f3(m.precision)} | ${f3(m.recall)} | ${f3(md.title.accuracyNonEmpty)} | ${f3(md.date.accuracyNonEmpty)} | ${f3(md.author.accuracyNonEmpty)} | \`${cmd}\` |`;
      };
      return [
        'Segment F1 is trafilatura\'s own metric (each `with` snippet found = hit, each `without` snippet found = false positive,',
        'summed over pages); metadata is accuracy over pages whose gold value is not empty (title, date, author).',
        'Throughput is pages per second of wall time for the whole command, start-up included, the systems run one after',
        `the other in this run (\`node run-bench.mjs --task ${task} --data ../bench/extraction/trafilatura-eval --cmd CMD\`${values.limit ? ` --limit ${values.limit}` : ''}, from \`../shared/eval\`).`,
        'Published anchors on the same pages and metric: trafilatura 2.2.0 F1 0.924; Readability on linkedom 0.886.',
        '',
        '| system | pages | pages/s | F1 | P | R | title | date | author | command |',
        '|---|---|---|---|---|---|---|---|---|---|',
        ...reports.map(row),
        '',
        `Speed ratio presslens / baseline: **${(ours.perSecond / baseline.perSecond).toFixed(1)}×** as presslens runs a batch by default (${availableParallelism()} worker threads on this machine); ${(oursOneThread.perSecond / baseline.perSecond).toFixed(1)}× on one thread, as the baseline runs.`,
      ].join('\n');
    },
  },
  {
    name: 'pipeline',
    title: 'Whole pipeline on one core (PTC training articles as scraped text)',
    data: join(SHARED, 'bench/framing/ptc/train-articles'),
    available() {
      return existsSync(this.data) ? null : `${this.data} not found`;
    },
    run() {
      return stageTable(this.data).join('\n');
    },
  },
  ...[
    ['ner', 'Entities: CoNLL-2003 testa (entity F1)', 'ner-conll', 'ner/conll2003', 'testa'],
    ['quotes', 'Quotes: PolNeAR dev', 'quotes-polnear', 'quotes/polnear', 'dev'],
    ['framing', 'Framing: PTC dev-own (71 tuning articles)', 'framing-ptc', 'framing/ptc', 'dev-own'],
  ].map(([name, title, task, data, split]) => ({
    name,
    title,
    data: join(SHARED, 'bench', data),
    available() {
      if (!existsSync(join(EVAL, 'run-bench.mjs'))) return `${EVAL}/run-bench.mjs not found`;
      return existsSync(this.data) ? null : `${this.data} not found`;
    },
    run() {
      const out = mkdtempSync(join(tmpdir(), `presslens-bench-${name}-`));
      const args = ['run-bench.mjs', '--task', task, '--data', `../bench/${data}`, '--split', split, '--cmd', `node ${CLI}`, '--out', out];
      if (values.limit) args.push('--limit', values.limit);
      console.error(`bench: ${name}: node ${args.join(' ')}`);
      const run = spawnSync(process.execPath, args, { cwd: EVAL, encoding: 'utf8' });
      const headline = run.stdout.trim().split('\n').pop();
      const shown = args.slice(0, -2).map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ');
      return [`\`node ${shown}\` (from ../shared/eval):`, '', '```', headline, '```'].join('\n');
    },
  })),
  {
    name: 'store',
    title: 'Corpus store and ingest (synthetic corpora, SQLite and PostgreSQL)',
    available() {
      return null;
    },
    run() {
      // --store-results FILE renders what `bench-store.mjs --out FILE` measured (its sections can be run one at
      // a time: the full set takes an hour on a loaded 2-core machine); each section names its command.
      if (values['store-results']) return storeMarkdown(JSON.parse(readFileSync(values['store-results'], 'utf8')));
      const out = join(mkdtempSync(join(tmpdir(), 'presslens-bench-store-')), 'store.json');
      // --limit shrinks the corpora for a quick look; the targets are stated at full size.
      const sizes = values.limit
        ? ['--articles', values.limit, '--search-articles', String(Number(values.limit) * 10), '--pg-search-articles', values.limit, '--warc-mb', '16']
        : ['--articles', '1000', '--search-articles', '100000', '--pg-search-articles', '10000', '--warc-mb', '1024', '--warc-extract-only'];
      const args = ['scripts/bench-store.mjs', ...sizes, '--out', out];
      console.error(`bench: store: node ${args.join(' ')}`);
      execFileSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      return storeMarkdown(JSON.parse(readFileSync(out, 'utf8')));
    },
  },
];

/** The store bench's JSON (scripts/bench-store.mjs) as the BENCHMARKS.md section. */
function storeMarkdown(r) {
  const num = (x, digits = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '–');
  const provenance = (section) => `Finished ${section.measuredAt.slice(0, 16).replace('T', ' ')} UTC: \`${section.command}\`, load average at its start ${section.load}.`;
  const lines = [
    `${r.machine.cores} cores shared with other engineers' work: wall-clock rates depend on the load given with each table;`,
    'CPU ms per article does not. Corpora from `src/bench/synthetic.ts` (~600-word articles, 12 fictional outlets,',
    'Zipf-distributed people and organisations, direct and reported quotes, vague attributions, loaded words).',
    '',
  ];
  const ingest = r.ingest;
  if (ingest) {
    const row = (label, x) => (typeof x === 'string' ? `| ${label} | ${x} | | |` : `| ${label} | ${num(x.perSecond)} | ${num(x.cpuMsPerArticle, 2)} | ${num(x.perSecondOnIdleCores, 0)} |`);
    lines.push(
      `### Ingest: ${ingest.articles} text articles of ${ingest.wordsPerArticle} words, full analysis, --jobs ${ingest.jobs}`,
      '',
      `${provenance(ingest)} Target: ≥ 300 articles/s on 2 cores into SQLite. The baseline is \`presslens analyze\` on the`,
      'same input in the same run (analysis alone, nothing stored).',
      '',
      '| | articles/s (wall) | CPU ms per article | articles/s the CPU cost allows on idle cores |',
      '|---|---|---|---|',
      row('`presslens analyze` (baseline)', ingest.analyzeOnly),
      row('`presslens ingest` into SQLite', ingest.sqlite),
      row('`presslens ingest` into PostgreSQL', ingest.postgres),
      '',
      'PostgreSQL CPU counts the client process only (the server is separate processes on the same cores).',
      '',
    );
  }
  const search = r.search;
  if (search) {
    const kinds = Object.keys(search.sqlite?.byKind ?? search.postgres?.byKind ?? {});
    const cell = (side, kind) => {
      const s = typeof side === 'object' ? (kind ? side.byKind[kind] : side.all) : null;
      return s ? `${num(s.p50)} | ${num(s.p95)}` : '– | –';
    };
    lines.push(
      `### Search: ${search.queries} queries, SQLite at ${search.articles} articles, PostgreSQL at ${search.postgres?.articles ?? '–'}`,
      '',
      `${provenance(search)} Target: p95 ≤ 30 ms at 100k articles on SQLite. The mix (10 kinds in turn, \`limit 20\`, 20`,
      'warm-up queries first, one after the other in one process) is `queryMix` in scripts/bench-store.mjs. Milliseconds:',
      '',
      '| query kind | SQLite p50 | SQLite p95 | PostgreSQL p50 | PostgreSQL p95 |',
      '|---|---|---|---|---|',
      `| **all** | ${cell(search.sqlite, null)} | ${cell(search.postgres, null)} |`,
      ...kinds.map((kind) => `| ${kind} | ${cell(search.sqlite, kind)} | ${cell(search.postgres, kind)} |`),
      '',
      `Loading (saveArticles in batches of 200, annotated articles, no analysis): SQLite ${search.sqlite?.loaded ? `${num(search.sqlite.loadPerSecond)} articles/s` : 'corpus loaded by an earlier run (--search-db)'}` +
        `${typeof search.postgres === 'object' ? `, PostgreSQL ${num(search.postgres.loadPerSecond)} articles/s` : ''}.` +
        ` Outlet profiles of all outlets (one query, not in the mix): SQLite ${num(search.sqlite?.outletProfilesAllMs, 0)} ms` +
        `${typeof search.postgres === 'object' ? `, PostgreSQL ${num(search.postgres.outletProfilesAllMs, 0)} ms` : ''}.`,
      typeof search.postgres === 'string' ? `PostgreSQL: ${search.postgres}.` : '',
      '',
    );
  }
  const warc = r.warc;
  if (warc) {
    lines.push(
      `### Memory while streaming a ${num(warc.warcBytes / 2 ** 30, 2)} GiB WARC.gz`,
      '',
      `${provenance(warc)} ${warc.records} records, each a ~600-word article in ~${Math.round(warc.htmlBytesPerRecord / 1024)} KB of page HTML`,
      '(menus, links, scripts: one of four variants per outlet, compressed once and shared, so a record is three gzip members),',
      `written by \`src/bench/warc-writer.ts\` to a temporary file, ingested with the ${warc.pipeline} pipeline into SQLite, then`,
      'deleted. RSS of the whole process (main thread and analysis workers), sampled every 250 ms:',
      '',
      '| records/s | start (5 s in) | mean of the first tenth | peak | mean of the last tenth | end |',
      '|---|---|---|---|---|---|',
      `| ${num(warc.recordsPerSecond)} | ${num(warc.rssMb.start, 0)} MB | ${num(warc.rssMb.firstTenthMean, 0)} MB | ${num(warc.rssMb.peak, 0)} MB | ${num(warc.rssMb.lastTenthMean, 0)} MB | ${num(warc.rssMb.end, 0)} MB |`,
      '',
      `RSS over time (s → MB): ${warc.rssTimeline.map(([t, mb]) => `${Math.round(t)} → ${Math.round(mb)}`).join(', ')}.`,
      '',
    );
  }
  return lines.join('\n');
}

/** The pipeline's words/s and each stage's share of its 10 µs/word budget (scripts/bench-stages.mjs). */
function stageTable(data) {
  const args = ['scripts/bench-stages.mjs', data, '--rounds', '2'];
  console.error(`bench: pipeline stages: node ${args.join(' ')}`);
  const r = JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' }));
  return [
    `${r.articles} articles, ${r.words} words, each stage timed alone in one thread in process (\`node ${args.join(' ')}\`);`,
    `best of ${r.rounds} rounds. CPU time counts only this process, so it is the fairer figure on a shared machine.`,
    'Target: ≥ 100k words/s for the analysis stages together (extraction excluded), a budget of 10 µs per word.',
    '',
    `Analysis stages together: **${r.analysisWordsPerSecond} words/s** (wall), **${r.analysisWordsPerSecondCpu} words/s** (CPU).`,
    '',
    '| stage | words/s (wall) | µs/word (wall) | µs/word (CPU) |',
    '|---|---|---|---|',
    ...Object.entries(r.perStage).map(([stage, m]) => `| ${stage} | ${m.wordsPerSecond} | ${m.microsecondsPerWord} | ${m.cpuMicrosecondsPerWord} |`),
  ];
}

function machine() {
  const list = cpus();
  return `${list.length} × ${list[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || 'unknown';
const selected = SECTIONS.filter((s) => !values.only || s.name === values.only);
if (!existsSync(CLI)) {
  console.error(`bench: ${CLI} is missing: run npm run build first`);
  process.exit(2);
}
const parts = [
  'Written by `npm run bench` (scripts/bench.mjs); do not edit by hand. Figures are measured, on a shared machine when',
  'so noted: compare systems within one run, not across runs.',
  '',
  `- date: ${new Date().toISOString()}`,
  `- machine: ${machine()}`,
  `- commit: ${commit}`,
  '',
];
let failed = false;
const sectionParts = [];
for (const section of selected) {
  const when = `Measured ${new Date().toISOString()} at commit ${commit}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`;
  const body = [`<!-- bench:section:${section.name} -->`, `## ${section.title}`, '', when, ''];
  const missing = section.available();
  if (missing) {
    console.error(`bench: ${section.name}: skipped: ${missing}`);
    body.push(`Not measured in this run: ${missing}.`, '');
  } else {
    try {
      body.push(section.run(), '');
    } catch (error) {
      failed = true;
      console.error(`bench: ${section.name}: ${error.message}`);
      body.push(`Failed in this run: ${error.message}`, '');
    }
  }
  body.push(`<!-- bench:section:${section.name}:end -->`, '');
  sectionParts.push({ name: section.name, text: body.join('\n') });
  parts.push(body.join('\n'));
}
const outPath = values.out ? resolve(values.out) : join(ROOT, 'docs/BENCHMARKS.md');
mkdirSync(dirname(outPath), { recursive: true });
// --only SECTION replaces that section alone and keeps the others (and the header) of the last full run.
writeFileSync(outPath, values.only ? withSections(outPath, sectionParts) : withGeneratedPart(outPath, parts.join('\n')));
console.error(`bench: wrote ${outPath}`);
process.exit(failed ? 1 : 0);

/** Replaces (or adds, at the end of the generated part) the given sections, each between its own markers. */
function withSections(path, sections) {
  let text = existsSync(path) ? readFileSync(path, 'utf8') : withGeneratedPart(path, '');
  for (const { name, text: body } of sections) {
    const start = `<!-- bench:section:${name} -->`;
    const end = `<!-- bench:section:${name}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from >= 0 && to > from) text = text.slice(0, from) + body.trimEnd() + text.slice(to + end.length);
    else {
      const generatedEnd = text.indexOf('<!-- bench:generated:end -->');
      text = `${text.slice(0, generatedEnd)}${body}${text.slice(generatedEnd)}`;
    }
  }
  return text;
}

/**
 * Replaces only the generated part of the file (between the bench markers), keeping the sections that other
 * bench scripts (server, store, clustering) maintain below it.
 */
function withGeneratedPart(path, generated) {
  const START = '<!-- bench:generated:start -->';
  const END = '<!-- bench:generated:end -->';
  const block = `${START}\n${generated.trimEnd()}\n${END}`;
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const from = previous.indexOf(START);
  const to = previous.indexOf(END);
  if (from < 0 || to < from) return `# Benchmarks\n\n${block}\n${previous.replace(/^# Benchmarks\n+/, '\n')}`;
  return previous.slice(0, from) + block + previous.slice(to + END.length);
}
