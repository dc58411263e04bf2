import { readFileSync, existsSync } from 'node:fs';
import type { TokenView } from './token-view.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cueData from './cues.json' with { type: 'json' };
import wordData from './speaker-words.json' with { type: 'json' };
import { boundaryModelFrom, type BoundaryModel, type BoundaryModelFile } from './boundaries.js';
import { cueDetectorFrom, type CueDetector, type CueDetectorFile } from './cue-detector.js';
import { WeightTable, type WeightRecord } from './hashed.js';
import { readQuotesModel } from './model-file.js';
import { frameModelFrom, type FrameModel, type FrameModelFile } from './frame-filter.js';

/** The word lists of the quotes stage, compiled once when the stage is created. */
export interface QuoteLexicon {
  /** Cue word forms (lower case) → true; multiword cues are in `multiword`. */
  cueForms: Set<string>;
  /** First word of a multiword cue → the remaining words. */
  multiword: Map<string, string[][]>;
  personPronouns: Set<string>;
  groupPronouns: Set<string>;
  firstPersonPronouns: Set<string>;
  relativePronouns: Set<string>;
  personNominals: Set<string>;
  groupNominals: Set<string>;
  vagueHeads: Set<string>;
  vagueQualifiers: Set<string>;
  impersonalPassives: Set<string>;
  honorifics: Set<string>;
  abbreviations: Set<string>;
  placeAbbreviations: Set<string>;
  respondentParticiples: Set<string>;
  /** Articles, prepositions and conjunctions: a speaker phrase that ends with one was cut short. */
  openEndings: Set<string>;
  /** Words no speaker phrase opens with ("there", "despite", a form of "be"). */
  nonSpeakerOpeners: Set<string>;
  /** Causative verbs whose object speaks for the infinitive cue after it ("led Republicans to say"). */
  objectControlVerbs: Set<string>;
  /** Adjectives before an infinitive cue that judge the act ("hard to say"): no speaker. */
  toughAdjectives: Set<string>;
  adverbs: Set<string>;
  cueModifiers: Set<string>;
  /** Contracted auxiliaries ("’re", "’ve"): always part of a cue they precede. */
  cliticAuxiliaries: Set<string>;
  /** "’s": part of the cue only before a verb form ("He’s claiming"), else a possessive. */
  cliticIs: Set<string>;
  /** Irregular past-tense verbs (and a few auxiliaries) that end a sentence's subject. */
  pastTenseVerbs: Set<string>;
  distancingAdjectives: Set<string>;
  headlineLabels: Set<string>;
  timeWords: Set<string>;
  timeJoiners: Set<string>;
  clauseBoundaries: Set<string>;
  objectCues: Set<string>;
  adjunctStarts: Set<string>;
  titleFunctionWords: Set<string>;
  openingPrepositions: Set<string>;
  /** Learned from PolNeAR train (models/quotes/cues.json): form → share of its occurrences that are cues. */
  learnedCueRate: Map<string, number> | null;
  /** A lexicon form whose learned rate is below this is not a cue; a form outside it at `addRate` or more is. */
  minRate: number;
  addRate: number;
  /** Learned "cue word + next word" pairs that form one cue ("referring to", "called for"). */
  particles: Set<string>;
  /** Learned weights of the content-end ranker (models/quotes/content-end.json), or null. */
  contentEnd: WeightTable | null;
  /** Every word that may start a cue (lexicon forms, learned additions, multiword starts, ":"): one look-up rules out the rest. */
  cueStarts: Set<string>;
  /** The learned filter of reported-speech candidates (models/quotes/frames.json), or null. */
  frameModel: FrameModel | null;
  /** The learned cue detector (models/quotes/cue-detector.json), or null. */
  cueDetector: CueDetector | null;
  /** The learned source-start and content-start rankers (models/quotes/boundaries.json), or null. */
  boundaryModel: BoundaryModel | null;
}

/** Regular English inflections of a verb lemma (irregular ones are listed in cues.json). */
export function inflect(lemma: string): string[] {
  const forms = [lemma];
  if (lemma.endsWith('e')) forms.push(`${lemma}s`, `${lemma}d`, `${lemma.slice(0, -1)}ing`);
  else if (/[^aeiou]y$/.test(lemma)) forms.push(`${lemma.slice(0, -1)}ies`, `${lemma.slice(0, -1)}ied`, `${lemma}ing`);
  else if (/(s|sh|ch|x|z)$/.test(lemma)) forms.push(`${lemma}es`, `${lemma}ed`, `${lemma}ing`);
  else forms.push(`${lemma}s`, `${lemma}ed`, `${lemma}ing`);
  return forms;
}

const MODEL_DIR = fileURLToPath(new URL('../../../models/quotes/', import.meta.url));

export interface LearnedCues {
  about: string;
  minRate: number;
  addRate: number;
  rates: Record<string, number>;
  particles?: Record<string, number>;
}

/** Loads the learned cue rates when the model file ships with the package; absent, the lexicon alone decides. */
function loadLearnedCues(path: string | null): LearnedCues | null {
  if (!path || !existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as LearnedCues;
}

/** The word lists, plus the learned models in `modelDir` when they are there (null: lexicon only). */
export function loadQuoteLexicon(modelDir: string | null = MODEL_DIR): QuoteLexicon {
  const cueForms = new Set<string>();
  const irregular = cueData.irregular as Record<string, string[]>;
  for (const { lemma } of cueData.lemmas) {
    for (const form of irregular[lemma] ?? inflect(lemma)) cueForms.add(form);
  }
  for (const forms of Object.values(irregular)) for (const form of forms) if (!form.includes(' ')) cueForms.add(form);
  const multiword = new Map<string, string[][]>();
  for (const { words } of cueData.multiword) {
    const [first, ...rest] = words as [string, ...string[]];
    multiword.set(first, [...(multiword.get(first) ?? []), rest]);
  }
  const set = (list: { words: string[] }) => new Set(list.words);
  const learned = loadLearnedCues(modelDir && join(modelDir, 'cues.json'));
  const addRate = learned?.addRate ?? Number.POSITIVE_INFINITY;
  const cueStarts = new Set([...cueForms, ...multiword.keys(), ':']);
  for (const [form, rate] of Object.entries(learned?.rates ?? {})) if (rate >= addRate) cueStarts.add(form);
  // The weight files, in their binary form when it is up to date (model-file.ts).
  const model = (name: string) => (modelDir ? readQuotesModel(modelDir, name) : null);
  const endModel = model('content-end') as { weights: WeightRecord } | null;
  const boundaryFile = model('boundaries') as BoundaryModelFile | null;
  const boundaryModel = boundaryFile && boundaryModelFrom(boundaryFile);
  const detectorFile = model('cue-detector') as CueDetectorFile | null;
  const cueDetector = detectorFile && cueDetectorFrom(detectorFile, new Map(Object.entries(learned?.rates ?? {})));
  const frameFile = model('frames') as FrameModelFile | null;
  const frameModel = frameFile && frameModelFrom(frameFile);
  return {
    cueForms,
    multiword,
    personPronouns: set(wordData.personPronouns),
    groupPronouns: set(wordData.groupPronouns),
    firstPersonPronouns: set(wordData.firstPersonPronouns),
    relativePronouns: set(wordData.relativePronouns),
    personNominals: set(wordData.personNominals),
    groupNominals: set(wordData.groupNominals),
    vagueHeads: set(wordData.vagueHeads),
    vagueQualifiers: set(wordData.vagueQualifiers),
    impersonalPassives: set(wordData.impersonalPassives),
    honorifics: set(wordData.honorifics),
    abbreviations: set(wordData.abbreviations),
    placeAbbreviations: set(wordData.placeAbbreviations),
    respondentParticiples: set(wordData.respondentParticiples),
    openEndings: set(wordData.openEndings),
    nonSpeakerOpeners: set(wordData.nonSpeakerOpeners),
    objectControlVerbs: set(wordData.objectControlVerbs),
    toughAdjectives: set(wordData.toughAdjectives),
    adverbs: set(wordData.adverbs),
    cueModifiers: set(wordData.cueModifiers),
    cliticAuxiliaries: set(wordData.cliticAuxiliaries),
    cliticIs: set(wordData.cliticIs),
    pastTenseVerbs: set(wordData.pastTenseVerbs),
    distancingAdjectives: set(wordData.distancingAdjectives),
    headlineLabels: set(wordData.headlineLabels),
    timeWords: set(wordData.timeWords),
    timeJoiners: set(wordData.timeJoiners),
    clauseBoundaries: set(wordData.clauseBoundaries),
    objectCues: set(wordData.objectCues),
    adjunctStarts: set(wordData.adjunctStarts),
    titleFunctionWords: set(wordData.titleFunctionWords),
    openingPrepositions: set(wordData.openingPrepositions),
    learnedCueRate: learned ? new Map(Object.entries(learned.rates)) : null,
    minRate: learned?.minRate ?? 0,
    addRate,
    cueStarts,
    particles: new Set(Object.keys(learned?.particles ?? {})),
    contentEnd: endModel ? WeightTable.fromRecord(endModel.weights) : null,
    frameModel,
    cueDetector,
    boundaryModel,
  };
}

/**
 * Whether the period at token j belongs to the word before it: a listed abbreviation ("Mr.", "Fla.") or a single
 * capital letter, a name's initial ("Charles B. Rangel", "Michael J. Fox").
 */
export function isAbbreviationDot(view: TokenView, lexicon: QuoteLexicon, j: number): boolean {
  if (view.lower[j] !== '.' || j === 0) return false;
  const before = view.lower[j - 1]!;
  if (lexicon.abbreviations.has(before)) return true;
  if (lexicon.placeAbbreviations.has(before) && view.isCapitalised(j - 1)) return true;
  return before.length === 1 && view.isCapitalised(j - 1) && view.tokens.end[j - 1] === view.tokens.start[j];
}
