import type { ArticleJson } from '../../core/article.js';

/** What the entities stage adds to an article, as compared by the snapshot test (test/fixtures/entities). */
export function entitiesSnapshot(article: ArticleJson): unknown {
  return {
    language: article.language,
    entities: article.entities,
    references: article['references'],
    messages: article.messages.filter((m) => m.ruleId.startsWith('entities.')),
  };
}
