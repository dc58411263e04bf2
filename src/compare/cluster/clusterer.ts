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
 * Memory: by default every article and cluster stays in memory (a comparison returns them all). A long-running
 * clusterer (the store's) is given `ResidencyOptions`: clusters no article can join any more — their latest
 * article lies more than the window (plus a margin) before the stream's clock — are dropped with their articles'
 * signatures, bucket entries and postings, and a hard cap on resident articles drops the least recently joined
 * clusters beyond it, so memory stays bounded whatever the dates. A dropped cluster can be brought back
 * (`readmit`): the store does so for a wire copy it finds among the stored articles (`wireCopyAmong`).
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

/** How much of its state a long-running clusterer keeps in memory (see the file comment). */
export interface ResidencyOptions {
  /**
   * A cluster whose latest article is older than the clock minus `windowHours` minus this margin is dropped.
   * The clock is the highest median, so far, of the last dated articles' times: an outlier date cannot move it.
   */
  marginHours: number;
  /**
   * The clusters of the last this many placed articles stay whatever their dates, so a small corpus, or one
   * placed in no particular date order, keeps its recent stories joinable.
   */
  keepRecent: number;
  /** Most articles kept in memory; beyond it the least recently joined clusters are dropped (to 90% of it). */
  maxArticles: number;
}

/**
 * The store's residency: a day's margin past the window; 10,000 resident articles hold ~65 MB of heap (random
 * dates, the worst case, reach the cap after ~20,000 articles: flat within a 1 GB WARC of the bench's pages).
 */
export const STORE_RESIDENCY: ResidencyOptions = { marginHours: 24, keepRecent: 5_000, maxArticles: 10_000 };

/** Dated articles whose median is the clock (also how many the store reads back to restore it). */
export const CLOCK_SAMPLE = 63;
/**
 * Most placements between two sweeps for clusters behind the clock (each sweep reads every resident cluster);
 * a twentieth of the cap when that is fewer, so a small cap is also kept by the clock.
 */
const SWEEP_EVERY = 1024;

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
  /** Position in order of creation over the clusterer's whole life (the id is `c` + index): never reused. */
  index: number;
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
  /** Member article slots, in order of arrival. */
  members: number[];
  /** Key ids this cluster has been posted under (a key is posted once per cluster). */
  posted: Set<number>;
  /** Cached TF-IDF norm of the centroid and the corpus size it was computed at (IDF drifts slowly). */
  norm: number;
  normDocuments: number;
  /** Key hits while ranking candidates for one article (valid when `hitStamp` is that article's stamp). */
  hitCount: number;
  hitStamp: number;
  /** Dropped from memory: its postings are being removed. */
  evicted: boolean;
}

export interface ClustererSnapshot {
  schema: 'presslens.clusterer/1';
  options: ClustererOptions;
  termDf: [string, number][];
  entityDf: [string, number][];
  documents: number;
  /**
   * The clusters in memory, by index. `index` is absent in snapshots of clusterers that kept every cluster (the
   * position is the index then), and `clustersMade` (how many were ever made) defaults to the list's length.
   */
  clusters: { index?: number; id: string; terms: [string, number][]; entities: [string, number][]; first: number | null; last: number | null }[];
  clustersMade?: number;
  /** Their articles in placement order; `seq` is the placement's position (absent: the position in this list). */
  articles: { id: string; seq?: number; cluster: number; wireGroupId: string; time: number | null; signature: number[] | null }[];
  /** The residency clock and the recent dated articles' times it is the median of, when residency is on. */
  clock?: number | null;
  recentTimes?: number[];
}

/** What changed since the last `takeChanges()`: enough to keep a stored copy of the state up to date. */
export interface ClustererChanges {
  documents: number;
  /** Articles placed since, in placement order; `seq` is the placement's position (0 for the first article). */
  articles: (ClustererSnapshot['articles'][number] & { seq: number })[];
  /** Clusters made so far (the next cluster's index). */
  clustersMade: number;
  /** Clusters that gained articles, in full, with their index, size and label. */
  clusters: (ClustererSnapshot['clusters'][number] & { index: number; size: number; topTerms: string[]; topEntities: string[] })[];
  /** Current document frequencies of the terms and entity keys those articles counted. */
  termDf: [string, number][];
  entityDf: [string, number][];
}

/**
 * An article with a signature dropped from memory (placed before; a store keeps its LSH band keys so that a wire
 * copy of it still finds it): placement position and signature.
 */
export interface DroppedArticle { seq: number; signature: number[] }

const HOUR_MS = 3_600_000;
const NO_TIME = Number.NaN;

export class IncrementalClusterer {
  readonly options: ClustererOptions;
  private readonly keys = new KeyTable();
  private readonly extractor: FeatureExtractor;
  /**
   * The clusters in memory by index. With residency, in order of their latest join (least recent first: the
   * order the cap drops them in); without, in order of creation.
   */
  private readonly resident = new Map<number, Cluster>();
  private clustersMade = 0;
  /**
   * Articles in memory, each in a slot (slots of dropped articles are reused). Slot by id; per slot: placement
   * position, cluster index, wire group (its first article's slot: copies join its cluster, so they live and go
   * together), time.
   */
  private readonly articleSlot = new Map<string, number>();
  /** The placement positions (`seq`) of the articles in memory: how a store tells which of its rows are held. */
  private readonly residentSeqs = new Set<number>();
  private readonly articleIds: string[] = [];
  private readonly freeSlots: number[] = [];
  private articleSeq = new Float64Array(1024);
  private articleCluster = new Int32Array(1024);
  private articleWireGroup = new Int32Array(1024);
  private articleTime = new Float64Array(1024);
  /** MINHASH_SIZE values per slot; `hasSignature` says whether the article had one. */
  private signatures = new Uint32Array(1024 * MINHASH_SIZE);
  private hasSignature = new Uint8Array(1024);
  /** Posting lists by key id: the clusters whose centroid holds that term or entity, in order of posting. */
  private readonly postings: (Cluster[] | undefined)[] = [];
  /** One bucket map per LSH band: band hash → article slots. */
  private readonly buckets: Map<number, number[]>[] = Array.from({ length: MINHASH_BANDS }, () => new Map());
  /** Articles placed so far (also the next placement's position). */
  private documents = 0;
  /** Residency (null: keep everything), its clock and the ring of recent dated articles' times. */
  private readonly residency: ResidencyOptions | null;
  private clock = Number.NEGATIVE_INFINITY;
  private readonly recentTimes = new Float64Array(CLOCK_SAMPLE);
  private recentCount = 0;
  private placedSinceSweep = 0;
  // Scratch, reused across calls: the stamp of the article whose candidates are counted, and per-key values.
  private readonly termWeights = new KeyScratch();
  private readonly vectorProducts = new KeyScratch();
  private readonly centroidSlots = new KeyScratch();
  private hitStamp = 0;
  /** Change tracking for `takeChanges`, off until first asked for: slots placed since, clusters and keys changed. */
  private changes: { articles: number[]; clusters: Set<number>; keys: Set<number>; dropped: DroppedArticle[] } | null = null;

  constructor(options: Partial<ClustererOptions> = {}, residency: ResidencyOptions | null = null) {
    this.options = { ...DEFAULT_CLUSTERER_OPTIONS, ...options };
    this.extractor = new FeatureExtractor(this.keys, this.options.bodyWords);
    this.residency = residency;
  }

  /** Articles placed so far. */
  get size(): number {
    return this.documents;
  }

  /** Clusters made so far. */
  get clusterCount(): number {
    return this.clustersMade;
  }

  /** Articles and clusters held in memory now. */
  get residentArticles(): number {
    return this.articleSlot.size;
  }

  get residentClusters(): number {
    return this.resident.size;
  }

  /** Places one article and returns its cluster id. Adding an id again returns its earlier cluster. */
  add(doc: ClusterDocument): string {
    return this.place(doc).clusterId;
  }

  /** Like `add`, with the reason for the placement. */
  place(doc: ClusterDocument): ClusterAssignment {
    return this.knownPlacement(doc.id) ?? this.placeFeatures(doc.id, this.features(doc));
  }

  /**
   * Like `place`, with the text-derived features made beforehand (`FeatureExtractor.textFeatures`, e.g. by an
   * analysis worker, with this clusterer's `bodyWords`): the same placement as `place` of the document with that
   * title and text.
   */
  placeWithText(doc: { id: string } & DocumentEntities, text: TextFeatures): ClusterAssignment {
    return this.knownPlacement(doc.id) ?? this.placeFeatures(doc.id, this.featuresWithText(doc, text));
  }

  /**
   * The features `place` reads of a document (its new words interned). With `placeWithFeatures`, placing in two
   * steps lets a caller that keeps dropped clusters elsewhere look for a wire copy among them first (`hasWireCopy`,
   * `wireCopyAmong`, `readmit`).
   */
  features(doc: ClusterDocument): Features {
    checkDocument(doc);
    return this.extractor.extract(doc);
  }

  /** The features `placeWithText` reads. */
  featuresWithText(doc: { id: string } & DocumentEntities, text: TextFeatures): Features {
    if (text.bodyWords !== this.options.bodyWords) {
      throw new PresslensError('invalid-input', `${doc.id}: clustering features made for ${text.bodyWords} body words, the clusterer reads ${this.options.bodyWords}`);
    }
    return this.extractor.fromTextFeatures(text, doc);
  }

  /** Places an article by its `features` or `featuresWithText`: the same placement as `place`. */
  placeWithFeatures(id: string, features: Features): ClusterAssignment {
    return this.knownPlacement(id) ?? this.placeFeatures(id, features);
  }

  /** Whether an article in memory is a wire copy of one with these features (what placing them looks for first). */
  hasWireCopy(features: Features): boolean {
    return this.findWireCopy(features.signature) !== null;
  }

  /** Whether the article placed at this position (`seq`, 0 for the first placement) is in memory. */
  holds(seq: number): boolean {
    return this.residentSeqs.has(seq);
  }

  /**
   * Of articles not in memory (a store's candidates from the LSH bands of these features, by placement position),
   * the one these features are the closest wire copy of, by the estimated Jaccard and bar placing uses; ties go
   * to the first. Candidates in memory are passed over (`signatureOf` is asked only for the others).
   */
  wireCopyAmong<T extends { seq: number }>(features: Features, candidates: readonly T[], signatureOf: (candidate: T) => ArrayLike<number>): T | null {
    if (!features.signature) return null;
    let best: T | null = null;
    let bestJaccard = 0;
    for (const candidate of candidates) {
      if (this.residentSeqs.has(candidate.seq)) continue;
      const jaccard = estimatedJaccard(features.signature, signatureOf(candidate));
      if (jaccard >= this.options.wireJaccard && jaccard > bestJaccard) {
        best = candidate;
        bestJaccard = jaccard;
      }
    }
    return best;
  }

  /**
   * Brings a dropped cluster back into memory with all its articles (as a snapshot holds them, in placement
   * order), as the most recently joined cluster; the residency bounds then apply to it as to any other.
   */
  readmit(cluster: ClustererSnapshot['clusters'][number] & { index: number }, articles: ClustererSnapshot['articles']): void {
    if (this.resident.has(cluster.index)) throw new PresslensError('invalid-input', `clusterer: cluster ${cluster.id} is in memory already`);
    this.restoreCluster(cluster, cluster.index);
    this.restoreArticles(articles);
  }

  private knownPlacement(id: string): ClusterAssignment | null {
    const known = this.assignment(id);
    return known ? { ...known, reason: 'known', score: 1 } : null;
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
    let cluster: Cluster;
    let wireGroup: number | null = null;
    let reason: ClusterAssignment['reason'] = 'new';
    let score = 0;
    if (wire) {
      cluster = this.resident.get(this.articleCluster[wire.article]!)!;
      wireGroup = this.articleWireGroup[wire.article]!;
      reason = 'wire-copy';
      score = wire.jaccard;
    } else {
      const best = this.bestCluster(features);
      if (best && best.score >= this.options.threshold) {
        cluster = best.cluster;
        reason = 'similar';
        score = best.score;
      } else {
        cluster = this.newCluster(this.clustersMade, `c${this.clustersMade}`);
      }
    }
    const slot = this.record(id, features, cluster, wireGroup);
    const assignment: ClusterAssignment = { clusterId: cluster.id, wireGroupId: this.articleIds[this.articleWireGroup[slot]!]!, reason, score };
    if (this.residency) this.keepResidencyBounds(features.time);
    return assignment;
  }

  /** The cluster and wire group of an article added before (and still in memory), or null. */
  assignment(articleId: string): Pick<ClusterAssignment, 'clusterId' | 'wireGroupId'> | null {
    const slot = this.articleSlot.get(articleId);
    if (slot === undefined) return null;
    return { clusterId: this.clusterOfSlot(slot).id, wireGroupId: this.articleIds[this.articleWireGroup[slot]!]! };
  }

  clusterOf(articleId: string): string | null {
    const slot = this.articleSlot.get(articleId);
    return slot === undefined ? null : this.clusterOfSlot(slot).id;
  }

  /** The clusters in memory (all of them without residency), in order of creation. */
  clusters(): ClusterSummary[] {
    return this.clustersByIndex().map((cluster) => this.summary(cluster));
  }

  cluster(clusterId: string): ClusterSummary | null {
    const cluster = clusterId.startsWith('c') ? this.resident.get(Number(clusterId.slice(1))) : undefined;
    return cluster?.id === clusterId ? this.summary(cluster) : null;
  }

  private clusterOfSlot(slot: number): Cluster {
    return this.resident.get(this.articleCluster[slot]!)!;
  }

  private clustersByIndex(): Cluster[] {
    return [...this.resident.values()].sort((a, b) => a.index - b.index);
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
      clusters: this.clustersByIndex().map((cluster) => this.savedCluster(cluster)),
      clustersMade: this.clustersMade,
      articles: this.slotsBySeq([...this.articleSlot.values()]).map((slot) => this.savedArticle(slot)),
      ...(this.residency ? { clock: Number.isFinite(this.clock) ? this.clock : null, recentTimes: this.recentTimesInOrder() } : {}),
    };
  }

  private slotsBySeq(slots: number[]): number[] {
    return slots.sort((a, b) => this.articleSeq[a]! - this.articleSeq[b]!);
  }

  private savedCluster(cluster: Cluster): ClustererSnapshot['clusters'][number] & { index: number } {
    return {
      index: cluster.index,
      id: cluster.id,
      terms: cluster.termIds.map((id, i) => [this.keys.text(id), cluster.termFrequencies[i]!]),
      entities: [...cluster.entities].map(([id, n]) => [this.keys.text(id), n]),
      first: cluster.first,
      last: cluster.last,
    };
  }

  private savedArticle(slot: number): ClustererSnapshot['articles'][number] & { seq: number } {
    const time = this.articleTime[slot]!;
    return {
      id: this.articleIds[slot]!, seq: this.articleSeq[slot]!, cluster: this.articleCluster[slot]!, wireGroupId: this.articleIds[this.articleWireGroup[slot]!]!,
      time: Number.isNaN(time) ? null : time, signature: this.hasSignature[slot] ? [...this.signatureOf(slot)] : null,
    };
  }

  /**
   * The articles dropped from memory since the previous call, once change tracking has started (`takeChanges`):
   * a store that keeps their band keys writes them before it looks up the next wire copy.
   */
  takeDropped(): DroppedArticle[] {
    return this.changes?.dropped.splice(0) ?? [];
  }

  /**
   * The articles, clusters and frequencies changed since the previous call (the first call starts tracking
   * and returns the whole state as changes), so a store can write only what moved.
   */
  takeChanges(): ClustererChanges {
    const changes = this.changes ?? {
      articles: this.slotsBySeq([...this.articleSlot.values()]), clusters: new Set(this.resident.keys()), keys: new Set(this.keys.strings.keys()), dropped: [],
    };
    // Dropped articles are taken by takeDropped alone: those not taken yet stay for it.
    this.changes = { articles: [], clusters: new Set(), keys: new Set(), dropped: changes.dropped };
    const termDf: [string, number][] = [];
    const entityDf: [string, number][] = [];
    for (const id of changes.keys) {
      const value = this.keys.strings[id]!;
      const df = this.keys.df[id]!;
      if (df === 0) continue;
      if (value.startsWith(ENTITY_PREFIX)) entityDf.push([value.slice(1), df]);
      else termDf.push([value, df]);
    }
    // Clusters with changes not yet taken are never dropped (see sweep), so all of these are in memory.
    const articles = changes.articles.map((slot) => this.savedArticle(slot));
    const clusters = [...changes.clusters].sort((a, b) => a - b).map((index) => {
      const cluster = this.resident.get(index)!;
      const summary = this.summary(cluster, false);
      return { ...this.savedCluster(cluster), size: cluster.members.length, topTerms: summary.topTerms, topEntities: summary.topEntities };
    });
    return { documents: this.documents, articles, clusters, clustersMade: this.clustersMade, termDf, entityDf };
  }

  /** The clusterer a snapshot was taken of; with `residency`, it then drops what that residency would not hold. */
  static restore(snapshot: ClustererSnapshot, residency: ResidencyOptions | null = null): IncrementalClusterer {
    if (snapshot?.schema !== 'presslens.clusterer/1') {
      throw new PresslensError('invalid-input', `clusterer snapshot: expected schema presslens.clusterer/1, got ${JSON.stringify(snapshot?.schema)}`);
    }
    const clusterer = new IncrementalClusterer(snapshot.options, residency);
    const keys = clusterer.keys;
    for (const [term, df] of snapshot.termDf) keys.df[keys.word(term)] = df;
    for (const [key, df] of snapshot.entityDf) keys.df[keys.entity(key)] = df;
    clusterer.documents = snapshot.documents;
    snapshot.clusters.forEach((saved, position) => clusterer.restoreCluster(saved, saved.index ?? position));
    // newCluster counted the restored indexes; the snapshot may know of later clusters no longer in memory.
    clusterer.clustersMade = Math.max(clusterer.clustersMade, snapshot.clustersMade ?? 0);
    clusterer.restoreArticles(snapshot.articles);
    if (residency) {
      for (const time of snapshot.recentTimes ?? []) clusterer.noteTime(time);
      clusterer.clock = snapshot.clock ?? Number.NEGATIVE_INFINITY;
      clusterer.sweep();
    }
    return clusterer;
  }

  private restoreCluster(saved: ClustererSnapshot['clusters'][number], index: number): void {
    if (this.resident.has(index)) throw new PresslensError('invalid-input', `clusterer snapshot: cluster index ${index} twice`);
    const cluster = this.newCluster(index, saved.id);
    for (const [term, tf] of saved.terms) {
      cluster.termIds.push(this.keys.word(term));
      cluster.termFrequencies.push(tf);
    }
    for (const [key, n] of saved.entities) cluster.entities.set(this.keys.entity(key), n);
    cluster.first = saved.first;
    cluster.last = saved.last;
    this.post(cluster);
  }

  private restoreArticles(articles: ClustererSnapshot['articles']): void {
    articles.forEach((saved, position) => {
      const cluster = this.resident.get(saved.cluster);
      // A wire group is named by its first article, which was restored before its copies.
      const wireGroup = saved.wireGroupId === saved.id ? null : this.articleSlot.get(saved.wireGroupId);
      if (wireGroup === undefined || cluster === undefined) {
        throw new PresslensError('invalid-input', `clusterer snapshot: article ${saved.id} refers to an unknown cluster or wire group`);
      }
      this.remember(saved.id, saved.seq ?? position, cluster, wireGroup, saved.time, saved.signature ? Uint32Array.from(saved.signature) : null);
    });
  }

  private newCluster(index: number, id: string): Cluster {
    const cluster: Cluster = {
      index, id, termIds: [], termFrequencies: [], entities: new Map(), first: null, last: null, members: [], posted: new Set(), norm: 0, normDocuments: -1,
      hitCount: 0, hitStamp: 0, evicted: false,
    };
    this.resident.set(index, cluster);
    this.clustersMade = Math.max(this.clustersMade, index + 1);
    return cluster;
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

  private bestCluster(features: Features): { cluster: Cluster; score: number } | null {
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

    // Count key hits on the clusters themselves (stamped per call, so the counts are never cleared).
    const hitStamp = ++this.hitStamp;
    const touched: Cluster[] = [];
    const scan = (key: number) => {
      const list = this.postings[key];
      if (!list) return;
      for (let i = list.length - 1, seen = 0; i >= 0 && seen < postingScan; i--, seen++) {
        const cluster = list[i]!;
        if (cluster.hitStamp !== hitStamp) {
          cluster.hitStamp = hitStamp;
          cluster.hitCount = 0;
          touched.push(cluster);
        }
        cluster.hitCount++;
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
    let best: { cluster: Cluster; score: number } | null = null;
    for (const cluster of ranked) {
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
      if (!best || score > best.score) best = { cluster, score };
    }
    return best;
  }

  /**
   * The `limit` clusters with the most key hits, most first; ties keep the order in which they were touched.
   * A counting sort: hit counts are small (at most the number of query keys).
   */
  private mostHits(touched: readonly Cluster[], limit: number): Cluster[] {
    let most = 0;
    for (const cluster of touched) most = Math.max(most, cluster.hitCount);
    const byCount: Cluster[][] = Array.from({ length: most + 1 }, () => []);
    for (const cluster of touched) byCount[cluster.hitCount]!.push(cluster);
    const ranked: Cluster[] = [];
    for (let count = most; count > 0 && ranked.length < limit; count--) {
      for (const cluster of byCount[count]!) {
        if (ranked.length === limit) break;
        ranked.push(cluster);
      }
    }
    return ranked;
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

  /** Counts the article into its cluster and the frequencies; returns its slot. */
  private record(id: string, features: Features, cluster: Cluster, wireGroup: number | null): number {
    const df = this.keys.df;
    const seq = this.documents++;
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
    this.post(cluster);
    const slot = this.remember(id, seq, cluster, wireGroup, features.time, features.signature);
    if (this.residency) {
      // Most recently joined last: the cap drops clusters from the front.
      this.resident.delete(cluster.index);
      this.resident.set(cluster.index, cluster);
    }
    if (this.changes) {
      this.changes.articles.push(slot);
      this.changes.clusters.add(cluster.index);
      for (const term of features.termIds) this.changes.keys.add(term);
      for (const key of features.entityIds) this.changes.keys.add(key);
    }
    return slot;
  }

  /** Keeps an article in a free slot; `wireGroup` null makes it the head of its own wire group. */
  private remember(id: string, seq: number, cluster: Cluster, wireGroup: number | null, time: number | null, signature: Uint32Array | null): number {
    const slot = this.freeSlots.pop() ?? this.articleIds.length;
    if (slot >= this.articleCluster.length) {
      this.articleSeq = grow(this.articleSeq, slot);
      this.articleCluster = grow(this.articleCluster, slot);
      this.articleWireGroup = grow(this.articleWireGroup, slot);
      this.articleTime = grow(this.articleTime, slot);
      this.hasSignature = grow(this.hasSignature, slot);
      this.signatures = grow(this.signatures, (slot + 1) * MINHASH_SIZE);
    }
    this.articleSlot.set(id, slot);
    this.residentSeqs.add(seq);
    this.articleIds[slot] = id;
    this.articleSeq[slot] = seq;
    this.articleCluster[slot] = cluster.index;
    this.articleWireGroup[slot] = wireGroup ?? slot;
    this.articleTime[slot] = time ?? NO_TIME;
    cluster.members.push(slot);
    this.hasSignature[slot] = signature ? 1 : 0;
    if (signature) {
      this.signatures.set(signature, slot * MINHASH_SIZE);
      for (let band = 0; band < MINHASH_BANDS; band++) {
        const buckets = this.buckets[band]!;
        const key = bandHash(signature, band);
        const bucket = buckets.get(key);
        if (bucket) bucket.push(slot);
        else buckets.set(key, [slot]);
      }
    }
    return slot;
  }

  private noteTime(time: number): void {
    this.recentTimes[this.recentCount++ % CLOCK_SAMPLE] = time;
  }

  /**
   * The earliest latest-article time a cluster needs to stay in memory, for a clock made of these recent
   * times (oldest first), or null when there is no clock yet: what a store loads when it restores.
   */
  static residentHorizon(recentTimes: readonly number[], options: Pick<ClustererOptions, 'windowHours'>, residency: ResidencyOptions): number | null {
    const clock = medianTime(recentTimes.slice(-CLOCK_SAMPLE));
    return clock === null ? null : clock - (options.windowHours + residency.marginHours) * HOUR_MS;
  }

  private recentTimesInOrder(): number[] {
    const count = Math.min(this.recentCount, CLOCK_SAMPLE);
    return Array.from({ length: count }, (_, i) => this.recentTimes[(this.recentCount - count + i) % CLOCK_SAMPLE]!);
  }

  /** After a placement: sweeps now and then for clusters behind the clock, and at once when over the cap. */
  private keepResidencyBounds(time: number | null): void {
    if (time !== null) this.noteTime(time);
    const { maxArticles } = this.residency!;
    if (++this.placedSinceSweep >= Math.min(SWEEP_EVERY, Math.ceil(maxArticles / 20)) || this.articleSlot.size > maxArticles) this.sweep();
  }

  /**
   * Drops the clusters no article in date order can join any more (latest article before the clock minus the
   * window and margin) and none of whose articles is among the last `keepRecent` placed, then, while over the cap, the least recently joined ones down to 90% of it. Clusters
   * with changes not yet taken stay (a store has still to write them).
   */
  private sweep(): void {
    const { marginHours, keepRecent, maxArticles } = this.residency!;
    this.placedSinceSweep = 0;
    const clock = medianTime(this.recentTimesInOrder());
    if (clock !== null) this.clock = Math.max(this.clock, clock);
    const horizon = this.clock - (this.options.windowHours + marginHours) * HOUR_MS;
    const pending = this.changes?.clusters;
    const dropped: Cluster[] = [];
    let articles = this.articleSlot.size;
    const drop = (cluster: Cluster) => {
      cluster.evicted = true;
      dropped.push(cluster);
      articles -= cluster.members.length;
    };
    const recentFrom = this.documents - keepRecent;
    for (const cluster of this.resident.values()) {
      if (cluster.last === null || cluster.last >= horizon || pending?.has(cluster.index)) continue;
      if (this.articleSeq[cluster.members[cluster.members.length - 1]!]! < recentFrom) drop(cluster);
    }
    if (articles > maxArticles) {
      const target = Math.floor(maxArticles * 0.9);
      for (const cluster of this.resident.values()) {
        if (articles <= target) break;
        if (!cluster.evicted && !pending?.has(cluster.index)) drop(cluster);
      }
    }
    if (dropped.length) this.forget(dropped);
  }

  /** Removes clusters, their articles, postings and bucket entries (each list filtered once per sweep). */
  private forget(dropped: readonly Cluster[]): void {
    const keys = new Set<number>();
    const slots = new Set<number>();
    const bandKeys: Set<number>[] = Array.from({ length: MINHASH_BANDS }, () => new Set());
    for (const cluster of dropped) {
      this.resident.delete(cluster.index);
      for (const key of cluster.posted) keys.add(key);
      for (const slot of cluster.members) {
        slots.add(slot);
        this.articleSlot.delete(this.articleIds[slot]!);
        this.residentSeqs.delete(this.articleSeq[slot]!);
        this.articleIds[slot] = '';
        if (!this.hasSignature[slot]) continue;
        const signature = this.signatureOf(slot);
        for (let band = 0; band < MINHASH_BANDS; band++) bandKeys[band]!.add(bandHash(signature, band));
        this.changes?.dropped.push({ seq: this.articleSeq[slot]!, signature: [...signature] });
      }
    }
    for (const key of keys) {
      const kept = this.postings[key]!.filter((cluster) => !cluster.evicted);
      this.postings[key] = kept.length ? kept : undefined;
    }
    bandKeys.forEach((hashes, band) => {
      const buckets = this.buckets[band]!;
      for (const hash of hashes) {
        const kept = buckets.get(hash)!.filter((slot) => !slots.has(slot));
        if (kept.length) buckets.set(hash, kept);
        else buckets.delete(hash);
      }
    });
    for (const slot of slots) this.freeSlots.push(slot);
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

  private post(cluster: Cluster): void {
    const add = (key: number) => {
      if (cluster.posted.has(key)) return;
      cluster.posted.add(key);
      const list = this.postings[key];
      if (list) list.push(cluster);
      else this.postings[key] = [cluster];
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

function medianTime(times: number[]): number | null {
  return times.length ? times.sort((a, b) => a - b)[times.length >> 1]! : null;
}

function checkDocument(doc: ClusterDocument): void {
  if (typeof doc.text !== 'string') throw new PresslensError('invalid-input', `${doc.id}: article has no text to cluster`);
}
