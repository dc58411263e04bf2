import { parentPort, workerData } from 'node:worker_threads';
import { toPresslensError } from '../core/errors.js';
import { loadPipeline } from '../core/load-pipeline.js';
import type { PipelineOptions } from '../core/pipeline-builder.js';
import { prepareArticle } from '../store/prepare.js';
import type { WorkerReply, WorkerRequest } from './pool.js';

// Each worker builds its own pipeline once (models and lexicons loaded here), then serves documents.
const pipeline = await loadPipeline(workerData as PipelineOptions);
parentPort!.postMessage({ ready: true } satisfies WorkerReply);

parentPort!.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const article = pipeline.analyze(request.input);
    if (request.as === 'json') reply = { seq: request.seq, json: JSON.stringify(article) };
    else if (request.as === 'stored') {
      const { text, ...body } = article;
      reply = { seq: request.seq, text, bodyJson: JSON.stringify(body), prepared: prepareArticle(article) };
    } else reply = { seq: request.seq, article };
  } catch (error) {
    const { code, message } = toPresslensError(error);
    reply = { seq: request.seq, error: { code, message } };
  }
  parentPort!.postMessage(reply);
});
