import { fileURLToPath } from 'node:url';
import type { Article, FramingFinding, Span } from '../../core/article.js';
import type { Stage, StageFactory } from '../../core/stage.js';
import { TokenKind } from '../tokenize/index.js';
import { framingContext } from './context.js';
import { compileLexicon, LEXICON } from './lexicon.js';
import { calibrationKey, FramingModel } from './model.js';
import { findScareQuotes } from './scare-quotes.js';
import { WordTable } from './words.js';
import { framingSummary } from './summary.js';

/** The model the stage loads: the trainer's MODEL_SOURCE_PATH converted by scripts/convert-framing-model.mjs. */
export const MODEL_PATH = fileURLToPath(new URL('../../../models/framing/model.bin.gz', import.meta.url));
/** The model as scripts/train-framing.mjs writes it. */
export const MODEL_SOURCE_PATH = fileURLToPath(new URL('../../../models/framing/model.json.gz', import.meta.url));

/** Explanations of the model's findings, per technique (the SemEval-2020 Task 11 definitions, in short). */
const MODEL_EXPLANATIONS: Record<string, string> = {
  Loaded_Language: 'Words with strong emotional implications, used to sway the reader (statistical model).',
  'Name_Calling,Labeling': 'A label or name meant to make the audience love, fear or hate its object (statistical model).',
  'Exaggeration,Minimisation': 'Something represented as bigger or smaller than it is (statistical model).',
  Doubt: 'Questioning the credibility of someone or something (statistical model).',
  'Appeal_to_fear-prejudice': 'Building support or rejection by playing on fear or prejudice (statistical model).',
  'Flag-Waving': 'Appealing to group or national feeling to justify an idea (statistical model).',
};

/**
 * Framing stage: curated lexicon (loaded labels, euphemisms and dysphemisms of violence, exaggeration,
 * intensifiers, hedges — each entry with its basis and, where documented, a neutral alternative), scare
 * quotes, and a token model trained on the PTC corpus for the SemEval-2020 Task 11 techniques. Each finding
 * carries its voice: `quoted` inside quotation marks, else `outlet`.
 */
export function createFramingStageWith(model: FramingModel): Stage {
  const matchLexicon = compileLexicon(LEXICON);
  const table = new WordTable(model.wordLists);
  const modelRule = `framing/model@${model.version}`;
  return {
    name: 'framing',
    run(article: Article, deadline) {
      const tokens = article.tokens;
      if (!tokens) return;
      const { text } = article;
      const prepared = framingContext(article, matchLexicon, table)!;
      const { ctx, matches, stretches, voiceOf } = prepared;
      deadline.check('framing lexicon');

      const findings: FramingFinding[] = [];
      const spanOf = (first: number, last: number): Span => ({ start: tokens.start[first]!, end: tokens.end[last - 1]! });
      const leftToModel = model.lexiconLeftToModel;
      for (const m of matches) {
        if (leftToModel.size && leftToModel.has(ctx.lower.slice(m.first, m.last).join(' '))) continue;
        const span = spanOf(m.first, m.last);
        findings.push({
          technique: m.entry.technique, ...span, voice: voiceOf(span),
          explanation: m.entry.explanation, alternative: m.entry.alternative,
          ruleId: `framing/lexicon/${m.entry.kind}/${m.entry.forms[0]}`, confidence: KIND_CONFIDENCE[m.entry.kind] ?? 0.7,
          kind: m.entry.kind, basis: LEXICON.bases[m.entry.basis]!,
        });
      }
      for (const scare of findScareQuotes(text, stretches, tokens)) findings.push({ ...scare, voice: 'outlet' });

      const evidence = model.unitEvidence(ctx);
      const probs = model.probabilities(text, tokens, ctx, evidence);
      deadline.check('framing model');
      // Only lexicon and rule findings can cover a model span (the decoder's spans of one technique are disjoint).
      const ruled = new Map<string, FramingFinding[]>();
      for (const f of findings) ruled.set(f.technique, [...(ruled.get(f.technique) ?? []), f]);
      const covered = (span: Span, technique: string) =>
        ruled.get(technique)?.some((f) => f.start <= span.start && f.end >= span.end) ?? false;
      for (const tagged of model.decoder.decode(probs, tokens, ctx, evidence)) {
        const span = spanOf(tagged.first, tagged.last);
        if (covered(span, tagged.technique)) continue;
        findings.push({
          technique: tagged.technique, ...span, voice: voiceOf(span),
          explanation: MODEL_EXPLANATIONS[tagged.technique] ?? `${tagged.technique} (statistical model).`,
          alternative: null, ruleId: modelRule, confidence: round(model.confidence(calibrationKey(tagged), tagged.confidence)),
          kind: 'model',
        });
      }
      findings.sort((a, b) => a.start - b.start || b.end - a.end);
      article.framing.push(...findings);
      let words = 0;
      for (let i = 0; i < tokens.count; i++) if (tokens.kind[i] === TokenKind.Word) words++;
      article.extensions.framingSummary = framingSummary(article.framing, words);
    },
  };
}

const KIND_CONFIDENCE: Record<string, number> = {
  'loaded-label': 0.8, euphemism: 0.8, dysphemism: 0.75, loaded: 0.7, exaggeration: 0.6, distancing: 0.6,
  intensifier: 0.5, hedge: 0.5,
};

const round = (x: number) => Math.round(x * 1000) / 1000;

export const createFramingStage: StageFactory = () => createFramingStageWith(FramingModel.load(MODEL_PATH));
