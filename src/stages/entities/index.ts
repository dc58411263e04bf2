/**
 * The entities stage: the project's NER model (models/ner, see docs/models/ner.md) finds name spans with coarse
 * CoNLL types; a dictionary pass adds alias-table names the model missed; types are refined (GPE, FAC, NORP,
 * EVENT, LAW); titles are cut from person names; mentions are grouped into canonical entities per article
 * (canonical.ts); nominal and pronoun references to them are published in the `references` extension.
 */
import { fileURLToPath } from 'node:url';
import { franc } from 'franc-min';
import type { Article, EntityType } from '../../core/article.js';
import type { Stage, StageFactory } from '../../core/stage.js';
import aliasData from './aliases.json' with { type: 'json' };
import typeData from './types.json' with { type: 'json' };
import { AliasTable, groupMentions, nameKey, type AliasEntry, type Mention } from './canonical.js';
import { foldWord } from './features.js';
import type { Gazetteer } from './gazetteer.js';
import { NerModel, type Chunk } from './model.js';
import { findReferences } from './references.js';
import { tokenView } from './view.js';

export const MODEL_PATH = fileURLToPath(new URL('../../../models/ner/model.bin.gz', import.meta.url));
export const GAZETTEER_PATH = fileURLToPath(new URL('../../../models/ner/gazetteer.json', import.meta.url));

const words = (list: { words: string[] }) => new Set(list.words);
const FAC_HEADS = words(typeData.facilityHeads);
const LOC_HEADS = words(typeData.locationHeads);
const GROUP_WORDS = words(typeData.groupWords);
const EVENT_HEADS = words(typeData.eventHeads);
const LAW_HEADS = words(typeData.lawHeads);
const TITLES = words(typeData.personTitles);

// ISO 639-3 codes franc returns → BCP-47 for the languages news most often comes in.
const BCP47: Record<string, string> = {
  eng: 'en', deu: 'de', fra: 'fr', spa: 'es', ita: 'it', por: 'pt', nld: 'nl', rus: 'ru', arb: 'ar', cmn: 'zh',
  jpn: 'ja', tur: 'tr', pol: 'pl', ukr: 'uk', swe: 'sv', pes: 'fa', hin: 'hi', ind: 'id', kor: 'ko', heb: 'he',
};
const MIN_CHARS_FOR_LANGUAGE = 60;

let sharedModel: NerModel | null = null;
/** Loads the shipped model once per process (workers each load their own). */
export function loadNerModel(): NerModel {
  sharedModel ??= NerModel.load(MODEL_PATH, GAZETTEER_PATH);
  return sharedModel;
}

export const createEntitiesStage: StageFactory = () => {
  const model = loadNerModel();
  const aliases = new AliasTable(aliasData.entries as AliasEntry[]);
  const stage: Stage = {
    name: 'entities',
    run(article, deadline) {
      const tokens = article.tokens;
      if (!tokens || tokens.count === 0) return;
      if (!isEnglish(article)) return;
      const view = tokenView(article.text, tokens);
      if (isShouting(view.words)) {
        article.report('warning', 'entities.all-caps', 'the text is written in capitals: names cannot be told from other words by their capital letters, so entities are less reliable');
      }
      const chunks = model.tag(view, () => deadline.check('entity recognition'));
      const mentions: Mention[] = [];
      for (const chunk of chunks) {
        const mention = toMention(article.text, tokens.start, tokens.end, view.words, chunk, model.gazetteer, aliases);
        if (mention) mentions.push(mention);
      }
      mentions.push(...dictionaryMentions(article.text, view, tokens.start, tokens.end, mentions, aliases));
      mentions.sort((a, b) => a.start - b.start);
      deadline.check('entity grouping');
      article.entities = groupMentions(article.text, mentions, aliases).map((e) => ({ ...e, provenance: { stage: 'entities', model: model.meta.version } }));
      article.extensions['references'] = findReferences(article, article.entities);
    },
  };
  return stage;
};

/**
 * Detects the language when the article does not say; skips recognition (with a message) for non-English text.
 * Only prose counts as evidence: result tables and lists of names fool trigram detectors, so a text is called
 * non-English only when it is mostly lower-case words and almost none of them are English function words.
 */
function isEnglish(article: Article): boolean {
  const sample = article.text.slice(0, 5000);
  const words = sample.match(/\p{L}+/gu) ?? [];
  if (words.join('').length < MIN_CHARS_FOR_LANGUAGE) return true;
  const lowerWords = words.filter((w) => /^\p{Ll}/u.test(w));
  const english = lowerWords.filter((w) => ENGLISH_FUNCTION_WORDS.has(w)).length;
  const detected = franc(sample, { minLength: MIN_CHARS_FOR_LANGUAGE });
  const prose = lowerWords.length >= 40 && lowerWords.length / words.length > 0.4;
  if (detected === 'eng' || detected === 'und' || !prose || english / Math.max(1, lowerWords.length) > 0.08) {
    if (!article.meta.language && prose && detected === 'eng') article.meta.language = 'en';
    return true;
  }
  const code = BCP47[detected] ?? detected;
  if (!article.meta.language) article.meta.language = code;
  article.report('warning', 'entities.language', `the text looks like ${code} (detected), not English: the entity model is trained on English news only, so no entities were recognised`);
  return false;
}

const ENGLISH_FUNCTION_WORDS = new Set(['the', 'of', 'and', 'to', 'in', 'a', 'is', 'was', 'for', 'on', 'that', 'with', 'by', 'at', 'from', 'it', 'as', 'he', 'she', 'they', 'said', 'has', 'have', 'were', 'are', 'be', 'this', 'which', 'an', 'but', 'not', 'will', 'after', 'who']);

function isShouting(words: readonly string[]): boolean {
  let letters = 0;
  let upper = 0;
  for (const w of words) {
    if (!/\p{L}/u.test(w)) continue;
    letters++;
    if (w === w.toUpperCase()) upper++;
  }
  return letters >= 20 && upper / letters > 0.8;
}

function toMention(text: string, starts: Uint32Array, ends: Uint32Array, words: readonly string[], chunk: Chunk, gazetteer: Gazetteer, aliases: AliasTable): Mention | null {
  let from = chunk.from;
  // Titles are not part of a person's name: "Sheikh Akram al-Ka’abi" → "Akram al-Ka’abi".
  if (chunk.type === 'PER') {
    while (from < chunk.to - 1 && TITLES.has(words[from]!.toLowerCase().replace(/\.$/, ''))) from++;
  }
  const start = starts[from]!;
  const end = ends[chunk.to - 1]!;
  const surface = text.slice(start, end);
  return { start, end, type: fineType(chunk.type, surface, gazetteer, aliases) };
}

export function fineType(coarse: Chunk['type'], surface: string, gazetteer: Gazetteer, aliases: AliasTable): EntityType {
  if (coarse === 'PER') return 'PERSON';
  const entry = aliases.lookup(surface);
  if (entry && (coarse !== 'ORG' || entry.type === 'ORG')) return entry.type;
  if (coarse === 'ORG') return 'ORG';
  const folded = surface.split(/\s+/).map(foldWord);
  const head = folded[folded.length - 1]!;
  const categories = gazetteer.categoriesOf(surface);
  if (coarse === 'LOC') {
    if (FAC_HEADS.has(head)) return 'FAC';
    if (categories.includes('country') || categories.includes('city')) return 'GPE';
    return 'LOC';
  }
  if (categories.includes('demonym') || GROUP_WORDS.has(folded.join(' '))) return 'NORP';
  if (folded.length > 1 && EVENT_HEADS.has(head)) return 'EVENT';
  if (folded.length > 1 && LAW_HEADS.has(head)) return 'LAW';
  if (LOC_HEADS.has(head) && folded.length > 1) return 'LOC';
  return 'MISC';
}

/**
 * Alias-table names the model did not tag (e.g. "Daesh"), when written with a capital and not on a line in
 * capitals (where "US" may be the pronoun). Longest match first; never overlaps a model mention.
 */
function dictionaryMentions(text: string, view: { words: readonly string[]; lineStart: readonly boolean[] }, starts: Uint32Array, ends: Uint32Array, existing: Mention[], aliases: AliasTable): Mention[] {
  const found: Mention[] = [];
  const covered = new Uint8Array(view.words.length);
  let e = 0;
  const sorted = [...existing].sort((a, b) => a.start - b.start);
  for (let i = 0; i < view.words.length; i++) {
    while (e < sorted.length && sorted[e]!.end <= starts[i]!) e++;
    if (e < sorted.length && sorted[e]!.start < ends[i]! && sorted[e]!.end > starts[i]!) covered[i] = 1;
  }
  const maxWords = 6;
  for (let i = 0; i < view.words.length; i++) {
    if (covered[i] || !/^\p{Lu}/u.test(view.words[i]!) && !/^(?:al|el)-\p{Lu}/u.test(view.words[i]!)) continue;
    let best: { to: number; entry: AliasEntry } | null = null;
    for (let len = 1; len <= maxWords && i + len <= view.words.length; len++) {
      const k = i + len - 1;
      if (covered[k] || (len > 1 && view.lineStart[k])) break;
      const entry = aliases.lookup(text.slice(starts[i]!, ends[k]!));
      if (entry) best = { to: k + 1, entry };
    }
    if (!best) continue;
    const surface = text.slice(starts[i]!, ends[best.to - 1]!);
    if (surface === surface.toUpperCase() && lineIsCapitals(view.words, view.lineStart, i) && nameKey(surface).length < 5) continue;
    found.push({ start: starts[i]!, end: ends[best.to - 1]!, type: best.entry.type });
    i = best.to - 1;
  }
  return found;
}

function lineIsCapitals(words: readonly string[], lineStart: readonly boolean[], i: number): boolean {
  let from = i;
  while (from > 0 && !lineStart[from]) from--;
  let to = i + 1;
  while (to < words.length && !lineStart[to]) to++;
  let letters = 0;
  let upper = 0;
  for (let k = from; k < to; k++) {
    if (!/\p{L}/u.test(words[k]!)) continue;
    letters++;
    if (words[k] === words[k]!.toUpperCase()) upper++;
  }
  return letters > 1 && upper / letters > 0.8;
}
