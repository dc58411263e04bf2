#!/usr/bin/env node
// What the HTTP server itself costs per analyse request, without the analysis: the built server (createApp on
// @hono/node-server, a WorkerPool of 2) runs in a child process whose workers answer at once with the article
// analysed beforehand, and autocannon (in this process) drives POST /api/analyze at a fixed rate. Reports the
// CPU time of the server process (main thread and workers) and of the load generator per request.
//   node scripts/bench-server-overhead.mjs [--rate 200] [--duration 20] [--article FILE] [--root DIR]
// FILE as in bench-server.mjs; --root: the checkout whose build is measured (default this one).
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '20' },
    article: { type: 'string', default: new URL('../examples/northport-ferry-timetable.html', import.meta.url).pathname },
    root: { type: 'string', default: new URL('..', import.meta.url).pathname },
    serve: { type: 'string' }, // internal: this process is the server, of this root
  },
});

if (values.serve) {
  const root = `${pathToFileURL(values.serve).href}/`;
  const { createApp } = await import(`${root}dist/server/app.js`);
  const { MemoryCorpus } = await import(`${root}dist/server/memory-corpus.js`);
  const { WorkerPool } = await import(`${root}dist/cli/pool.js`);
  const { createPipeline } = await import(`${root}dist/core/pipeline.js`);
  const { serve } = await import(`${root}node_modules/@hono/node-server/dist/index.mjs`);
  const article = readFileSync(values.article);
  const articleJson = JSON.stringify(createPipeline().analyze(/\.html?$/i.test(values.article) ? { html: article } : { text: article.toString('utf8') }));
  // WorkerPool hands its pipeline options to each worker as workerData: the stand-in takes the article from there.
  const pool = new WorkerPool(2, { articleJson }, { workerUrl: new URL('./bench-support/instant-worker.mjs', import.meta.url) });
  const options = { corpus: new MemoryCorpus([]), analyze: (input) => pool.analyze(input), token: 'bench', webRoot: null, log: () => undefined };
  if (pool.analyzeToJson) options.analyzeToJson = (input) => pool.analyzeToJson(input);
  serve({ fetch: createApp(options).fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.send({ url: `http://127.0.0.1:${info.port}/` }));
} else {
  const root = resolve(values.root);
  const body = JSON.stringify(/\.html?$/i.test(values.article) ? { html: readFileSync(values.article, 'utf8') } : { text: readFileSync(values.article, 'utf8') });
  const server = fork(new URL(import.meta.url).pathname, ['--serve', root, '--article', values.article]);
  const { url } = await new Promise((done) => server.once('message', done));
  const cpuMs = (pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms clock ticks
  };
  const load = (duration) => autocannon({
    url: `${url}api/analyze`, method: 'POST', headers: { 'content-type': 'application/json' }, body,
    connections: Number(values.connections), overallRate: Number(values.rate), duration,
  });
  await load(3); // warm-up
  const serverBefore = cpuMs(server.pid);
  const generatorBefore = process.cpuUsage();
  const result = await load(Number(values.duration));
  const serverMs = cpuMs(server.pid) - serverBefore;
  const generator = process.cpuUsage(generatorBefore);
  server.kill();
  console.log(JSON.stringify({
    root, article: values.article, targetRate: Number(values.rate), requests: result.requests.total,
    achievedRate: Number((result.requests.total / result.duration).toFixed(1)), non2xx: result.non2xx, errors: result.errors,
    serverCpuMsPerRequest: Number((serverMs / result.requests.total).toFixed(3)),
    loadGeneratorCpuMsPerRequest: Number(((generator.user + generator.system) / 1000 / result.requests.total).toFixed(3)),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
  }));
}
