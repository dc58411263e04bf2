/**
 * The entities stage: the project's NER model (models/ner, see docs/models/ner.md) finds name spans with coarse
 * CoNLL types; a dictionary pass adds alias-table names the model missed; types are refined (GPE, FAC, NORP,
 * EVENT, LAW); titles are cut from person names; mentions are grouped into canonical entities per article
 * (canonical.ts); nominal and pronoun references to them are published in the `references` extension.
 */
import { fileURLToPath } from 'node:url';
import { franc } from 'franc-min';
import type { Article } from '../../core/article.js';
import type { Stage, StageFactory } from '../../core/stage.js';
import aliasData from './aliases.json' with { type: 'json' };
import { AliasTable, groupMentions, type AliasEntry } from './canonical.js';
import { chunksToMentions, countCapitals } from './mentions.js';
import { NerModel } from './model.js';
import { findReferences } from './references.js';
import { WordTraits } from './traits.js';
import { tokenView } from './view.js';

export const MODEL_PATH = fileURLToPath(new URL('../../../models/ner/model.bin.gz', import.meta.url));
export const GAZETTEER_PATH = fileURLToPath(new URL('../../../models/ner/gazetteer.json', import.meta.url));

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
  const traits = new WordTraits(model.forms, aliases);
  const stage: Stage = {
    name: 'entities',
    run(article, deadline) {
      article.extensions['references'] = [];
      const tokens = article.tokens;
      if (!tokens || tokens.count === 0) return;
      if (!isEnglish(article)) return;
      const view = tokenView(article.text, tokens, model.forms);
      const words = traits.of(view);
      if (isShouting(words.traits)) {
        article.report('warning', 'entities.all-caps', 'the text is written in capitals: names cannot be told from other words by their capital letters, so entities are less reliable');
      }
      const chunks = model.tag(view, deadline);
      const mentions = chunksToMentions(article.text, words, tokens, chunks, model.gazetteer, aliases);
      deadline.check('entity grouping');
      article.entities = groupMentions(article.text, mentions, aliases);
      for (const entity of article.entities) entity.provenance = { stage: 'entities', model: model.meta.version };
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
  const sample = article.text.slice(0, 2000);
  const words = sample.match(/\p{L}+/gu) ?? [];
  let letters = 0;
  for (const word of words) letters += word.length;
  if (letters < MIN_CHARS_FOR_LANGUAGE) return true;
  const lowerWords = words.filter(startsLowerCase);
  const prose = lowerWords.length >= 20 && lowerWords.length / words.length > 0.4;
  if (!prose) return true;
  // English function words are evidence enough; the trigram detector (the costly part) only runs without them.
  const english = lowerWords.filter((w) => ENGLISH_FUNCTION_WORDS.has(w)).length;
  const detected = english / lowerWords.length > 0.08 ? 'eng' : franc(sample, { minLength: MIN_CHARS_FOR_LANGUAGE });
  if (detected === 'eng' || detected === 'und') {
    if (!article.meta.language && detected === 'eng') article.meta.language = 'en';
    return true;
  }
  const code = BCP47[detected] ?? detected;
  if (!article.meta.language) article.meta.language = code;
  article.report('warning', 'entities.language', `the text looks like ${code} (detected), not English: the entity model is trained on English news only, so no entities were recognised`);
  return false;
}

function startsLowerCase(word: string): boolean {
  const first = word.charCodeAt(0);
  if (first >= 97 && first <= 122) return true;
  return first >= 128 && /^\p{Ll}/u.test(word); // ASCII capitals are not, and need no regular expression
}

const ENGLISH_FUNCTION_WORDS = new Set(['the', 'of', 'and', 'to', 'in', 'a', 'is', 'was', 'for', 'on', 'that', 'with', 'by', 'at', 'from', 'it', 'as', 'he', 'she', 'they', 'said', 'has', 'have', 'were', 'are', 'be', 'this', 'which', 'an', 'but', 'not', 'will', 'after', 'who']);

function isShouting(traits: Uint16Array): boolean {
  const { letters, upper } = countCapitals(traits, 0, traits.length);
  return letters >= 20 && upper / letters > 0.8;
}

