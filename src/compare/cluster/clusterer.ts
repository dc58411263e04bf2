/**
 * Incremental story clustering. Each article joins the best-matching recent cluster or starts a new one:
 *
 *   1. wire copies first: a MinHash/LSH bucket hit with estimated shingle Jaccard ≥ `wireJaccard` joins the
 *      copy's cluster and wire group, whatever the time gap;
 *   2. otherwise candidate clusters come from an inverted index (centroid terms and entity keys → clusters),
 *      scanning only the most recent postings, so the cost of an add does not grow with the archive;
 *   3. each candidate inside the time window is scored by TF-IDF cosine against the cluster centroid and by
 *      IDF-weighted entity containment (share of the article's entity weight found in the cluster), combined
 *      as a weighted geometric mean; the best score ≥ `threshold` wins. Without entities on either side the
 *      score is the cosine alone.
 *
 * State is plain data: `snapshot()` gives JSON that `IncrementalClusterer.restore()` turns back into an
 * equivalent clusterer (the indexes are rebuilt from it).
 */
import type { Span } from '../../core/article.js';
import { PresslensError } from '../../core/errors.js';
import { STOPWORDS, nameKey, nameWordKeys, wordTokens } from '../features.js';
import { bandKeys, estimatedJaccard, minhashSignature } from './minhash.js';

/** What clustering needs of an article: a subset of ArticleJson, so analyses can be passed as they are. */
export interface ClusterDocument {
  id: string;
  text: string;
  title?: string | null;
  publishedAt?: string | null;
  entities?: ReadonlyArray<{ name: string; mentions?: readonly Span[] }>;
}

export interface ClustererOptions {
  /** An article may join a cluster whose time span, widened by this many hours, contains it. */
  windowHours: number;
  /** Least combined score (0–1) to join a cluster. */
  threshold: number;
  /**
   * Exponent of TF-IDF cosine in the score, a weighted geometric mean: cosine^w × entityContainment^(1−w).
   * A geometric mean needs both signals: same-type stories elsewhere share words but not names, and other
   * events in the same town share names but not words.
   */
  textWeight: number;
  /** Least estimated shingle Jaccard for two articles to count as copies of one wire story. */
  wireJaccard: number;
  /** Body words read per article (the lede and first paragraphs carry the story's identity). */
  bodyWords: number;
  /** Terms kept in a cluster centroid. */
  centroidTerms: number;
  /** Heaviest article terms used in the cosine. */
  vectorTerms: number;
  /** Article terms (by TF-IDF) and entities used to look up candidate clusters. */
  queryKeys: number;
  /** Most recent postings scanned per key (and articles per LSH bucket). */
  postingScan: number;
  /** Candidates scored per article. */
  candidates: number;
}

export const DEFAULT_CLUSTERER_OPTIONS: ClustererOptions = {
  windowHours: 72,
  threshold: 0.55,
  textWeight: 0.3,
  wireJaccard: 0.6,
  bodyWords: 400,
  centroidTerms: 48,
  vectorTerms: 40,
  queryKeys: 14,
  postingScan: 48,
  candidates: 24,
};

export interface ClusterAssignment {
  clusterId: string;
  /** Id of the first article of this article's wire group (itself when it is not a copy). */
  wireGroupId: string;
  /** How it was placed: a wire copy, joined on similarity (with its score), a new cluster, or added before. */
  reason: 'wire-copy' | 'similar' | 'new' | 'known';
  score: number;
}

export interface ClusterSummary {
  id: string;
  articleIds: string[];
  first: string | null;
  last: string | null;
  /** Highest-weighted centroid terms and entity keys: a label for people and a handle for search. */
  topTerms: string[];
  topEntities: string[];
}

interface Cluster {
  id: string;
  terms: Map<string, number>;
  entities: Map<string, number>;
  first: number | null;
  last: number | null;
  members: string[];
  posted: Set<string>;
  /** Cached TF-IDF norm of the centroid and the corpus size it was computed at (IDF drifts slowly). */
  norm: number;
  normDocuments: number;
}

interface ArticleRecord {
  cluster: number;
  wireGroupId: string;
  time: number | null;
  signature: Uint32Array | null;
}

export interface ClustererSnapshot {
  schema: 'presslens.clusterer/1';
  options: ClustererOptions;
  termDf: [string, number][];
  entityDf: [string, number][];
  documents: number;
  clusters: { id: string; terms: [string, number][]; entities: [string, number][]; first: number | null; last: number | null }[];
  articles: { id: string; cluster: number; wireGroupId: string; time: number | null; signature: number[] | null }[];
}

const HOUR_MS = 3_600_000;
const ENTITY_KEY = '\u0001';

export class IncrementalClusterer {
  readonly options: ClustererOptions;
  private readonly clusterList: Cluster[] = [];
  private readonly articles = new Map<string, ArticleRecord>();
  private readonly articleOrder: string[] = [];
  private readonly termDf = new Map<string, number>();
  private readonly entityDf = new Map<string, number>();
  private readonly postings = new Map<string, number[]>();
  private readonly buckets = new Map<number, number[]>();
  private readonly signatures: (Uint32Array | null)[] = [];
  private documents = 0;
  private hitCounts = new Uint32Array(1024);
  private hitStamps = new Uint32Array(1024);
  private hitStamp = 0;

  constructor(options: Partial<ClustererOptions> = {}) {
    this.options = { ...DEFAULT_CLUSTERER_OPTIONS, ...options };
  }

  get size(): number {
    return this.articles.size;
  }

  get clusterCount(): number {
    return this.clusterList.length;
  }

  /** Places one article and returns its cluster id. Adding an id again returns its earlier cluster. */
  add(doc: ClusterDocument): string {
    return this.place(doc).clusterId;
  }

  /** Like `add`, with the reason for the placement. */
  place(doc: ClusterDocument): ClusterAssignment {
    const known = this.assignment(doc.id);
    if (known) return { ...known, reason: 'known', score: 1 };
    if (typeof doc.text !== 'string') throw new PresslensError('invalid-input', `${doc.id}: article has no text to cluster`);
    const features = this.features(doc);
    const wire = this.findWireCopy(features.signature);
    let clusterIndex: number;
    let wireGroupId = doc.id;
    let reason: ClusterAssignment['reason'] = 'new';
    let score = 0;
    if (wire) {
      const record = this.articles.get(this.articleOrder[wire.article]!)!;
      clusterIndex = record.cluster;
      wireGroupId = record.wireGroupId;
      reason = 'wire-copy';
      score = wire.jaccard;
    } else {
      const best = this.bestCluster(features);
      if (best && best.score >= this.options.threshold) {
        clusterIndex = best.index;
        reason = 'similar';
        score = best.score;
      } else {
        clusterIndex = this.clusterList.length;
        this.clusterList.push({ id: `c${clusterIndex}`, terms: new Map(), entities: new Map(), first: null, last: null, members: [], posted: new Set(), norm: 0, normDocuments: -1 });
      }
    }
    this.record(doc.id, features, clusterIndex, wireGroupId);
    return { clusterId: this.clusterList[clusterIndex]!.id, wireGroupId, reason, score };
  }

  /** The cluster and wire group of an article added before, or null. */
  assignment(articleId: string): Pick<ClusterAssignment, 'clusterId' | 'wireGroupId'> | null {
    const record = this.articles.get(articleId);
    return record ? { clusterId: this.clusterList[record.cluster]!.id, wireGroupId: record.wireGroupId } : null;
  }

  clusterOf(articleId: string): string | null {
    const record = this.articles.get(articleId);
    return record ? this.clusterList[record.cluster]!.id : null;
  }

  clusters(): ClusterSummary[] {
    return this.clusterList.map((cluster) => this.summary(cluster));
  }

  cluster(clusterId: string): ClusterSummary | null {
    const index = Number(clusterId.slice(1));
    const cluster = clusterId.startsWith('c') ? this.clusterList[index] : undefined;
    return cluster ? this.summary(cluster) : null;
  }

  snapshot(): ClustererSnapshot {
    return {
      schema: 'presslens.clusterer/1',
      options: this.options,
      termDf: [...this.termDf],
      entityDf: [...this.entityDf],
      documents: this.documents,
      clusters: this.clusterList.map((c) => ({ id: c.id, terms: [...c.terms], entities: [...c.entities], first: c.first, last: c.last })),
      articles: this.articleOrder.map((id) => {
        const r = this.articles.get(id)!;
        return { id, cluster: r.cluster, wireGroupId: r.wireGroupId, time: r.time, signature: r.signature ? [...r.signature] : null };
      }),
    };
  }

  static restore(snapshot: ClustererSnapshot): IncrementalClusterer {
    if (snapshot?.schema !== 'presslens.clusterer/1') {
      throw new PresslensError('invalid-input', `clusterer snapshot: expected schema presslens.clusterer/1, got ${JSON.stringify(snapshot?.schema)}`);
    }
    const clusterer = new IncrementalClusterer(snapshot.options);
    for (const [term, df] of snapshot.termDf) clusterer.termDf.set(term, df);
    for (const [key, df] of snapshot.entityDf) clusterer.entityDf.set(key, df);
    clusterer.documents = snapshot.documents;
    snapshot.clusters.forEach((saved, index) => {
      const cluster: Cluster = { id: saved.id, terms: new Map(saved.terms), entities: new Map(saved.entities), first: saved.first, last: saved.last, members: [], posted: new Set(), norm: 0, normDocuments: -1 };
      clusterer.clusterList.push(cluster);
      clusterer.post(cluster, index);
    });
    for (const saved of snapshot.articles) {
      const signature = saved.signature ? Uint32Array.from(saved.signature) : null;
      clusterer.remember(saved.id, { cluster: saved.cluster, wireGroupId: saved.wireGroupId, time: saved.time, signature });
    }
    return clusterer;
  }

  private features(doc: ClusterDocument): Features {
    const { bodyWords } = this.options;
    const title = doc.title ? wordTokens(doc.title, 64) : [];
    const body = wordTokens(doc.text, bodyWords);
    const terms = new Map<string, number>();
    const count = (word: string, weight: number) => {
      if (word.length < 3 || STOPWORDS.has(word) || /^\d/.test(word)) return;
      terms.set(word, (terms.get(word) ?? 0) + weight);
    };
    for (const token of title) count(token.norm, 2);
    for (const token of body) count(token.norm, 1);
    const entities = new Set<string>();
    if (doc.entities && doc.entities.length > 0) {
      for (const entity of doc.entities) entities.add(nameKey(entity.name));
    } else {
      // No entity stage output: fall back to capitalised names in the title and the part of the body read.
      const lastBody = body.length ? body[body.length - 1]!.end : 0;
      for (const key of nameWordKeys(doc.title ?? '')) entities.add(key);
      for (const key of nameWordKeys(doc.text.slice(0, lastBody))) entities.add(key);
    }
    entities.delete('');
    const time = doc.publishedAt ? Date.parse(doc.publishedAt) : NaN;
    return { terms, entities, time: Number.isFinite(time) ? time : null, signature: minhashSignature(body.map((t) => t.norm)) };
  }

  private findWireCopy(signature: Uint32Array | null): { article: number; jaccard: number } | null {
    if (!signature) return null;
    let best: { article: number; jaccard: number } | null = null;
    for (const key of bandKeys(signature)) {
      // Boilerplate shared by many articles makes some buckets long: only the most recent entries are read.
      const bucket = this.buckets.get(key) ?? [];
      for (let i = bucket.length - 1; i >= 0 && i >= bucket.length - this.options.postingScan; i--) {
        const article = bucket[i]!;
        const jaccard = estimatedJaccard(signature, this.signatures[article]!);
        if (jaccard >= this.options.wireJaccard && (!best || jaccard > best.jaccard)) best = { article, jaccard };
      }
    }
    return best;
  }

  private termIdf(term: string): number {
    return Math.log((this.documents + 1) / ((this.termDf.get(term) ?? 0) + 1)) + 1;
  }

  private entityIdf(key: string): number {
    return Math.log((this.documents + 1) / ((this.entityDf.get(key) ?? 0) + 1)) + 1;
  }

  private bestCluster(features: Features): { index: number; score: number } | null {
    const { queryKeys, postingScan, candidates, windowHours, textWeight } = this.options;
    const weighted = [...features.terms].map(([term, tf]) => {
      const idf = this.termIdf(term);
      return [term, tf * idf, idf] as const;
    });
    weighted.sort((a, b) => b[1] - a[1]);
    const keys = weighted.slice(0, queryKeys).map(([term]) => term);
    const entityWeights = [...features.entities].map((key) => [key, this.entityIdf(key)] as const).sort((a, b) => b[1] - a[1]);
    for (const [key] of entityWeights.slice(0, queryKeys)) keys.push(ENTITY_KEY + key);

    // Count key hits per cluster in a reusable array (stamped per call, so it is never cleared).
    if (this.hitCounts.length < this.clusterList.length) this.growHitArrays();
    const stamp = ++this.hitStamp;
    const touched: number[] = [];
    for (const key of keys) {
      const list = this.postings.get(key);
      if (!list) continue;
      for (let i = list.length - 1, seen = 0; i >= 0 && seen < postingScan; i--, seen++) {
        const index = list[i]!;
        if (this.hitStamps[index] !== stamp) {
          this.hitStamps[index] = stamp;
          this.hitCounts[index] = 0;
          touched.push(index);
        }
        this.hitCounts[index]!++;
      }
    }
    if (touched.length === 0) return null;
    touched.sort((a, b) => this.hitCounts[b]! - this.hitCounts[a]!);
    const ranked = touched.slice(0, candidates);

    // The article's heaviest terms stand for it in the cosine; the long tail costs time and adds little.
    const vector = weighted.slice(0, this.options.vectorTerms);
    let articleNorm = 0;
    for (const [, w] of vector) articleNorm += w * w;
    articleNorm = Math.sqrt(articleNorm) || 1;
    const entityTotal = entityWeights.reduce((sum, [, w]) => sum + w, 0);
    const window = windowHours * HOUR_MS;
    let best: { index: number; score: number } | null = null;
    for (const index of ranked) {
      const cluster = this.clusterList[index]!;
      if (features.time !== null && cluster.first !== null && cluster.last !== null) {
        if (features.time < cluster.first - window || features.time > cluster.last + window) continue;
      }
      // Σ (tf·idf)(article) × (tf·idf)(centroid): each weighted term carries one idf already.
      let dot = 0;
      for (const [term, w, idf] of vector) {
        const tf = cluster.terms.get(term);
        if (tf !== undefined) dot += w * tf * idf;
      }
      const cosine = dot / (articleNorm * this.centroidNorm(cluster));
      let score = cosine;
      if (entityTotal > 0 && cluster.entities.size > 0) {
        let shared = 0;
        for (const [key, w] of entityWeights) if (cluster.entities.has(key)) shared += w;
        score = cosine ** textWeight * (shared / entityTotal) ** (1 - textWeight);
      }
      if (!best || score > best.score) best = { index, score };
    }
    return best;
  }

  private growHitArrays(): void {
    const size = Math.max(this.clusterList.length, this.hitCounts.length * 2);
    const counts = new Uint32Array(size);
    const stamps = new Uint32Array(size);
    counts.set(this.hitCounts);
    stamps.set(this.hitStamps);
    this.hitCounts = counts;
    this.hitStamps = stamps;
  }

  private centroidNorm(cluster: Cluster): number {
    if (cluster.normDocuments < 0 || this.documents > cluster.normDocuments * 1.1 + 10) {
      let sum = 0;
      for (const [term, tf] of cluster.terms) sum += (tf * this.termIdf(term)) ** 2;
      cluster.norm = Math.sqrt(sum) || 1;
      cluster.normDocuments = this.documents;
    }
    return cluster.norm;
  }

  private record(id: string, features: Features, clusterIndex: number, wireGroupId: string): void {
    const cluster = this.clusterList[clusterIndex]!;
    this.documents++;
    for (const term of features.terms.keys()) this.termDf.set(term, (this.termDf.get(term) ?? 0) + 1);
    for (const key of features.entities) this.entityDf.set(key, (this.entityDf.get(key) ?? 0) + 1);
    for (const [term, tf] of features.terms) cluster.terms.set(term, (cluster.terms.get(term) ?? 0) + tf);
    for (const key of features.entities) cluster.entities.set(key, (cluster.entities.get(key) ?? 0) + 1);
    if (cluster.terms.size > 2 * this.options.centroidTerms) this.pruneCentroid(cluster);
    cluster.normDocuments = -1;
    if (features.time !== null) {
      cluster.first = cluster.first === null ? features.time : Math.min(cluster.first, features.time);
      cluster.last = cluster.last === null ? features.time : Math.max(cluster.last, features.time);
    }
    this.post(cluster, clusterIndex);
    this.remember(id, { cluster: clusterIndex, wireGroupId, time: features.time, signature: features.signature });
  }

  private remember(id: string, record: ArticleRecord): void {
    const articleIndex = this.articleOrder.length;
    this.articles.set(id, record);
    this.articleOrder.push(id);
    this.signatures.push(record.signature);
    this.clusterList[record.cluster]!.members.push(id);
    if (record.signature) {
      for (const key of bandKeys(record.signature)) {
        const bucket = this.buckets.get(key);
        if (bucket) bucket.push(articleIndex);
        else this.buckets.set(key, [articleIndex]);
      }
    }
  }

  /** Keeps the centroid's heaviest terms by TF-IDF (the long tail only adds noise and memory). */
  private pruneCentroid(cluster: Cluster): void {
    const kept = [...cluster.terms].map(([term, tf]) => [term, tf, tf * this.termIdf(term)] as const)
      .sort((a, b) => b[2] - a[2]).slice(0, this.options.centroidTerms);
    cluster.terms = new Map(kept.map(([term, tf]) => [term, tf]));
  }

  private post(cluster: Cluster, index: number): void {
    const add = (key: string) => {
      if (cluster.posted.has(key)) return;
      cluster.posted.add(key);
      const list = this.postings.get(key);
      if (list) list.push(index);
      else this.postings.set(key, [index]);
    };
    for (const term of cluster.terms.keys()) add(term);
    for (const key of cluster.entities.keys()) add(ENTITY_KEY + key);
  }

  private summary(cluster: Cluster): ClusterSummary {
    const top = (map: Map<string, number>, weight: (key: string) => number) =>
      [...map].sort((a, b) => b[1] * weight(b[0]) - a[1] * weight(a[0])).slice(0, 8).map(([key]) => key);
    const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());
    return {
      id: cluster.id,
      articleIds: [...cluster.members],
      first: iso(cluster.first),
      last: iso(cluster.last),
      topTerms: top(cluster.terms, (t) => this.termIdf(t)),
      topEntities: top(cluster.entities, (k) => this.entityIdf(k)),
    };
  }
}

interface Features {
  terms: Map<string, number>;
  entities: Set<string>;
  time: number | null;
  signature: Uint32Array | null;
}
