/**
 * The OpenAPI 3.1 description of the API, served at /openapi.json. A test checks that it names exactly the
 * routes the app serves. Shapes follow corpus.ts; the Article is schema/article.schema.json itself.
 */
import { readFileSync } from 'node:fs';

const articleSchema = JSON.parse(readFileSync(new URL('../../schema/article.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const coverageDiffSchema = JSON.parse(readFileSync(new URL('../../schema/coverage-diff.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const nullable = (type: string) => ({ type: [type, 'null'] });
const page = (item: string) => ({
  type: 'object', required: ['total', 'items'],
  properties: {
    total: { type: 'integer', minimum: 0 },
    totalCapped: { type: 'boolean', description: 'More matches than `total` exist (a store counts a search up to 1,000).' },
    items: { type: 'array', items: ref(item) },
  },
});
const query = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });
const path = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const paging = [
  query('limit', 'Page size (default 20).', { type: 'integer', minimum: 0, maximum: 100 }),
  query('offset', 'Items to skip.', { type: 'integer', minimum: 0 }),
];
const searchParameters = [
  query('outlet', 'Outlet domain, e.g. northport-gazette.example.'),
  query('from', 'Published on or after this ISO date.', { type: 'string', format: 'date' }),
  query('to', 'Published on or before this ISO date.', { type: 'string', format: 'date' }),
  query('entity', 'Mentions this entity (corpus id or exact name).'),
  query('speaker', 'Quotes this speaker (corpus entity id or exact name).'),
  query('technique', 'Has a framing finding of this technique, e.g. Loaded_Language.'),
  query('voice', 'Has a sentence in this voice.', { enum: ['outlet', 'quoted', 'attributed', 'vague'] }),
  ...paging,
];
const errors = {
  400: problem('Malformed request (bad JSON, bad parameter).'),
  401: problem('Token missing or wrong (writes always; reads from another machine by default).'),
  429: problem('Over the rate limit; see Retry-After.'),
};
const readSecurity = [{}, { bearer: [] }];

const documentRequest = {
  type: 'object',
  description: 'One document, like a line of the CLI\'s JSONL input: one of html or text, or a url alone to fetch it.',
  properties: {
    id: { type: 'string' }, html: { type: 'string' }, text: { type: 'string' },
    url: { type: 'string', format: 'uri', description: 'Alone: fetched (time, size, redirect and content-type limits). With html/text: metadata.' },
    publishedAt: { type: 'string' }, verbatim: { type: 'boolean' },
  },
  additionalProperties: false,
};

const summaryProperties = {
  id: { type: 'string' }, title: nullable('string'), url: nullable('string'), outlet: nullable('string'),
  siteName: nullable('string'), publishedAt: nullable('string'), authors: { type: 'array', items: { type: 'string' } },
  counts: {
    type: 'object',
    properties: { words: { type: 'integer' }, quotes: { type: 'integer' }, entities: { type: 'integer' }, framing: { type: 'integer' } },
  },
};
const snippet = {
  type: 'object', description: 'Plain text with spans to highlight (offsets into this snippet).',
  properties: { text: { type: 'string' }, highlights: { type: 'array', items: { type: 'object', properties: { start: { type: 'integer' }, end: { type: 'integer' } } } } },
};
const entityType = { enum: ['PERSON', 'ORG', 'GPE', 'LOC', 'FAC', 'NORP', 'EVENT', 'WORK', 'PRODUCT', 'LAW', 'MISC'] };
const entitySummaryProperties = {
  id: { type: 'string', description: 'Corpus-wide entity id.' }, name: { type: 'string' }, type: entityType,
  articles: { type: 'integer' }, mentions: { type: 'integer' }, quotes: { type: 'integer' },
};
const voiceShares = { type: 'object', properties: Object.fromEntries(['outlet', 'quoted', 'attributed', 'vague'].map((v) => [v, { type: 'number' }])) };

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'presslens',
    version: '1',
    description: 'Analyse news articles (who says what, in whose voice, with what framing) and explore a corpus. Errors are RFC 9457 problem details.',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The token `presslens serve` printed on first run or was given (--token, PRESSLENS_TOKEN).' } },
    schemas: {
      Article: articleSchema,
      DocumentRequest: documentRequest,
      CoverageDiff: coverageDiffSchema,
      Comparison: {
        type: 'object', required: ['diff', 'sentences'],
        properties: {
          diff: ref('CoverageDiff'),
          sentences: {
            type: 'array',
            description: 'Every sentence of every article once, grouped with its counterparts in the other articles (content-word overlap ≥ 0.5).',
            items: {
              type: 'object',
              properties: {
                status: { enum: ['shared', 'exclusive'] },
                articleIds: { type: 'array', items: { type: 'string' } },
                omittedBy: { type: 'array', items: { type: 'string' } },
                occurrences: {
                  type: 'array',
                  items: { type: 'object', properties: { articleId: { type: 'string' }, start: { type: 'integer' }, end: { type: 'integer' }, text: { type: 'string' }, similarity: { type: 'number' } } },
                },
              },
            },
          },
        },
      },
      Problem: {
        type: 'object', required: ['type', 'title', 'status', 'detail', 'code'],
        properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, code: { type: 'string' }, instance: { type: 'string' } },
      },
      ArticleSummary: { type: 'object', properties: summaryProperties },
      SearchHit: { type: 'object', properties: { ...summaryProperties, snippet } },
      QuoteRecord: {
        type: 'object',
        properties: {
          id: { type: 'string' }, articleId: { type: 'string' }, articleTitle: nullable('string'), outlet: nullable('string'),
          publishedAt: nullable('string'), kind: { enum: ['direct', 'indirect', 'mixed'] }, text: { type: 'string' },
          speaker: { type: 'object', properties: { name: nullable('string'), entityId: nullable('string') } },
        },
      },
      EntitySummary: { type: 'object', properties: entitySummaryProperties },
      EntityDetail: {
        type: 'object',
        properties: {
          ...entitySummaryProperties,
          quotesBy: { type: 'array', items: ref('QuoteRecord') },
          mentionedIn: { type: 'array', items: { type: 'object', properties: { ...summaryProperties, mentions: { type: 'integer' }, snippet } } },
          coMentions: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, type: entityType, articles: { type: 'integer' } } } },
          coMentionLinks: { type: 'array', items: { type: 'object', properties: { source: { type: 'string' }, target: { type: 'string' }, articles: { type: 'integer' } } } },
        },
      },
      OutletProfile: {
        type: 'object',
        properties: {
          domain: { type: 'string' }, name: nullable('string'), articles: { type: 'integer' }, words: { type: 'integer' },
          voiceShare: voiceShares, namedSourcesPerArticle: { type: 'number' }, framingPer1000Words: { type: 'number' },
          topSpeakers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, entityId: nullable('string'), quotes: { type: 'integer' } } } },
          topTechniques: { type: 'array', items: { type: 'object', properties: { technique: { type: 'string' }, count: { type: 'integer' } } } },
          recent: { type: 'array', items: ref('ArticleSummary') },
        },
      },
      IngestResult: {
        type: 'object',
        properties: {
          stored: { type: 'array', items: { type: 'string' } },
          duplicates: { type: 'array', items: { type: 'string' } },
          errors: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, id: nullable('string'), error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } } } },
        },
      },
    },
  },
  paths: {
    '/openapi.json': { get: { summary: 'This document.', security: [{}], responses: { 200: { description: 'OpenAPI 3.1 document.' } } } },
    '/api/health': { get: { summary: 'Liveness.', security: [{}], responses: { 200: json({ type: 'object', properties: { status: { const: 'ok' } } }, 'Up.') } } },
    '/api/analyze': {
      post: {
        summary: 'Analyse one document without storing it.',
        security: readSecurity,
        parameters: [query('verbatim', 'For text/plain bodies: take the text exactly as given.', { type: 'boolean' })],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: ref('DocumentRequest') },
            'text/html': { schema: { type: 'string' } },
            'text/plain': { schema: { type: 'string' } },
          },
        },
        responses: {
          200: json(ref('Article'), 'The analysed article.'), ...errors,
          413: problem('Body over the size limit.'), 415: problem('Unsupported content type.'), 422: problem('Empty or undecodable input.'),
          502: problem('The URL could not be fetched.'), 503: problem('Too many analyses queued; see Retry-After.'), 504: problem('Fetching or analysing took too long.'),
        },
      },
    },
    '/api/articles': { get: { summary: 'Stored articles, newest first.', security: readSecurity, parameters: searchParameters, responses: { 200: json(page('SearchHit'), 'A page of articles.'), ...errors } } },
    '/api/articles/{id}': { get: { summary: 'One stored article.', security: readSecurity, parameters: [path('id', 'Article id.')], responses: { 200: json(ref('Article'), 'The article.'), 404: problem('No such article.'), ...errors } } },
    '/api/articles/{id}/same-story': {
      get: {
        summary: 'Other stored articles the story clusterer places in the same story (published within its time window).',
        security: readSecurity, parameters: [path('id', 'Article id.')],
        responses: { 200: json({ type: 'object', properties: { items: { type: 'array', items: ref('ArticleSummary') } } }, 'The other coverage, newest first.'), 404: problem('No such article.'), ...errors },
      },
    },
    '/api/compare': {
      get: {
        summary: 'Side-by-side comparison of 2 to 6 stored articles: coverage diff (entities, speakers, quotes, numbers, framing) and shared sentences.',
        security: readSecurity,
        parameters: [{ name: 'id', in: 'query', required: true, description: 'An article id; repeat for each article (id=a&id=b).', schema: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 6 }, style: 'form', explode: true }],
        responses: { 200: json(ref('Comparison'), 'The comparison; every span is an offset into its article\'s text.'), 404: problem('No such article.'), ...errors },
      },
    },
    '/api/search': {
      get: {
        summary: 'Full text search with filters.', security: readSecurity,
        parameters: [query('q', 'Words that must all occur (case-insensitive).'), ...searchParameters],
        responses: { 200: json(page('SearchHit'), 'Matching articles, best first.'), ...errors },
      },
    },
    '/api/quotes': {
      get: {
        summary: 'Quotes, by speaker or mentioning an entity.', security: readSecurity,
        parameters: [query('speaker', 'Corpus entity id or exact name.'), query('entity', 'Quotes mentioning this entity.'), query('outlet', 'Outlet domain.'), query('article', 'Article id.'), ...paging],
        responses: { 200: json(page('QuoteRecord'), 'A page of quotes.'), ...errors },
      },
    },
    '/api/entities': {
      get: {
        summary: 'Entities with counts.', security: readSecurity,
        parameters: [query('q', 'Part of the name.'), query('name', 'Exact name (case-insensitive).'), query('type', 'Entity type.', entityType), ...paging],
        responses: { 200: json(page('EntitySummary'), 'A page of entities, most mentioned first.'), ...errors },
      },
    },
    '/api/entities/{id}': { get: { summary: 'One entity: quotes by it, articles mentioning it, co-mentions.', security: readSecurity, parameters: [path('id', 'Corpus entity id.')], responses: { 200: json(ref('EntityDetail'), 'The entity.'), 404: problem('No such entity.'), ...errors } } },
    '/api/outlets/{domain}': { get: { summary: 'Outlet profile: voice shares, sources, framing rate.', security: readSecurity, parameters: [path('domain', 'Outlet domain.')], responses: { 200: json(ref('OutletProfile'), 'The profile.'), 404: problem('No articles from this outlet.'), ...errors } } },
    '/api/ingest': {
      post: {
        summary: 'Analyse and store documents (needs the token).',
        security: [{ bearer: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', minItems: 1, maxItems: 100, items: ref('DocumentRequest') } } } } } },
        responses: { 200: json(ref('IngestResult'), 'What was stored; per-document errors do not fail the request.'), 413: problem('Too many documents or body too large.'), ...errors },
      },
    },
  },
} as const;
