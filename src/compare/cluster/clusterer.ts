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
 *
 * Speed: every word and entity key is interned once into a numeric key id; document frequencies, postings and
 * per-article records live in arrays indexed by those ids, and the per-article work (term counts, weights,
 * hits) runs in reused typed scratch arrays, so placing an article allocates little beyond its own features.
 */
import type { Span } from '../../core/article.js';
import { Worker } from 'node:worker_threads';
import { PresslensError } from '../../core/errors.js';
import { ENTITY_PREFIX, FeatureExtractor, KeyTable, type DocumentEntities, type Features, type TextFeatures } from './cluster-features.js';
import { grow } from '../../core/grow.js';
import { KeyScratch } from './key-scratch.js';
import { MINHASH_BANDS, MINHASH_SIZE, bandHash, estimatedJaccard } from './minhash.js';

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
  /**
   * Centroid: term key ids and their summed frequencies, in order of first appearance (pruned to the heaviest
   * terms). Parallel arrays: scoring walks them against the article's vector in a dense scratch array.
   */
  termIds: number[];
  termFrequencies: number[];
  /** Entity key id → number of member articles naming it. */
  entities: Map<number, number>;
  first: number | null;
  last: number | null;
  /** Member article indexes, in order of arrival. */
  members: number[];
  /** Key ids this cluster has been posted under (a key is posted once per cluster). */
  posted: Set<number>;
  /** Cached TF-IDF norm of the centroid and the corpus size it was computed at (IDF drifts slowly). */
  norm: number;
  normDocuments: number;
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

/** What changed since the last `takeChanges()`: enough to keep a stored copy of the state up to date. */
export interface ClustererChanges {
  documents: number;
  /** Articles placed since, in placement order; `seq` is the placement's position (0 for the first article). */
  articles: (ClustererSnapshot['articles'][number] & { seq: number })[];
  /** Clusters that gained articles, in full, with their index, size and label. */
  clusters: (ClustererSnapshot['clusters'][number] & { index: number; size: number; topTerms: string[]; topEntities: string[] })[];
  /** Current document frequencies of the terms and entity keys those articles counted. */
  termDf: [string, number][];
  entityDf: [string, number][];
}

const HOUR_MS = 3_600_000;
const NO_TIME = Number.NaN;

export class IncrementalClusterer {
  readonly options: ClustererOptions;
  private readonly keys = new KeyTable();
  private readonly extractor: FeatureExtractor;
  private readonly clusterList: Cluster[] = [];
  /** Article index by id; per article index: cluster, wire group (its first article's index), time. */
  private readonly articleIndex = new Map<string, number>();
  private readonly articleIds: string[] = [];
  private articleCluster = new Int32Array(1024);
  private articleWireGroup = new Int32Array(1024);
  private articleTime = new Float64Array(1024);
  /** MINHASH_SIZE values per article; `hasSignature` says whether the article had one. */
  private signatures = new Uint32Array(1024 * MINHASH_SIZE);
  private hasSignature = new Uint8Array(1024);
  /** Posting lists by key id: the clusters whose centroid holds that term or entity, in order of posting. */
  private readonly postings: (number[] | undefined)[] = [];
  /** One bucket map per LSH band: band hash → article indexes. */
  private readonly buckets: Map<number, number[]>[] = Array.from({ length: MINHASH_BANDS }, () => new Map());
  private documents = 0;
  // Scratch, reused across calls: hit counts per cluster (stamped, never cleared) and per-key values.
  private readonly termWeights = new KeyScratch();
  private readonly vectorProducts = new KeyScratch();
  private readonly centroidSlots = new KeyScratch();
  private hitCounts = new Uint32Array(1024);
  private hitStamps = new Uint32Array(1024);
  private hitStamp = 0;
  /** Change tracking for `takeChanges`, off until first asked for. */
  private changes: { fromArticle: number; clusters: Set<number>; keys: Set<number> } | null = null;

  constructor(options: Partial<ClustererOptions> = {}) {
    this.options = { ...DEFAULT_CLUSTERER_OPTIONS, ...options };
    this.extractor = new FeatureExtractor(this.keys, this.options.bodyWords);
  }

  get size(): number {
    return this.articleIds.length;
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
    checkDocument(doc);
    return this.placeFeatures(doc.id, this.extractor.extract(doc));
  }

  /**
   * Like `place`, with the text-derived features made beforehand (`FeatureExtractor.textFeatures`, e.g. by an
   * analysis worker, with this clusterer's `bodyWords`): the same placement as `place` of the document with that
   * title and text.
   */
  placeWithText(doc: { id: string } & DocumentEntities, text: TextFeatures): ClusterAssignment {
    if (text.bodyWords !== this.options.bodyWords) {
      throw new PresslensError('invalid-input', `${doc.id}: clustering features made for ${text.bodyWords} body words, the clusterer reads ${this.options.bodyWords}`);
    }
    const known = this.assignment(doc.id);
    if (known) return { ...known, reason: 'known', score: 1 };
    return this.placeFeatures(doc.id, this.extractor.fromTextFeatures(text, doc));
  }

  /**
   * Places many documents in order, with the same result as `place` one by one, while a worker thread computes
   * the features of the next batch (tokens, names, MinHash: about a third of the work). The worker keeps a copy
   * of the key table and sends the keys it adds, in order, so both number every key alike.
   */
  async placeAll(docs: Iterable<ClusterDocument>, batchSize = 256): Promise<ClusterAssignment[]> {
    const worker = new Worker(new URL('./feature-worker.js', import.meta.url), {
      workerData: { keys: this.keys.strings, bodyWords: this.options.bodyWords },
    });
    const replies: { resolve: (reply: FeatureReply) => void; reject: (error: Error) => void }[] = [];
    worker.on('message', (reply: FeatureReply) => replies.shift()?.resolve(reply));
    worker.on('error', (error) => replies.splice(0).forEach((r) => r.reject(error)));
    const request = (batch: ClusterDocument[]) => new Promise<FeatureReply>((resolve, reject) => {
      replies.push({ resolve, reject });
      worker.postMessage(batch.map(({ id, title, text, publishedAt, entities }) => ({
        id, title, text, publishedAt, entities: entities?.map((e) => ({ name: e.name })),
      })));
    });
    const assignments: ClusterAssignment[] = [];
    try {
      const batches: ClusterDocument[][] = [];
      const inFlight: Promise<FeatureReply>[] = [];
      let batch: ClusterDocument[] = [];
      const placeOldest = async () => {
        const reply = await inFlight.shift()!;
        const docs = batches.shift()!;
        for (const key of reply.newKeys) this.keys.intern(key);
        if (this.keys.size !== reply.keyCount) throw new Error(`clusterer: key tables out of step (${this.keys.size} ≠ ${reply.keyCount})`);
        docs.forEach((doc, i) => {
          const known = this.assignment(doc.id);
          assignments.push(known ? { ...known, reason: 'known', score: 1 } : this.placeFeatures(doc.id, reply.features[i]!));
        });
      };
      const send = async () => {
        batches.push(batch);
        inFlight.push(request(batch));
        batch = [];
        // Two batches in flight: the worker computes one while this thread places the other.
        if (inFlight.length > 1) await placeOldest();
      };
      for (const doc of docs) {
        checkDocument(doc);
        batch.push(doc);
        if (batch.length === batchSize) await send();
      }
      if (batch.length) await send();
      while (inFlight.length) await placeOldest();
    } finally {
      await worker.terminate();
    }
    return assignments;
  }

  private placeFeatures(id: string, features: Features): ClusterAssignment {
    const wire = this.findWireCopy(features.signature);
    let clusterIndex: number;
    let wireGroup = this.articleIds.length;
    let reason: ClusterAssignment['reason'] = 'new';
    let score = 0;
    if (wire) {
      clusterIndex = this.articleCluster[wire.article]!;
      wireGroup = this.articleWireGroup[wire.article]!;
      reason = 'wire-copy';
      score = wire.jaccard;
    } else {
      const best = this.bestCluster(features);
      if (best && best.score >= this.options.threshold) {
        clusterIndex = best.index;
        reason = 'similar';
        score = best.score;
      } else {
        clusterIndex = this.newCluster(`c${this.clusterList.length}`);
      }
    }
    this.record(id, features, clusterIndex, wireGroup);
    return { clusterId: this.clusterList[clusterIndex]!.id, wireGroupId: this.articleIds[wireGroup]!, reason, score };
  }

  /** The cluster and wire group of an article added before, or null. */
  assignment(articleId: string): Pick<ClusterAssignment, 'clusterId' | 'wireGroupId'> | null {
    const index = this.articleIndex.get(articleId);
    if (index === undefined) return null;
    return { clusterId: this.clusterList[this.articleCluster[index]!]!.id, wireGroupId: this.articleIds[this.articleWireGroup[index]!]! };
  }

  clusterOf(articleId: string): string | null {
    const index = this.articleIndex.get(articleId);
    return index === undefined ? null : this.clusterList[this.articleCluster[index]!]!.id;
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
    const termDf: [string, number][] = [];
    const entityDf: [string, number][] = [];
    for (let id = 0; id < this.keys.size; id++) {
      const df = this.keys.df[id]!;
      if (df === 0) continue;
      const value = this.keys.strings[id]!;
      if (value.startsWith(ENTITY_PREFIX)) entityDf.push([value.slice(1), df]);
      else termDf.push([value, df]);
    }
    return {
      schema: 'presslens.clusterer/1',
      options: this.options,
      termDf,
      entityDf,
      documents: this.documents,
      clusters: this.clusterList.map((cluster) => this.savedCluster(cluster)),
      articles: this.articleIds.map((_, index) => this.savedArticle(index)),
    };
  }

  private savedCluster(cluster: Cluster): ClustererSnapshot['clusters'][number] {
    return {
      id: cluster.id,
      terms: cluster.termIds.map((id, i) => [this.keys.text(id), cluster.termFrequencies[i]!]),
      entities: [...cluster.entities].map(([id, n]) => [this.keys.text(id), n]),
      first: cluster.first,
      last: cluster.last,
    };
  }

  private savedArticle(index: number): ClustererSnapshot['articles'][number] {
    const time = this.articleTime[index]!;
    return {
      id: this.articleIds[index]!, cluster: this.articleCluster[index]!, wireGroupId: this.articleIds[this.articleWireGroup[index]!]!,
      time: Number.isNaN(time) ? null : time, signature: this.hasSignature[index] ? [...this.signatureOf(index)] : null,
    };
  }

  /**
   * The articles, clusters and frequencies changed since the previous call (the first call starts tracking
   * and returns the whole state as changes), so a store can write only what moved.
   */
  takeChanges(): ClustererChanges {
    const changes = this.changes ?? { fromArticle: 0, clusters: new Set(this.clusterList.keys()), keys: new Set(this.keys.strings.keys()) };
    this.changes = { fromArticle: this.articleIds.length, clusters: new Set(), keys: new Set() };
    const termDf: [string, number][] = [];
    const entityDf: [string, number][] = [];
    for (const id of changes.keys) {
      const value = this.keys.strings[id]!;
      const df = this.keys.df[id]!;
      if (df === 0) continue;
      if (value.startsWith(ENTITY_PREFIX)) entityDf.push([value.slice(1), df]);
      else termDf.push([value, df]);
    }
    const articles: ClustererChanges['articles'] = [];
    for (let index = changes.fromArticle; index < this.articleIds.length; index++) articles.push({ ...this.savedArticle(index), seq: index });
    const clusters = [...changes.clusters].sort((a, b) => a - b).map((index) => {
      const cluster = this.clusterList[index]!;
      const summary = this.summary(cluster, false);
      return { ...this.savedCluster(cluster), index, size: cluster.members.length, topTerms: summary.topTerms, topEntities: summary.topEntities };
    });
    return { documents: this.documents, articles, clusters, termDf, entityDf };
  }

  static restore(snapshot: ClustererSnapshot): IncrementalClusterer {
    if (snapshot?.schema !== 'presslens.clusterer/1') {
      throw new PresslensError('invalid-input', `clusterer snapshot: expected schema presslens.clusterer/1, got ${JSON.stringify(snapshot?.schema)}`);
    }
    const clusterer = new IncrementalClusterer(snapshot.options);
    const keys = clusterer.keys;
    for (const [term, df] of snapshot.termDf) keys.df[keys.word(term)] = df;
    for (const [key, df] of snapshot.entityDf) keys.df[keys.entity(key)] = df;
    clusterer.documents = snapshot.documents;
    snapshot.clusters.forEach((saved, index) => {
      const cluster = clusterer.clusterList[clusterer.newCluster(saved.id)]!;
      for (const [term, tf] of saved.terms) {
        cluster.termIds.push(keys.word(term));
        cluster.termFrequencies.push(tf);
      }
      for (const [key, n] of saved.entities) cluster.entities.set(keys.entity(key), n);
      cluster.first = saved.first;
      cluster.last = saved.last;
      clusterer.post(cluster, index);
    });
    const firstOf = new Map<string, number>();
    for (const saved of snapshot.articles) {
      const index = clusterer.articleIds.length;
      // A wire group is named by its first article, which was restored before its copies.
      const wireGroup = saved.wireGroupId === saved.id ? index : firstOf.get(saved.wireGroupId);
      if (wireGroup === undefined || clusterer.clusterList[saved.cluster] === undefined) {
        throw new PresslensError('invalid-input', `clusterer snapshot: article ${saved.id} refers to an unknown cluster or wire group`);
      }
      firstOf.set(saved.id, index);
      clusterer.remember(saved.id, saved.cluster, wireGroup, saved.time, saved.signature ? Uint32Array.from(saved.signature) : null);
    }
    return clusterer;
  }

  private newCluster(id: string): number {
    this.clusterList.push({ id, termIds: [], termFrequencies: [], entities: new Map(), first: null, last: null, members: [], posted: new Set(), norm: 0, normDocuments: -1 });
    return this.clusterList.length - 1;
  }

  private findWireCopy(signature: Uint32Array | null): { article: number; jaccard: number } | null {
    if (!signature) return null;
    let best: { article: number; jaccard: number } | null = null;
    for (let band = 0; band < MINHASH_BANDS; band++) {
      // Boilerplate shared by many articles makes some buckets long: only the most recent entries are read.
      const bucket = this.buckets[band]!.get(bandHash(signature, band));
      if (!bucket) continue;
      for (let i = bucket.length - 1; i >= 0 && i >= bucket.length - this.options.postingScan; i--) {
        const article = bucket[i]!;
        const jaccard = estimatedJaccard(signature, this.signatureOf(article));
        if (jaccard >= this.options.wireJaccard && (!best || jaccard > best.jaccard)) best = { article, jaccard };
      }
    }
    return best;
  }

  private signatureOf(article: number): Uint32Array {
    return this.signatures.subarray(article * MINHASH_SIZE, (article + 1) * MINHASH_SIZE);
  }

  private idf(key: number): number {
    return Math.log((this.documents + 1) / (this.keys.df[key]! + 1)) + 1;
  }

  private bestCluster(features: Features): { index: number; score: number } | null {
    const { queryKeys, postingScan, candidates, windowHours, textWeight, vectorTerms } = this.options;
    const { termIds, termFrequencies, entityIds } = features;
    // Term weights (tf·idf) and idf in scratch arrays by key id; terms ranked by weight (stable: ties keep
    // first-occurrence order).
    const weight = this.termWeights;
    weight.begin(this.keys.size);
    const idfs = new Float64Array(termIds.length);
    const order = new Array<number>(termIds.length);
    for (let i = 0; i < termIds.length; i++) {
      const idf = this.idf(termIds[i]!);
      idfs[i] = idf;
      weight.set(termIds[i]!, termFrequencies[i]! * idf);
      order[i] = i;
    }
    order.sort((a, b) => weight.get(termIds[b]!) - weight.get(termIds[a]!));
    const entityWeights = entityIds.map((id) => this.idf(id));
    const entityOrder = entityIds.map((_, i) => i).sort((a, b) => entityWeights[b]! - entityWeights[a]!);

    // Count key hits per cluster in a reusable array (stamped per call, so it is never cleared).
    if (this.hitCounts.length < this.clusterList.length + 1) this.growHitArrays();
    const hitStamp = ++this.hitStamp;
    const touched: number[] = [];
    const scan = (key: number) => {
      const list = this.postings[key];
      if (!list) return;
      for (let i = list.length - 1, seen = 0; i >= 0 && seen < postingScan; i--, seen++) {
        const index = list[i]!;
        if (this.hitStamps[index] !== hitStamp) {
          this.hitStamps[index] = hitStamp;
          this.hitCounts[index] = 0;
          touched.push(index);
        }
        this.hitCounts[index]!++;
      }
    };
    for (let i = 0; i < order.length && i < queryKeys; i++) scan(termIds[order[i]!]!);
    for (let i = 0; i < entityOrder.length && i < queryKeys; i++) scan(entityIds[entityOrder[i]!]!);
    if (touched.length === 0) return null;
    const ranked = this.mostHits(touched, candidates);

    // The article's heaviest terms stand for it in the cosine; the long tail costs time and adds little.
    // Each vector term's tf·idf² goes into a dense array (stamped), so a centroid is scored in one pass.
    const vectorSize = Math.min(vectorTerms, order.length);
    const product = this.vectorProducts;
    product.begin(this.keys.size);
    let articleNorm = 0;
    for (let i = 0; i < vectorSize; i++) {
      const term = termIds[order[i]!]!;
      articleNorm += weight.get(term) ** 2;
      product.set(term, weight.get(term) * idfs[order[i]!]!);
    }
    articleNorm = Math.sqrt(articleNorm) || 1;
    let entityTotal = 0;
    for (const w of entityWeights) entityTotal += w;
    const window = windowHours * HOUR_MS;
    let best: { index: number; score: number } | null = null;
    for (const index of ranked) {
      const cluster = this.clusterList[index]!;
      if (features.time !== null && cluster.first !== null && cluster.last !== null) {
        if (features.time < cluster.first - window || features.time > cluster.last + window) continue;
      }
      // Σ (tf·idf)(article) × (tf·idf)(centroid): each weighted term carries one idf already.
      let dot = 0;
      const centroid = cluster.termIds;
      for (let i = 0; i < centroid.length; i++) {
        const term = centroid[i]!;
        if (product.has(term)) dot += product.get(term) * cluster.termFrequencies[i]!;
      }
      const cosine = dot / (articleNorm * this.centroidNorm(cluster));
      let score = cosine;
      if (entityTotal > 0 && cluster.entities.size > 0) {
        let shared = 0;
        for (const i of entityOrder) if (cluster.entities.has(entityIds[i]!)) shared += entityWeights[i]!;
        score = cosine ** textWeight * (shared / entityTotal) ** (1 - textWeight);
      }
      if (!best || score > best.score) best = { index, score };
    }
    return best;
  }

  /**
   * The `limit` clusters with the most key hits, most first; ties keep the order in which they were touched.
   * A counting sort: hit counts are small (at most the number of query keys).
   */
  private mostHits(touched: readonly number[], limit: number): number[] {
    let most = 0;
    for (const index of touched) most = Math.max(most, this.hitCounts[index]!);
    const byCount: number[][] = Array.from({ length: most + 1 }, () => []);
    for (const index of touched) byCount[this.hitCounts[index]!]!.push(index);
    const ranked: number[] = [];
    for (let count = most; count > 0 && ranked.length < limit; count--) {
      for (const index of byCount[count]!) {
        if (ranked.length === limit) break;
        ranked.push(index);
      }
    }
    return ranked;
  }

  private growHitArrays(): void {
    this.hitCounts = grow(this.hitCounts, this.clusterList.length);
    this.hitStamps = grow(this.hitStamps, this.clusterList.length);
  }

  private centroidNorm(cluster: Cluster): number {
    if (cluster.normDocuments < 0 || this.documents > cluster.normDocuments * 1.1 + 10) {
      let sum = 0;
      cluster.termIds.forEach((term, i) => (sum += (cluster.termFrequencies[i]! * this.idf(term)) ** 2));
      cluster.norm = Math.sqrt(sum) || 1;
      cluster.normDocuments = this.documents;
    }
    return cluster.norm;
  }

  private record(id: string, features: Features, clusterIndex: number, wireGroup: number): void {
    const cluster = this.clusterList[clusterIndex]!;
    const df = this.keys.df;
    this.documents++;
    for (const term of features.termIds) df[term]!++;
    for (const key of features.entityIds) df[key]!++;
    this.addToCentroid(cluster, features);
    for (const key of features.entityIds) cluster.entities.set(key, (cluster.entities.get(key) ?? 0) + 1);
    if (cluster.termIds.length > 2 * this.options.centroidTerms) this.pruneCentroid(cluster);
    cluster.normDocuments = -1;
    if (features.time !== null) {
      cluster.first = cluster.first === null ? features.time : Math.min(cluster.first, features.time);
      cluster.last = cluster.last === null ? features.time : Math.max(cluster.last, features.time);
    }
    this.post(cluster, clusterIndex);
    this.remember(id, clusterIndex, wireGroup, features.time, features.signature);
    if (this.changes) {
      this.changes.clusters.add(clusterIndex);
      for (const term of features.termIds) this.changes.keys.add(term);
      for (const key of features.entityIds) this.changes.keys.add(key);
    }
  }

  private remember(id: string, clusterIndex: number, wireGroup: number, time: number | null, signature: Uint32Array | null): void {
    const index = this.articleIds.length;
    if (index >= this.articleCluster.length) {
      this.articleCluster = grow(this.articleCluster, index);
      this.articleWireGroup = grow(this.articleWireGroup, index);
      this.articleTime = grow(this.articleTime, index);
      this.hasSignature = grow(this.hasSignature, index);
      this.signatures = grow(this.signatures, (index + 1) * MINHASH_SIZE);
    }
    this.articleIndex.set(id, index);
    this.articleIds.push(id);
    this.articleCluster[index] = clusterIndex;
    this.articleWireGroup[index] = wireGroup;
    this.articleTime[index] = time ?? NO_TIME;
    this.clusterList[clusterIndex]!.members.push(index);
    if (signature) {
      this.signatures.set(signature, index * MINHASH_SIZE);
      this.hasSignature[index] = 1;
      for (let band = 0; band < MINHASH_BANDS; band++) {
        const buckets = this.buckets[band]!;
        const key = bandHash(signature, band);
        const bucket = buckets.get(key);
        if (bucket) bucket.push(index);
        else buckets.set(key, [index]);
      }
    }
  }

  private addToCentroid(cluster: Cluster, features: Features): void {
    // Slot of each centroid term by key id, so each article term finds its slot at once.
    const slot = this.centroidSlots;
    slot.begin(this.keys.size);
    cluster.termIds.forEach((term, i) => slot.set(term, i));
    features.termIds.forEach((term, i) => {
      const tf = features.termFrequencies[i]!;
      if (slot.has(term)) {
        const at = slot.get(term);
        cluster.termFrequencies[at] = cluster.termFrequencies[at]! + tf;
      } else {
        cluster.termIds.push(term);
        cluster.termFrequencies.push(tf);
      }
    });
  }

  /** Keeps the centroid's heaviest terms by TF-IDF (the long tail only adds noise and memory). */
  private pruneCentroid(cluster: Cluster): void {
    const kept = cluster.termIds.map((term, i) => [term, cluster.termFrequencies[i]!, cluster.termFrequencies[i]! * this.idf(term)] as const)
      .sort((a, b) => b[2] - a[2]).slice(0, this.options.centroidTerms);
    cluster.termIds = kept.map(([term]) => term);
    cluster.termFrequencies = kept.map(([, tf]) => tf);
  }

  private post(cluster: Cluster, index: number): void {
    const add = (key: number) => {
      if (cluster.posted.has(key)) return;
      cluster.posted.add(key);
      const list = this.postings[key];
      if (list) list.push(index);
      else this.postings[key] = [index];
    };
    for (const term of cluster.termIds) add(term);
    for (const key of cluster.entities.keys()) add(key);
  }

  private summary(cluster: Cluster, withArticles = true): ClusterSummary {
    // Each weight computed once (a logarithm), not twice per comparison: the same values, so the same order.
    const top = (entries: Iterable<readonly [number, number]>) => Array.from(entries, ([key, n]) => ({ key, weight: n * this.idf(key) }))
      .sort((a, b) => b.weight - a.weight).slice(0, 8).map(({ key }) => this.keys.text(key));
    const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());
    return {
      id: cluster.id,
      articleIds: withArticles ? cluster.members.map((index) => this.articleIds[index]!) : [],
      first: iso(cluster.first),
      last: iso(cluster.last),
      topTerms: top(cluster.termIds.map((term, i) => [term, cluster.termFrequencies[i]!] as const)),
      topEntities: top(cluster.entities),
    };
  }
}

/** What the feature worker sends back for one batch. */
export interface FeatureReply {
  features: Features[];
  /** Keys the worker added for this batch, in order, and the size of its table after them. */
  newKeys: string[];
  keyCount: number;
}

function checkDocument(doc: ClusterDocument): void {
  if (typeof doc.text !== 'string') throw new PresslensError('invalid-input', `${doc.id}: article has no text to cluster`);
}
