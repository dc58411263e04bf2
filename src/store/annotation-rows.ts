import type { ArticleJson } from '../core/article.js';
import type { SqlConnection } from './connection.js';

/**
 * An article's annotation rows laid out per table, as JSON arrays of rows, made where the article is prepared
 * (an analysis worker) and written without being read back into objects on the writer thread.
 *
 * Why: the writer used to parse the article's body JSON (~14 KB: blocks, dates, provenance, explanations) into
 * thousands of objects, walk them field by field into one parameter array per row and bind each row through
 * better-sqlite3. Now SQLite takes each table's rows as one JSON text and lays them out itself (`json_each`, one
 * statement per table and article), so the writer thread neither parses nor walks them. Rows reach the tables in
 * the same order with the same values as before.
 *
 * Corpus entity ids are known only on the writer: a row names an entity by its index in the article's entity
 * list, and the statement maps it through a JSON array of the article's corpus ids (`ids ->> index`).
 */
export interface AnnotationRows {
  /** [local id, mentions] per entity → article_entities. */
  entities: string;
  /** [entity index, start, end] per mention, entity by entity → mentions. */
  mentions: string;
  /** [local id, kind, start, end, cue start, cue end, speaker name, speaker norm, speaker entity index, speaker start, speaker end, content] → quotes. */
  quotes: string;
  /** [entity index, quote local id] per entity mentioned inside a quote, quote by quote → quote_entities. */
  quoteEntities: string;
  /** [start, end, voice] per sentence (its index is its position) → sentences. */
  sentences: string;
  /** [technique, start, end, voice, rule id, explanation, alternative] per finding → framing. */
  framing: string;
}

/** The rows of `article`; `speakerNorms` and `quoteEntities` are prepareArticle's (one per quote; [entity, quote] index pairs). */
export function annotationRows(article: ArticleJson, speakerNorms: ReadonlyArray<string | null>, quoteEntities: ReadonlyArray<readonly [number, number]>): AnnotationRows {
  const entityIndex = new Map<string, number>();
  article.entities.forEach((entity, index) => {
    if (!entityIndex.has(entity.id)) entityIndex.set(entity.id, index);
  });
  const mentions: Array<[number, number, number]> = [];
  article.entities.forEach((entity, index) => {
    for (const mention of entity.mentions) mentions.push([index, mention.start, mention.end]);
  });
  return {
    entities: JSON.stringify(article.entities.map((entity) => [entity.id, entity.mentions.length])),
    mentions: JSON.stringify(mentions),
    quotes: JSON.stringify(article.quotes.map((quote, index) => [
      quote.id, quote.kind, quote.start, quote.end, quote.cue?.start ?? null, quote.cue?.end ?? null,
      quote.speaker.name, speakerNorms[index] ?? null,
      quote.speaker.entityId ? entityIndex.get(quote.speaker.entityId) ?? null : null,
      quote.speaker.mention?.start ?? null, quote.speaker.mention?.end ?? null, article.text.slice(quote.start, quote.end),
    ])),
    quoteEntities: JSON.stringify(quoteEntities.map(([entity, quote]) => [entity, article.quotes[quote]!.id])),
    sentences: JSON.stringify(article.sentences.map((sentence) => [sentence.start, sentence.end, sentence.voice])),
    framing: JSON.stringify(article.framing.map((finding) => [
      finding.technique, finding.start, finding.end, finding.voice, finding.ruleId, finding.explanation, finding.alternative,
    ])),
  };
}

type Row = readonly unknown[];
/** Corpus id of the entity at an index (undefined: not resolved). */
type CorpusIds = ReadonlyArray<number | undefined>;

interface TableLayout {
  key: keyof AnnotationRows;
  /** SQLite: INSERT … SELECT over json_each(@rows), with @article (its id) and @ids (its corpus ids, a JSON array). */
  sqlite: string;
  /** Other drivers: the table, its columns, and each row as parameters (null: no row, as SQLite's OR IGNORE). */
  table: string;
  columns: readonly string[];
  conflict?: string;
  row(value: Row, index: number, articleId: number, ids: CorpusIds): unknown[] | null;
}

const id = (ids: CorpusIds, index: unknown) => (index === null ? null : ids[index as number] ?? null);

/** In insertion order: the order the tables were written in before, so rowids come out the same. */
const LAYOUTS: readonly TableLayout[] = [
  {
    key: 'entities', table: 'article_entities', columns: ['article_id', 'local_id', 'entity_id', 'mentions'],
    sqlite: `INSERT INTO article_entities (article_id, local_id, entity_id, mentions)
      SELECT @article, value ->> 0, @ids ->> key, value ->> 1 FROM json_each(@rows)`,
    row: (v, index, articleId, ids) => [articleId, v[0], id(ids, index), v[1]],
  },
  {
    key: 'mentions', table: 'mentions', columns: ['article_id', 'entity_id', 'start_offset', 'end_offset'],
    sqlite: `INSERT INTO mentions (article_id, entity_id, start_offset, end_offset)
      SELECT @article, @ids ->> (value ->> 0), value ->> 1, value ->> 2 FROM json_each(@rows)`,
    row: (v, _, articleId, ids) => [articleId, id(ids, v[0]), v[1], v[2]],
  },
  {
    key: 'quotes', table: 'quotes',
    columns: ['article_id', 'local_id', 'kind', 'start_offset', 'end_offset', 'cue_start', 'cue_end', 'speaker_name', 'speaker_norm', 'speaker_entity_id', 'speaker_start', 'speaker_end', 'content'],
    sqlite: `INSERT INTO quotes (article_id, local_id, kind, start_offset, end_offset, cue_start, cue_end, speaker_name, speaker_norm, speaker_entity_id, speaker_start, speaker_end, content)
      SELECT @article, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7,
        @ids ->> (value ->> 8), value ->> 9, value ->> 10, value ->> 11 FROM json_each(@rows)`,
    row: (v, _, articleId, ids) => [articleId, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], id(ids, v[8]), v[9], v[10], v[11]],
  },
  {
    // An entity named twice in a quote, or two local entities of one corpus entity, give one row.
    key: 'quoteEntities', table: 'quote_entities', columns: ['entity_id', 'article_id', 'local_id'], conflict: 'ON CONFLICT DO NOTHING',
    sqlite: `INSERT OR IGNORE INTO quote_entities (entity_id, article_id, local_id)
      SELECT @ids ->> (value ->> 0), @article, value ->> 1 FROM json_each(@rows)`,
    row: (v, _, articleId, ids) => {
      const entity = id(ids, v[0]);
      return entity === null ? null : [entity, articleId, v[1]];
    },
  },
  {
    key: 'sentences', table: 'sentences', columns: ['article_id', 'idx', 'start_offset', 'end_offset', 'voice'],
    sqlite: `INSERT INTO sentences (article_id, idx, start_offset, end_offset, voice)
      SELECT @article, key, value ->> 0, value ->> 1, value ->> 2 FROM json_each(@rows)`,
    row: (v, index, articleId) => [articleId, index, v[0], v[1], v[2]],
  },
  {
    key: 'framing', table: 'framing', columns: ['article_id', 'idx', 'technique', 'start_offset', 'end_offset', 'voice', 'rule_id', 'explanation', 'alternative'],
    sqlite: `INSERT INTO framing (article_id, idx, technique, start_offset, end_offset, voice, rule_id, explanation, alternative)
      SELECT @article, key, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6 FROM json_each(@rows)`,
    row: (v, index, articleId) => [articleId, index, ...v],
  },
];

/** Writes the article's annotation rows; `ids` are the corpus ids of its entities, by index. */
export async function insertAnnotationRows(tx: SqlConnection, articleId: number, ids: CorpusIds, rows: AnnotationRows): Promise<void> {
  if (tx.dialect === 'sqlite') {
    const idsJson = JSON.stringify(ids.map((value) => value ?? null));
    for (const layout of LAYOUTS) {
      if (rows[layout.key] !== '[]') await tx.run(layout.sqlite, [{ article: articleId, ids: idsJson, rows: rows[layout.key] }]);
    }
    return;
  }
  for (const layout of LAYOUTS) {
    const values = JSON.parse(rows[layout.key]) as Row[];
    const built: unknown[][] = [];
    values.forEach((value, index) => {
      const row = layout.row(value, index, articleId, ids);
      if (row) built.push(row);
    });
    await tx.insertMany(layout.table, layout.columns, built, layout.conflict ?? '');
  }
}
