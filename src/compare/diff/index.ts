/**
 * compareArticles: the coverage diff of a set of articles about one story (a cluster, or any chosen
 * articles). It reads entities, quotes and framing findings from the analyses when present, and falls back to
 * capitalised names and quotation marks when a stage has not run (each article says which it got).
 */
import { minhashSignature, estimatedJaccard } from '../cluster/minhash.js';
import { wordTokens } from '../features.js';
import { entityCoverage, entityPresence, speakerCoverage } from './entities.js';
import { framingDifferences } from './framing.js';
import { NameResolver } from './names.js';
import { alignNumbers } from './numbers.js';
import { prepareArticles, type ComparableArticle, type PreparedArticle } from './prepare.js';
import { quoteGroups } from './quotes.js';
import { COVERAGE_DIFF_SCHEMA, type CoverageDiff, type WireGroup } from './types.js';

export type { ComparableArticle } from './prepare.js';
export * from './types.js';

/** Least estimated shingle Jaccard for two articles of the set to be reported as one wire story. */
export const WIRE_COPY_SIMILARITY = 0.6;

export function compareArticles(articles: readonly ComparableArticle[]): CoverageDiff {
  const prepared = prepareArticles(articles);
  const names = new NameResolver([
    ...prepared.flatMap((p) => p.entities.map((e) => ({ key: e.key, name: e.name }))),
    ...prepared.flatMap((p) => p.quotes.filter((q) => q.speakerKey).map((q) => ({ key: q.speakerKey!, name: q.speakerName! }))),
  ]);
  const presence = entityPresence(prepared, names);
  const notes: string[] = [];
  const fallbackEntities = prepared.filter((p) => p.ref.entitiesFrom === 'fallback').map((p) => p.ref.id);
  const fallbackQuotes = prepared.filter((p) => p.ref.quotesFrom === 'fallback').map((p) => p.ref.id);
  if (fallbackEntities.length) notes.push(`no entities in the analysis of ${fallbackEntities.join(', ')}: capitalised names used instead (unreliable types, more noise)`);
  if (fallbackQuotes.length) notes.push(`no quotes in the analysis of ${fallbackQuotes.join(', ')}: direct quotes found by quotation marks, speakers by a nearby name; indirect speech missed`);
  if (prepared.length < 2) notes.push('only one article: nothing to compare it with');
  return {
    schema: COVERAGE_DIFF_SCHEMA,
    articles: prepared.map((p) => p.ref),
    wireGroups: wireGroups(prepared),
    entities: entityCoverage(prepared, presence),
    speakers: speakerCoverage(prepared, presence, names),
    quotes: quoteGroups(prepared, names),
    numbers: alignNumbers(prepared),
    framing: framingDifferences(prepared),
    notes,
  };
}

/** Near-identical articles (one agency text run by several outlets): their inclusions and omissions are one. */
function wireGroups(prepared: readonly PreparedArticle[]): WireGroup[] {
  const signatures = prepared.map((p) => minhashSignature(wordTokens(p.article.text).map((t) => t.norm)));
  const groupOf = new Map<number, number>();
  const groups: { members: number[]; similarity: number }[] = [];
  prepared.forEach((_, i) => {
    if (groupOf.has(i) || !signatures[i]) return;
    const group = { members: [i], similarity: 1 };
    for (let j = i + 1; j < prepared.length; j++) {
      if (groupOf.has(j) || !signatures[j]) continue;
      const similarity = estimatedJaccard(signatures[i]!, signatures[j]!);
      if (similarity >= WIRE_COPY_SIMILARITY) {
        group.members.push(j);
        group.similarity = Math.min(group.similarity, similarity);
        groupOf.set(j, i);
      }
    }
    if (group.members.length > 1) groups.push(group);
  });
  return groups.map((g) => ({ articleIds: g.members.map((i) => prepared[i]!.ref.id), similarity: +g.similarity.toFixed(3) }));
}
