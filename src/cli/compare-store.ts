/**
 * `presslens compare --db …`: story clusters read from the corpus store (kept up to date by ingest) instead of
 * recomputed: list them, compare the articles of one, or place articles still waiting.
 */
import { existsSync } from 'node:fs';
import type { ArticleJson } from '../core/article.js';
import { PresslensError } from '../core/errors.js';
import { compareArticles } from '../compare/diff/index.js';
import { renderCoverageText } from '../compare/render-text.js';
import { isPostgresUrl, openStore } from '../store/open.js';
import type { StoryClusterQuery, StoryClusterSummary } from '../store/story-cluster-types.js';
import type { Store } from '../store/types.js';
import { count } from './ingest-command.js';
import type { CliIo } from './io.js';

export interface StoredCompareRequest {
  db: string;
  format: 'text' | 'json';
  /** List clusters matching `query`. */
  stories: boolean;
  query: StoryClusterQuery;
  /** Compare the articles of this cluster, or of the cluster of this article. */
  story?: string;
  article?: string;
  /** Only place the articles waiting to be clustered. */
  update: boolean;
}

export function storyQuery(values: Record<string, string | boolean | undefined>, words: string[]): StoryClusterQuery {
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const number = (key: string) => (text(key) === undefined ? undefined : count(text(key)!, `--${key}`));
  return {
    text: words.join(' ') || undefined, entity: text('entity'), from: text('from'), to: text('to'),
    minArticles: number('min-articles'), limit: number('limit'), offset: number('offset'),
  };
}

export async function compareFromStore(request: StoredCompareRequest, io: CliIo): Promise<number> {
  if (!isPostgresUrl(request.db) && !existsSync(request.db)) {
    throw new PresslensError('usage', `${request.db}: no corpus here; build one with presslens ingest (or give --db)`);
  }
  const store = await openStore(request.db);
  try {
    // Reads see every stored article: the few saved since the last update (or stored by another process
    // that has not placed them yet) are placed first.
    const placed = await store.storyClusters.update();
    if (request.update) {
      io.stdout.write(request.format === 'json' ? `${JSON.stringify({ placed })}\n` : `placed ${placed} article${placed === 1 ? '' : 's'} in story clusters\n`);
      return 0;
    }
    if (request.stories) {
      const clusters = await store.storyClusters.list(request.query);
      io.stdout.write(request.format === 'json' ? `${JSON.stringify(clusters, null, 2)}\n` : clusters.map(clusterLine).join('') || 'no story clusters match\n');
      return 0;
    }
    return await compareStory(store, request, io);
  } finally {
    await store.close();
  }
}

async function compareStory(store: Store, request: StoredCompareRequest, io: CliIo): Promise<number> {
  let clusterId = request.story;
  if (request.article) {
    const placement = await store.storyClusters.ofArticle(request.article);
    if (!placement) throw new PresslensError('not-found', `${request.article}: no such article in ${store.location}`);
    clusterId = placement.clusterId;
  }
  const cluster = await store.storyClusters.get(clusterId!);
  if (!cluster) throw new PresslensError('not-found', `${clusterId}: no such story cluster in ${store.location}`);
  const articles: ArticleJson[] = [];
  for (const member of cluster.members) {
    const article = await store.getArticle(member.id);
    if (article) articles.push(article);
  }
  const diff = compareArticles(articles);
  if (request.format === 'json') {
    const { members: _members, ...summary } = cluster;
    io.stdout.write(`${JSON.stringify({ cluster: summary, diff }, null, 2)}\n`);
  } else {
    io.stdout.write(`story ${clusterLine(cluster)}\n${renderCoverageText(diff)}`);
  }
  return 0;
}

function clusterLine(cluster: StoryClusterSummary): string {
  const span = cluster.first ? ` · ${cluster.first.slice(0, 16)}${cluster.last && cluster.last !== cluster.first ? ` – ${cluster.last.slice(0, 16)}` : ''}` : '';
  const label = [...cluster.topEntities.slice(0, 4), ...cluster.topTerms.slice(0, 4)].join(', ');
  return `${cluster.id}: ${cluster.articles} article${cluster.articles === 1 ? '' : 's'}${span} · ${label}\n`;
}
