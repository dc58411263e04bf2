/**
 * Worker thread of `IncrementalClusterer.placeAll`: computes clustering features batch by batch with its own
 * copy of the key table, and sends back the keys it added so the clusterer's table stays numbered alike.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FeatureExtractor, KeyTable } from './cluster-features.js';
import type { ClusterDocument, FeatureReply } from './clusterer.js';

const { keys: known, bodyWords } = workerData as { keys: string[]; bodyWords: number };
const keys = new KeyTable();
for (const key of known) keys.intern(key);
const extractor = new FeatureExtractor(keys, bodyWords);

parentPort!.on('message', (docs: ClusterDocument[]) => {
  const before = keys.size;
  const features = docs.map((doc) => extractor.extract(doc));
  const reply: FeatureReply = { features, newKeys: keys.strings.slice(before), keyCount: keys.size };
  parentPort!.postMessage(reply);
});
