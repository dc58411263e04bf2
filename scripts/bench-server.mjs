#!/usr/bin/env node
// Load bench of `presslens serve` on loopback: a fixed rate of POST /api/analyze with one typical article,
// for a fixed time; reports errors and latency percentiles. Usage (after npm run build):
//   node scripts/bench-server.mjs [--rate 200] [--duration 60] [--connections 20] [--jobs 2] [--article FILE] [--root DIR]
// FILE is an .html page or a .txt text (default: the bundled fictional example). Prints a JSON summary.
// The server runs as its own process (`presslens serve`, its analysis in worker threads); the load generator,
// autocannon, runs in this process, on the same cores: `cpuDuringLoad` says how many cores each kept busy.
// --cpu-prof DIR writes V8 CPU profiles of the server's threads.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setInterval, clearInterval } from 'node:timers';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '20' },
    // As presslens serve by default: two worker threads; 0 analyses on the server's event loop.
    jobs: { type: 'string', default: '2' },
    article: { type: 'string', default: new URL('../examples/northport-ferry-timetable.html', import.meta.url).pathname },
    // The checkout whose built dist/ is measured (default: this one); another one gives a before/after pair
    // measured by the same script in the same sitting.
    root: { type: 'string', default: new URL('..', import.meta.url).pathname },
    // Writes V8 CPU profiles of the server (main thread and each analysis worker) into this directory.
    'cpu-prof': { type: 'string' },
  },
});

const articleBytes = readFileSync(values.article);
// The machine may be shared: the 1-minute load average before and after says how much CPU the run could get.
const loadBefore = loadavg()[0];

// Baseline in this process, at this moment: the pipeline alone on the same article (the machine may be shared,
// so the server's rate means little without it).
const root = new URL(`${pathToFileURL(resolve(values.root)).href}/`);
const { createPipeline } = await import(new URL('dist/core/pipeline.js', root).href);
const pipeline = createPipeline();
const baselineInput = () => (/\.html?$/i.test(values.article) ? { html: articleBytes } : { text: articleBytes.toString('utf8') });
for (let i = 0; i < 30; i++) pipeline.analyze(baselineInput());
const baselineStart = performance.now();
const BASELINE_DOCS = 200;
for (let i = 0; i < BASELINE_DOCS; i++) pipeline.analyze(baselineInput());
const pipelineMsPerDoc = (performance.now() - baselineStart) / BASELINE_DOCS;

const isHtml = /\.html?$/i.test(values.article);
const body = JSON.stringify(isHtml ? { html: articleBytes.toString('utf8') } : { text: articleBytes.toString('utf8') });
const tokenDir = mkdtempSync(join(tmpdir(), 'presslens-bench-'));
const cli = new URL('dist/cli/main.js', root).pathname;

const profileArgs = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
const server = spawn(process.execPath, [...profileArgs, cli, 'serve', '--port', '0', '--no-examples', '--rate-limit', 'off', '--jobs', values.jobs, '--token-file', join(tokenDir, 'token')], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /http:\/\/\S+\//.exec(out);
    if (match) resolve(match[0]);
  });
  server.once('exit', (code) => reject(new Error(`presslens serve exited with ${code}`)));
});

// One request first: the words of the article as analysed, and a check that the endpoint works at all.
const probe = await fetch(`${url}api/analyze`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
if (!probe.ok) throw new Error(`probe failed: ${probe.status} ${await probe.text()}`);
const analysed = await probe.json();
const words = analysed.text.split(/\s+/).filter(Boolean).length;

// CPU time of the server process (all its threads) from /proc, in ms; null where /proc is missing. The load
// generator (autocannon, in this process) runs on the same cores: its own CPU time is measured too, so that a
// run shows how the machine's CPU was shared between server and load generator.
const clockTicksPerSecond = 100;
function serverCpuMs() {
  try {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond; // utime + stime
  } catch {
    return null;
  }
}
const generatorCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

// While the load runs, a light request every 100 ms: its latency shows whether analysis holds up the event loop.
const healthMs = [];
const healthProbe = setInterval(() => {
  const start = performance.now();
  fetch(`${url}api/health`).then((r) => r.arrayBuffer()).then(() => healthMs.push(performance.now() - start), () => healthMs.push(Infinity));
}, 100);

const serverCpuBefore = serverCpuMs();
const generatorCpuBefore = generatorCpuMs();
const result = await autocannon({
  url: `${url}api/analyze`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
  connections: Number(values.connections),
  overallRate: Number(values.rate),
  duration: Number(values.duration),
});

const serverCpuDuring = serverCpuBefore === null ? null : serverCpuMs() - serverCpuBefore;
const generatorCpuDuring = generatorCpuMs() - generatorCpuBefore;
clearInterval(healthProbe);
server.kill('SIGTERM');
healthMs.sort((a, b) => a - b);
const percentile = (p) => Number((healthMs[Math.min(healthMs.length - 1, Math.floor((p / 100) * healthMs.length))] ?? 0).toFixed(1));
rmSync(tokenDir, { recursive: true, force: true });

const summary = {
  root: root.pathname,
  article: values.article,
  words,
  bodyBytes: Buffer.byteLength(body),
  targetRate: Number(values.rate),
  durationS: Number(values.duration),
  connections: Number(values.connections),
  jobs: Number(values.jobs),
  requests: result.requests.total,
  achievedRate: Number((result.requests.total / result.duration).toFixed(1)),
  status2xx: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  baselinePipelineMsPerDoc: Number(pipelineMsPerDoc.toFixed(2)),
  baselineDocsPerSecondOneThread: Number((1000 / pipelineMsPerDoc).toFixed(0)),
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  healthDuringLoadMs: { probes: healthMs.length, p50: percentile(50), p99: percentile(99) },
  // Cores kept busy on average during the load (2 = both cores of a 2-core machine), and CPU ms per request.
  cpuDuringLoad: {
    serverCores: serverCpuDuring === null ? null : Number((serverCpuDuring / 1000 / result.duration).toFixed(2)),
    serverMsPerRequest: serverCpuDuring === null ? null : Number((serverCpuDuring / result.requests.total).toFixed(2)),
    loadGeneratorCores: Number((generatorCpuDuring / 1000 / result.duration).toFixed(2)),
    loadGeneratorMsPerRequest: Number((generatorCpuDuring / result.requests.total).toFixed(2)),
  },
  loadAverage1m: { before: Number(loadBefore.toFixed(1)), after: Number(loadavg()[0].toFixed(1)) },
  node: process.version,
};
console.log(JSON.stringify(summary, null, 2));
process.exitCode = summary.errors || summary.non2xx || summary.timeouts ? 1 : 0;
