/**
 * Throughput of the NER recogniser alone (features + greedy decoding), on one core, over CoNLL text:
 *   npx tsx scripts/bench-ner.ts --data ../shared/bench/ner/conll2003/eng.testa [--rounds 5]
 * Prints tokens/s of the model (wall clock, and per second of this process's CPU time, which a loaded
 * machine distorts less) and model load time. Tokenisation is done once, outside the timed loop; the
 * recogniser's view of the tokens (interned forms, line and sentence starts) is made inside it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseConll } from '../src/stages/entities/conll.js';
import { GAZETTEER_PATH, MODEL_PATH } from '../src/stages/entities/index.js';
import { NerModel } from '../src/stages/entities/model.js';
import { tokenView } from '../src/stages/entities/view.js';
import { tokenize } from '../src/stages/tokenize/index.js';

const { values } = parseArgs({ options: { data: { type: 'string' }, rounds: { type: 'string', default: '5' } } });
if (!values.data) throw new Error('usage: bench-ner.ts --data FILE.conll [--rounds N]');
const loadStart = performance.now();
const model = NerModel.load(MODEL_PATH, GAZETTEER_PATH);
const loadMs = performance.now() - loadStart;
const documents = parseConll(readFileSync(values.data, 'utf8')).map((d) => ({ text: d.text, tokens: tokenize(d.text, []) }));
const tokens = documents.reduce((n, d) => n + d.tokens.count, 0);
model.tag(tokenView(documents[0]!.text, documents[0]!.tokens, model.forms)); // warm-up
const times: number[] = [];
const cpuTimes: number[] = [];
for (let r = 0; r < Number(values.rounds); r++) {
  const began = performance.now();
  const cpuBegan = process.cpuUsage();
  for (const { text, tokens } of documents) model.tag(tokenView(text, tokens, model.forms));
  times.push(performance.now() - began);
  const cpu = process.cpuUsage(cpuBegan);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const wall = median(times);
const cpu = median(cpuTimes);
console.log(`ner model load ${loadMs.toFixed(0)} ms; ${documents.length} documents, ${tokens} tokens; median of ${times.length} rounds ${wall.toFixed(0)} ms → ${Math.round(tokens / (wall / 1000))} tokens/s (${Math.round(tokens / (cpu / 1000))} tokens per CPU second)`);
