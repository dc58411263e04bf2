/**
 * The Article model. One immutable clean `text`; everything else is a standoff annotation into it.
 * Offsets are UTF-16 code-unit indices (JavaScript string indices), `end` exclusive — see CONTRACT.md.
 * The JSON projection (`ArticleJson`) is described by schema/article.schema.json.
 */

import type { TokenTable } from '../stages/tokenize/index.js';

export const ARTICLE_SCHEMA = 'presslens.article/1';

export interface Span {
  start: number;
  end: number;
}

/** Where an annotation came from: the stage that made it and the rule or model version behind it. */
export interface Provenance {
  stage: string;
  ruleId?: string;
  model?: string;
}

export type BlockType = 'standfirst' | 'paragraph' | 'heading' | 'blockquote' | 'list-item';
export type Voice = 'outlet' | 'quoted' | 'attributed' | 'vague';
export type EntityType =
  | 'PERSON' | 'ORG' | 'GPE' | 'LOC' | 'FAC' | 'NORP' | 'EVENT' | 'WORK' | 'PRODUCT' | 'LAW' | 'MISC';
export type QuoteKind = 'direct' | 'indirect' | 'mixed';
export type MessageLevel = 'info' | 'warning' | 'error';

export interface Block extends Span {
  type: BlockType;
}

export interface Sentence extends Span {
  voice: Voice;
}

export interface Entity {
  id: string;
  type: EntityType;
  name: string;
  mentions: Span[];
  provenance?: Provenance;
}

export interface Speaker {
  name: string | null;
  entityId: string | null;
  mention: Span | null;
}

export interface Quote extends Span {
  id: string;
  kind: QuoteKind;
  cue: Span | null;
  speaker: Speaker;
  provenance?: Provenance;
}

export interface FramingFinding extends Span {
  technique: string;
  voice: 'outlet' | 'quoted';
  explanation: string;
  alternative: string | null;
  ruleId: string;
  confidence?: number;
  /** The project's finer kind (loaded-label, euphemism, dysphemism, scare-quotes, hedge, …, or model). */
  kind?: string;
  /** The style-guide entry or dictionary note behind a lexicon finding and its alternative. */
  basis?: string;
}

export interface Message {
  level: MessageLevel;
  ruleId: string;
  message: string;
  start?: number;
  end?: number;
}

export interface ArticleMeta {
  url: string | null;
  title: string | null;
  standfirst: string | null;
  authors: string[];
  publishedAt: string | null;
  siteName: string | null;
  language: string | null;
  categories: string[];
}

/** The contract's Article JSON, version 1, plus documented extensions (see schema/article.schema.json). */
export interface ArticleJson extends ArticleMeta {
  schema: typeof ARTICLE_SCHEMA;
  id: string;
  text: string;
  blocks: Block[];
  sentences: Sentence[];
  entities: Entity[];
  quotes: Quote[];
  framing: FramingFinding[];
  messages: Message[];
  /** Extensions added by later stages (e.g. `dates`, `ledger`); each documented in the schema. */
  [extension: string]: unknown;
}

export function emptyMeta(): ArticleMeta {
  return {
    url: null, title: null, standfirst: null, authors: [], publishedAt: null,
    siteName: null, language: null, categories: [],
  };
}

/**
 * The document every stage works on. `text` is fixed at construction (after extraction) and never changes;
 * stages only append annotations, messages and extensions.
 */
export class Article {
  readonly id: string;
  readonly text: string;
  readonly meta: ArticleMeta;
  readonly blocks: Block[];
  sentences: Sentence[] = [];
  /** Tokens of `text`, set by the segment stage; internal, never serialised. */
  tokens: TokenTable | null = null;
  entities: Entity[] = [];
  quotes: Quote[] = [];
  framing: FramingFinding[] = [];
  readonly messages: Message[] = [];
  readonly extensions: Record<string, unknown> = {};

  constructor(init: { id: string; text: string; meta: ArticleMeta; blocks: Block[]; messages?: Message[] }) {
    this.id = init.id;
    this.text = init.text;
    this.meta = init.meta;
    this.blocks = init.blocks;
    if (init.messages) this.messages.push(...init.messages);
  }

  report(level: MessageLevel, ruleId: string, message: string, span?: Span): void {
    const m: Message = { level, ruleId, message };
    if (span) {
      m.start = span.start;
      m.end = span.end;
    }
    this.messages.push(m);
  }

  toJSON(): ArticleJson {
    return {
      schema: ARTICLE_SCHEMA,
      id: this.id,
      ...this.meta,
      text: this.text,
      blocks: this.blocks,
      sentences: this.sentences,
      entities: this.entities,
      quotes: this.quotes,
      framing: this.framing,
      messages: this.messages,
      ...this.extensions,
    };
  }
}
