// Stands in for dist/cli/worker.js in scripts/bench-server-overhead.mjs: answers every request at once with
// the Article analysed beforehand (workerData.articleJson), as an object or as JSON text, as the request asks.
import { parentPort, workerData } from 'node:worker_threads';

const { articleJson } = workerData;
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ seq, as }) => {
  parentPort.postMessage(as === 'json' ? { seq, json: articleJson } : { seq, article: JSON.parse(articleJson) });
});
