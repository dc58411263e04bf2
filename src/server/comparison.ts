/**
 * The side-by-side comparison of stored articles behind GET /api/compare: the coverage diff of src/compare
 * (compareArticles) on articles read through the Corpus, plus which sentences the articles share and which
 * only one of them carries (the diff aligns quotes and numeric claims, not the rest of the prose).
 */
import type { ArticleJson, Span } from '../core/article.js';
import { PresslensError } from '../core/errors.js';
import { compareArticles, DEFAULT_CLUSTERER_OPTIONS, IncrementalClusterer } from '../compare/index.js';
import { STOPWORDS, wordTokens } from '../compare/features.js';
import type { ArticleSummary, Comparison, Corpus, SearchFilters, SentenceGroup, SentenceOccurrence } from './corpus.js';

/** Most articles on one comparison page: beyond this the columns no longer fit side by side. */
export const MAX_COMPARED = 6;

/**
 * Least Dice overlap of content words for two sentences to count as the same sentence. Rewrites that keep a
 * sentence's facts but swap a few words ("killing four civilians" / "killing four people") stay above it;
 * two sentences that merely share a place name and a verb stay below.
 */
export const SHARED_SENTENCE_SIMILARITY = 0.5;

/** Compares the stored articles with these ids (2 to MAX_COMPARED of them, each once). */
export async function compareStored(corpus: Corpus, ids: readonly string[]): Promise<Comparison> {
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) throw new PresslensError('invalid-input', 'an article is named twice; name each article once');
  if (unique.length < 2 || unique.length > MAX_COMPARED) {
    throw new PresslensError('invalid-input', `name 2 to ${MAX_COMPARED} articles to compare (id=…&id=…), not ${unique.length}`);
  }
  const articles = await Promise.all(unique.map((id) => corpus.getArticle(id)));
  const missing = unique.filter((_, i) => !articles[i]);
  if (missing.length) throw new PresslensError('not-found', `no article with id ${missing.map((id) => `"${id}"`).join(', ')}`);
  const found = articles as ArticleJson[];
  return { diff: compareArticles(found), sentences: alignSentences(found) };
}

/** Most articles around a story looked at to find its other coverage (one page of the corpus). */
const STORY_CANDIDATES = 100;
const DAY_MS = 86_400_000;

/**
 * The other articles of the corpus that the story clusterer of src/compare puts in the same story as `id`:
 * the articles published within the clusterer's time window of it (at most STORY_CANDIDATES, newest first; the
 * newest of the corpus when it has no date) are clustered afresh, oldest first. This stands in for story
 * clusters kept with the corpus, and shares the clusterer's limits (docs/COMPARE.md): rewrites that share few
 * words and names are missed.
 */
export async function sameStory(corpus: Corpus, id: string): Promise<ArticleSummary[]> {
  const article = await corpus.getArticle(id);
  if (!article) throw new PresslensError('not-found', `no article with id "${id}"`);
  const filters: SearchFilters = { limit: STORY_CANDIDATES };
  const published = article.publishedAt ? Date.parse(article.publishedAt) : Number.NaN;
  if (!Number.isNaN(published)) {
    const windowMs = DEFAULT_CLUSTERER_OPTIONS.windowHours * 3_600_000;
    filters.from = new Date(published - windowMs - DAY_MS).toISOString().slice(0, 10);
    filters.to = new Date(published + windowMs + DAY_MS).toISOString().slice(0, 10);
  }
  const hits = (await corpus.search('', filters)).items.filter((hit) => hit.id !== id);
  const others = await Promise.all(hits.map((hit) => corpus.getArticle(hit.id)));
  const clusterer = new IncrementalClusterer();
  const time = (a: ArticleJson) => (a.publishedAt ? Date.parse(a.publishedAt) || 0 : 0);
  for (const a of [article, ...others.filter((a): a is ArticleJson => a !== null)].sort((a, b) => time(a) - time(b))) clusterer.add(a);
  const story = clusterer.clusterOf(id);
  return hits.filter((hit) => clusterer.clusterOf(hit.id) === story).map(({ snippet: _snippet, ...summary }) => summary);
}

interface Sentence extends Span {
  words: Set<string>;
}

/**
 * Groups the articles' sentences: each sentence, in article order, joins the best-matching still ungrouped
 * sentence of every later article when their overlap reaches SHARED_SENTENCE_SIMILARITY. Groups come in the
 * order of their first sentence (the first article's text, then what the others add).
 */
export function alignSentences(articles: readonly ArticleJson[]): SentenceGroup[] {
  const sentences = articles.map(sentencesOf);
  const grouped = sentences.map((list) => new Array<boolean>(list.length).fill(false));
  const groups: SentenceGroup[] = [];
  articles.forEach((article, a) => {
    sentences[a]!.forEach((sentence, s) => {
      if (grouped[a]![s]) return;
      grouped[a]![s] = true;
      const occurrences: SentenceOccurrence[] = [occurrence(article, sentence, 1)];
      for (let b = a + 1; b < articles.length; b++) {
        let best = -1;
        let bestSimilarity = 0;
        sentences[b]!.forEach((other, t) => {
          if (grouped[b]![t]) return;
          const similarity = dice(sentence.words, other.words);
          if (similarity > bestSimilarity) [best, bestSimilarity] = [t, similarity];
        });
        if (best >= 0 && bestSimilarity >= SHARED_SENTENCE_SIMILARITY) {
          grouped[b]![best] = true;
          occurrences.push(occurrence(articles[b]!, sentences[b]![best]!, bestSimilarity));
        }
      }
      const articleIds = occurrences.map((o) => o.articleId);
      groups.push({
        status: articleIds.length > 1 ? 'shared' : 'exclusive',
        articleIds,
        omittedBy: articles.map((x) => x.id).filter((id) => !articleIds.includes(id)),
        occurrences,
      });
    });
  });
  return groups;
}

function occurrence(article: ArticleJson, sentence: Sentence, similarity: number): SentenceOccurrence {
  return { articleId: article.id, start: sentence.start, end: sentence.end, text: article.text.slice(sentence.start, sentence.end), similarity: +similarity.toFixed(3) };
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return (2 * shared) / (a.size + b.size);
}

// A sentence ends at . ! or ? (and any closing quotes or brackets) followed by space and a capital or an opening quote.
const SENTENCE_END = /[.!?]+["'”’)\]]*\s+(?=["'“‘(]?\p{Lu})/gu;

/**
 * The article's sentences with their content words: the segment stage's sentences, or, for an analysis
 * without them, each block (paragraph) split at sentence-ending punctuation.
 */
function sentencesOf(article: ArticleJson): Sentence[] {
  let spans: Span[] = article.sentences;
  if (!spans.length) {
    const blocks = article.blocks.length ? article.blocks : [{ start: 0, end: article.text.length }];
    spans = blocks.flatMap((block) => splitSentences(article.text, block));
  }
  return spans.map((span) => ({ ...span, words: contentWords(article.text.slice(span.start, span.end)) }));
}

function splitSentences(text: string, block: Span): Span[] {
  const spans: Span[] = [];
  const body = text.slice(block.start, block.end);
  let start = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(body); m; m = SENTENCE_END.exec(body)) {
    const end = m.index + m[0].trimEnd().length;
    spans.push(trimmed(text, block.start + start, block.start + end));
    start = m.index + m[0].length;
  }
  spans.push(trimmed(text, block.start + start, block.end));
  return spans.filter((span) => span.end > span.start);
}

function trimmed(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

function contentWords(sentence: string): Set<string> {
  return new Set(wordTokens(sentence).map((t) => t.norm).filter((word) => !STOPWORDS.has(word)));
}
