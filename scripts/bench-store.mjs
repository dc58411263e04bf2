#!/usr/bin/env node
/**
 * Store and ingest benchmarks (run after `npm run build`):
 *
 *   node scripts/bench-store.mjs [--section ingest|search|warc|all] [--articles N] [--search-articles N]
 *                                [--pg-search-articles N] [--warc-mb N] [--page-kb N] [--warc-extract-only] [--warc-dates random|ordered] [--jobs N]
 *                                [--no-postgres] [--no-sqlite] [--search-db FILE] [--pg-copy-search-db] [--out FILE]
 *
 * ingest  ~600-word synthetic text articles (src/bench/synthetic.ts) through `presslens ingest` with the full
 *         pipeline of this tree, into SQLite and into a throwaway PostgreSQL cluster; the same input through
 *         `presslens analyze` is the baseline measured in the same run (analysis alone, no store).
 * search  a corpus of N annotated synthetic articles (entities, quotes, voice, framing) saved straight into
 *         the store, then a fixed mix of searches (full text, filters, quotes, entities; each kind with every
 *         word in turn); p50/p95 per kind in wall-clock and in CPU milliseconds of this process (SQLite runs in
 *         it, so CPU time is a query's cost whatever else shares the cores; for PostgreSQL it is the client's
 *         share only). Loading 100k articles took 33 minutes at load 10–12 (about 125/s while the loader had a
 *         core, 51/s overall): keep the corpus with --search-db FILE and later runs reuse it (a smaller one is
 *         topped up). --pg-copy-search-db fills PostgreSQL by copying the SQLite corpus row for row
 *         (scripts/bench-support/copy-corpus-to-postgres.mjs: 100k articles in 11 minutes instead of about 90
 *         through saveArticles, whose dozen round trips per article limit it to ~19 articles/s here).
 * warc    writes a WARC.gz of --warc-mb MB (default 1024) of synthetic pages padded to a real page's weight
 *         (--page-kb, default 80 KB of HTML each), streams it through `presslens ingest` (full pipeline, or
 *         --warc-extract-only) into SQLite, samples the process's RSS every 250 ms, then deletes the file.
 *         --warc-dates random (default: each page a random day of two years, the worst case for the story
 *         clusterer's memory) or ordered (dated in stream order, as a crawl arrives).
 *
 * Prints one JSON object per section; --out writes them all as JSON (merged into the file when it exists, so the
 * sections can be measured one at a time; each records its command, time and load). `npm run bench` renders it.
 */
import { spawn } from 'node:child_process';
import { setInterval, clearInterval } from 'node:timers';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url);
const dist = (p) => new URL(`dist/${p}`, root).href;
const CLI = new URL('dist/cli/main.js', root).pathname;
const { syntheticArticle, syntheticPageChrome } = await import(dist('bench/synthetic.js'));
const { warcResponseRecordSharing, warcInfoRecord } = await import(dist('bench/warc-writer.js'));
const { startCluster, postgresUnavailable } = await import(dist('bench/pg-cluster.js'));
const { openStore } = await import(dist('store/open.js'));
const { copyCorpusToPostgres } = await import(new URL('scripts/bench-support/copy-corpus-to-postgres.mjs', root).href);

const { values } = parseArgs({
  options: {
    section: { type: 'string', default: 'all' },
    articles: { type: 'string', default: '2000' },
    'search-articles': { type: 'string', default: '100000' },
    'search-queries': { type: 'string', default: '400' },
    'warc-mb': { type: 'string', default: '1024' },
    'page-kb': { type: 'string', default: '80' },
    'warc-extract-only': { type: 'boolean', default: false },
    'warc-dates': { type: 'string', default: 'random' },
    jobs: { type: 'string', default: String(availableParallelism()) },
    'no-postgres': { type: 'boolean', default: false },
    'no-sqlite': { type: 'boolean', default: false },
    'search-db': { type: 'string' },
    'pg-search-articles': { type: 'string' },
    'pg-copy-search-db': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const sections = values.section === 'all' ? ['ingest', 'search', 'warc'] : values.section.split(',');
const tmp = mkdtempSync(join(tmpdir(), 'presslens-bench-store-'));
const pgMissing = values['no-postgres'] ? 'disabled with --no-postgres' : postgresUnavailable();
let cluster = null;
const results = { machine: { cores: availableParallelism(), load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '), node: process.version } };

function run(args, { sampleRss = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // /usr/bin/time reports CPU seconds (a load-independent cost) and peak RSS of the whole process tree.
    const timed = existsSync('/usr/bin/time');
    const child = timed
      ? spawn('/usr/bin/time', ['-f', 'BENCH-TIME %U %S %M', process.execPath, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c.length < 4096 ? c : ''));
    child.stderr.on('data', (c) => (stderr += c));
    const samples = [];
    const timer = sampleRss ? setInterval(() => {
      try {
        // Under /usr/bin/time the node process is its child.
        const pid = timed ? readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0] : child.pid;
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        samples.push({ t: (performance.now() - started) / 1000, rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024 });
      } catch { /* exited */ }
    }, 250) : null;
    child.on('error', reject);
    child.on('close', (status) => {
      if (timer) clearInterval(timer);
      const time = /BENCH-TIME ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      const cpuSeconds = time ? Number(time[1]) + Number(time[2]) : null;
      const peakRssMb = time ? Number(time[3]) / 1024 : null;
      resolve({ status, stdout, stderr, seconds: (performance.now() - started) / 1000, samples, cpuSeconds, peakRssMb });
    });
  });
}

async function writeLines(path, count, line) {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) if (!out.write(`${line(i)}\n`)) await new Promise((r) => out.once('drain', r));
  await new Promise((r) => out.end(r));
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function pgUrl(name) {
  cluster ??= await startCluster();
  return cluster.createDatabase(name);
}

async function benchIngest() {
  const n = Number(values.articles);
  const input = join(tmp, 'articles.jsonl');
  await writeLines(input, n, (i) => JSON.stringify({ id: `b${i}`, text: syntheticArticle(i, { seed: 101 }).text }));
  const words = syntheticArticle(0, { seed: 101 }).text.split(/\s+/).length;
  const jobs = values.jobs;
  const analyze = await run(['analyze', '--input-format', 'jsonl', '--format', 'jsonl', '--jobs', jobs, input]);
  const section = { articles: n, wordsPerArticle: words, jobs: Number(jobs), analyzeOnly: cost(analyze, n) };
  const sqlite = await run(['ingest', input, '--db', join(tmp, 'ingest.db'), '--jobs', jobs, '--no-progress']);
  if (sqlite.status !== 0) throw new Error(`sqlite ingest failed: ${sqlite.stderr}`);
  section.sqlite = { ...cost(sqlite, n), dbBytes: statSync(join(tmp, 'ingest.db')).size };
  if (!pgMissing) {
    const pgRun = await run(['ingest', input, '--db', await pgUrl('ingest'), '--jobs', jobs, '--no-progress']);
    if (pgRun.status !== 0) throw new Error(`postgres ingest failed: ${pgRun.stderr}`);
    section.postgres = cost(pgRun, n);
  } else section.postgres = `skipped: ${pgMissing}`;
  return section;
}

/**
 * Fills a store with annotated synthetic articles in batches (no analysis: this measures the store). A store
 * that already holds some (--search-db of an earlier, interrupted run) is topped up to n.
 */
async function fillStore(target, n) {
  const store = await openStore(target);
  const already = (await store.stats()).articles;
  const started = performance.now();
  // PostgreSQL takes a few batches at once, as ingest does (round trips, not the server, limit one connection).
  const parallel = store.dialect === 'postgres' ? 3 : 1;
  const saving = new Set();
  for (let from = already; from < n; from += 200) {
    const batch = [];
    for (let i = from; i < Math.min(n, from + 200); i++) batch.push({ article: syntheticArticle(i, { seed: 202 }).annotated, sourceKey: `bench:${i}` });
    const task = store.saveArticles(batch, null).finally(() => saving.delete(task));
    saving.add(task);
    if (saving.size >= parallel) await Promise.race(saving);
  }
  await Promise.all(saving);
  return { store, loaded: Math.max(0, n - already), loadSeconds: (performance.now() - started) / 1000 };
}

/** A PostgreSQL store holding the rows of the SQLite corpus (--search-db), copied table by table. */
async function copyStore(url) {
  if (!values['search-db']) throw new Error('--pg-copy-search-db needs --search-db FILE (the SQLite corpus to copy)');
  await (await openStore(url)).close(); // the schema, by the store's own migrations
  const copied = await copyCorpusToPostgres(values['search-db'], url);
  return { store: await openStore(url), loadSeconds: copied.seconds };
}

function queryMix(count) {
  const kinds = [];
  const words = ['bridge', 'budget', 'housing', 'strike', 'water', 'hospital', 'energy', 'audit', 'flood', 'tax'];
  const outlets = ['northbay-courier.example', 'eastgate-times.example', 'valley-gazette.example', 'harbour-post.example'];
  const people = ['Maria Okafor', 'Daniel Reyes', 'Aisha Lindqvist', 'Tomasz Okafor', 'Maria Reyes'];
  const orgs = ['Port Authority', 'Northbay Council', 'Regional Health Board', 'Meridian Energy'];
  for (let i = 0; i < count; i++) {
    // Each kind comes round every 10 queries; its word changes every round (so each kind sees every word).
    const round = Math.floor(i / 10);
    const w = words[round % words.length];
    const mix = [
      ['text', { text: w }],
      ['text+phrase', { text: `"${w} ${['plan', 'review', 'deal'][round % 3]}"` }],
      ['text+outlet+dates', { text: w, outlet: outlets[i % outlets.length], from: '2030-03-01', to: '2030-09-30' }],
      ['text+entity', { text: w, entity: orgs[i % orgs.length] }],
      ['speaker', { speaker: people[i % people.length] }],
      ['technique+voice', { technique: 'Loaded_Language', voice: 'vague', outlet: outlets[i % outlets.length] }],
      ['quotes-by-speaker', { quotes: { speaker: people[i % people.length] } }],
      ['quotes-mentioning', { quotes: { entity: orgs[i % orgs.length] } }],
      ['entities', { entities: { type: 'PERSON', name: people[i % people.length].slice(0, 3) } }],
      ['co-mentions', { coMentions: people[i % people.length] }],
    ];
    kinds.push(mix[i % mix.length]);
  }
  return kinds;
}

async function timeQueries(store, mix) {
  const byKind = {};
  const all = [];
  for (const [, query] of mix.slice(0, 20)) await execute(store, query); // warm-up
  // Wall-clock time is what a user waits; CPU time of this process (SQLite runs in it) is what the query costs,
  // and tells a slow query from a busy machine when other work shares the cores.
  const cpuByKind = {};
  const cpuAll = [];
  for (const [kind, query] of mix) {
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    await execute(store, query);
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    (byKind[kind] ??= []).push(ms);
    all.push(ms);
    (cpuByKind[kind] ??= []).push(cpuMs);
    cpuAll.push(cpuMs);
  }
  const summary = (list, cpuList) => {
    const sorted = [...list].sort((a, b) => a - b);
    const cpu = [...cpuList].sort((a, b) => a - b);
    return {
      n: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1]),
      cpuP50: round(percentile(cpu, 50)), cpuP95: round(percentile(cpu, 95)),
    };
  };
  const profileStart = performance.now();
  await store.outletProfiles();
  return { all: summary(all, cpuAll), byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, summary(v, cpuByKind[k])])), outletProfilesAllMs: round(performance.now() - profileStart) };
}

async function execute(store, query) {
  if (query.quotes) return store.quotes({ ...query.quotes, limit: 20 });
  if (query.entities) return store.entities({ ...query.entities, limit: 20 });
  if (query.coMentions) return store.coMentions(query.coMentions, 20);
  return store.search({ ...query, limit: 20 });
}

async function benchSearch() {
  const n = Number(values['search-articles']);
  const mix = queryMix(Number(values['search-queries']));
  const section = { articles: n, queries: mix.length };
  if (!values['no-sqlite']) {
    // --search-db FILE keeps the SQLite corpus (and tops up one an earlier run left): the load is timed only
    // for the articles this run adds.
    const sqlite = await fillStore(values['search-db'] ?? join(tmp, 'search.db'), n);
    section.articles = (await sqlite.store.stats()).articles;
    section.sqlite = { loaded: sqlite.loaded, loadSeconds: round(sqlite.loadSeconds), loadPerSecond: round(sqlite.loaded / sqlite.loadSeconds), ...(await timeQueries(sqlite.store, mix)) };
    await sqlite.store.close();
  }
  if (!pgMissing) {
    const pgN = Number(values['pg-search-articles'] ?? n);
    const pgStore = values['pg-copy-search-db'] ? await copyStore(await pgUrl('search')) : await fillStore(await pgUrl('search'), pgN);
    const pgArticles = (await pgStore.store.stats()).articles;
    section.postgres = { articles: pgArticles, loadedBy: values['pg-copy-search-db'] ? 'copy of the SQLite corpus' : 'saveArticles', loadSeconds: round(pgStore.loadSeconds), loadPerSecond: round(pgArticles / pgStore.loadSeconds), ...(await timeQueries(pgStore.store, mix)) };
    await pgStore.store.close();
  } else section.postgres = `skipped: ${pgMissing}`;
  return section;
}

/**
 * The WARC's publication dates: `random` (each page a random day of 2030–2031: the worst case for the story
 * clusterer's residency window, every story stays joinable) or `ordered` (a page every 3 minutes from 2030-01-01,
 * in stream order, as a crawl arrives).
 */
const WARC_DATES = {
  random: () => undefined,
  ordered: (record) => new Date(Date.UTC(2030, 0, 1) + record * 180_000),
};

async function benchWarc() {
  const publishedAt = WARC_DATES[values['warc-dates']];
  if (!publishedAt) throw new Error(`--warc-dates is ${Object.keys(WARC_DATES).join(' or ')}`);
  const targetBytes = Number(values['warc-mb']) * 1024 * 1024;
  const pageBytes = Number(values['page-kb']) * 1024;
  const path = join(tmp, 'big.warc.gz');
  const out = createWriteStream(path);
  out.write(warcInfoRecord('presslens bench', true));
  let bytes = 0;
  let records = 0;
  const writeStarted = performance.now();
  // Every page has its own article; the furniture around it (menus, links, scripts: most of a real page's
  // weight) is one of four variants per outlet, compressed once.
  const chromes = new Map();
  const chromeFor = (domain, variant) => {
    const key = `${domain}#${variant}`;
    if (!chromes.has(key)) {
      const html = Buffer.from(syntheticPageChrome(domain, pageBytes, variant), 'utf8');
      chromes.set(key, { bytes: html.length, gzip: gzipSync(html) });
    }
    return chromes.get(key);
  };
  while (bytes < targetBytes) {
    const article = syntheticArticle(records, { seed: 303, publishedAt: publishedAt(records) });
    const cut = article.html.indexOf('</article>') + '</article>'.length;
    const record = warcResponseRecordSharing({ url: article.url, head: article.html.slice(0, cut), tail: article.html.slice(cut) }, chromeFor(article.outlet, records % 4));
    bytes += record.length;
    records++;
    if (!out.write(record)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  const writeSeconds = (performance.now() - writeStarted) / 1000;
  const warcBytes = statSync(path).size;
  const args = ['ingest', path, '--db', join(tmp, 'warc.db'), '--jobs', values.jobs, '--no-progress'];
  if (values['warc-extract-only']) args.push('--extract-only');
  const result = await run(args, { sampleRss: true });
  rmSync(path, { force: true });
  if (result.status !== 0) throw new Error(`warc ingest failed: ${result.stderr}`);
  const rss = result.samples.map((s) => s.rssMb);
  const tenth = Math.max(1, Math.floor(rss.length / 10));
  const mean = (list) => list.reduce((a, b) => a + b, 0) / Math.max(1, list.length);
  return {
    warcBytes, records, htmlBytesPerRecord: pageBytes, writeSeconds: round(writeSeconds), pipeline: values['warc-extract-only'] ? 'extract-only' : 'full',
    dates: values['warc-dates'],
    seconds: round(result.seconds), recordsPerSecond: round(records / result.seconds), cpuSeconds: result.cpuSeconds,
    rssMb: {
      // After start-up (the analysis workers load their models in the first seconds).
      start: round(result.samples.find((sample) => sample.t >= 5)?.rssMb ?? NaN), firstTenthMean: round(mean(rss.slice(0, tenth))), peak: round(Math.max(...rss)),
      peakByTime: result.peakRssMb === null ? null : round(result.peakRssMb), lastTenthMean: round(mean(rss.slice(-tenth))), end: round(rss[rss.length - 1] ?? NaN),
    },
    rssTimeline: result.samples.filter((_, i) => i % Math.max(1, Math.floor(result.samples.length / 12)) === 0).map((s) => [round(s.t), round(s.rssMb)]),
  };
}

/**
 * Wall-clock rate (what this loaded machine gave) and CPU cost per article; `perSecondOnIdleCores` is the rate
 * the measured CPU cost allows on this many otherwise idle cores (an upper bound: it assumes perfect overlap).
 */
function cost(result, n) {
  const out = { seconds: round(result.seconds), perSecond: round(n / result.seconds) };
  if (result.cpuSeconds !== null) {
    out.cpuMsPerArticle = round((result.cpuSeconds * 1000) / n);
    out.perSecondOnIdleCores = round((Number(values.jobs) * n) / result.cpuSeconds);
  }
  return out;
}

function round(value) {
  return Math.round(value * 100) / 100;
}

try {
  for (const section of sections) {
    const started = performance.now();
    const fn = { ingest: benchIngest, search: benchSearch, warc: benchWarc }[section];
    if (!fn) throw new Error(`unknown section ${section}`);
    results[section] = await fn();
    results[section].benchSeconds = round((performance.now() - started) / 1000);
    results[section].command = `node scripts/bench-store.mjs ${process.argv.slice(2).filter((a, i, all) => a !== '--out' && all[i - 1] !== '--out').join(' ')}`;
    results[section].measuredAt = new Date().toISOString();
    results[section].load = results.machine.load;
    console.log(JSON.stringify({ [section]: results[section] }));
  }
  // An existing --out file keeps the sections this run did not measure (sections can be run one at a time).
  const previous = values.out && existsSync(values.out) ? JSON.parse(readFileSync(values.out, 'utf8')) : {};
  if (values.out) await writeFile(values.out, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
} finally {
  cluster?.stop();
  rmSync(tmp, { recursive: true, force: true });
}
