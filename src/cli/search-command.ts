import { parseArgs } from 'node:util';
import type { Voice } from '../core/article.js';
import { PresslensError } from '../core/errors.js';
import { DEFAULT_DATABASE, isPostgresUrl, openStore } from '../store/open.js';
import type { ArticleQuery, Store } from '../store/types.js';
import { count } from './ingest-command.js';
import type { CliIo } from './io.js';
import { existsSync } from 'node:fs';

export const SEARCH_USAGE = `usage: presslens search [articles] [WORDS ...] [filters]
       presslens search quotes [--speaker NAME] [--entity NAME] [--contains WORDS] [--outlet O]
       presslens search entities [--name PREFIX] [--type TYPE] [--with ENTITY]
       presslens search outlets [--outlet O]
       presslens search stats

Searches the corpus built by \`presslens ingest\`. WORDS: all must match; "a phrase", OR, -excluded.
An entity is NAME or TYPE:NAME (PERSON:Maria Okafor); names match regardless of case and accents.

filters (articles):
  --outlet O          outlet domain (example.com) or site name
  --from DATE         published on or after (YYYY-MM-DD or ISO date-time)
  --to DATE           published on or before
  --entity NAME       mentions this entity
  --speaker NAME      quotes this speaker
  --technique T       has this framing technique (e.g. Loaded_Language)
  --voice V           has sentences in this voice (outlet, quoted, attributed, vague)
options:
  --db PATH|URL       the corpus (default ${DEFAULT_DATABASE})
  --limit N           results (default 20)   --offset N   skip results
  --format text|json  (default text on a terminal, json otherwise)
`;

const MODES = new Set(['articles', 'quotes', 'entities', 'outlets', 'stats']);

export async function searchCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string', default: DEFAULT_DATABASE },
      outlet: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, entity: { type: 'string' },
      speaker: { type: 'string' }, technique: { type: 'string' }, voice: { type: 'string' }, contains: { type: 'string' },
      name: { type: 'string' }, type: { type: 'string' }, with: { type: 'string' },
      limit: { type: 'string' }, offset: { type: 'string' }, format: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(SEARCH_USAGE);
    return 0;
  }
  const mode = positionals[0] && MODES.has(positionals[0]) ? positionals.shift()! : 'articles';
  const format = values.format ?? (io.stdoutIsTTY ? 'text' : 'json');
  if (format !== 'text' && format !== 'json') throw new PresslensError('usage', `unknown --format ${format} (text or json)`);
  if (!isPostgresUrl(values.db) && !existsSync(values.db)) throw new PresslensError('usage', `${values.db}: no corpus here; build one with presslens ingest (or give --db)`);
  const limit = values.limit === undefined ? undefined : count(values.limit, '--limit');
  const store = await openStore(values.db, { readonly: false });
  try {
    const result = await run(store, mode, positionals, values, limit);
    io.stdout.write(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : asText(mode, result));
    return 0;
  } finally {
    await store.close();
  }
}

type Values = Record<string, string | boolean | undefined>;

async function run(store: Store, mode: string, words: string[], values: Values, limit: number | undefined): Promise<unknown> {
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  switch (mode) {
    case 'quotes':
      return store.quotes({ speaker: text('speaker'), entity: text('entity'), text: text('contains') ?? (words.join(' ') || undefined), outlet: text('outlet'), limit });
    case 'entities':
      return text('with') ? store.coMentions(text('with')!, limit) : store.entities({ name: text('name') ?? (words.join(' ') || undefined), type: text('type'), limit });
    case 'outlets':
      return store.outletProfiles(text('outlet'));
    case 'stats':
      return store.stats();
    default: {
      const query: ArticleQuery = {
        text: words.join(' ') || undefined, outlet: text('outlet'), from: text('from'), to: text('to'), entity: text('entity'),
        speaker: text('speaker'), technique: text('technique'), voice: text('voice') as Voice | undefined, limit,
        offset: values.offset === undefined ? undefined : count(text('offset')!, '--offset'),
      };
      return store.search(query);
    }
  }
}

function asText(mode: string, result: unknown): string {
  if (!Array.isArray(result)) return `${Object.entries(result as object).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('\n')}\n`;
  if (result.length === 0) return 'no results\n';
  const rows = result as Array<Record<string, unknown>>;
  switch (mode) {
    case 'quotes':
      return rows.map((q) => `“${q['text']}” — ${q['speaker'] ?? 'unknown speaker'} (${q['outlet'] ?? '?'}, ${String(q['publishedAt'] ?? '').slice(0, 10)}, ${q['articleId']})\n`).join('');
    case 'entities':
      return rows.map((e) => `${String(e['articles']).padStart(6)} articles  ${String(e['mentions']).padStart(6)} mentions  ${e['type']}  ${e['name']}\n`).join('');
    case 'outlets':
      return rows.map((o) => {
        const v = o['voiceShares'] as Record<string, number>;
        return `${o['outlet']} (${o['name'] ?? '—'}): ${o['articles']} articles, ${o['words']} words; voice outlet ${pct(v['outlet'])} quoted ${pct(v['quoted'])} attributed ${pct(v['attributed'])} vague ${pct(v['vague'])}; ${o['distinctSourcesPerArticle']} sources/article; ${o['findingsPer1000Words']} findings per 1,000 words (+${o['quotedFindingsPer1000Words']} in quotes)\n`;
      }).join('');
    default:
      return rows.map((a) => `${a['id']}  ${String(a['publishedAt'] ?? '').slice(0, 10)}  ${a['outlet'] ?? '—'}  ${a['title'] ?? '(no title)'}${a['story'] !== a['id'] ? `  [copy of ${a['story']}]` : ''}\n${a['snippet'] ? `    ${String(a['snippet']).replace(/\s+/g, ' ')}\n` : ''}`).join('');
  }
}

function pct(value: number | undefined): string {
  return `${Math.round((value ?? 0) * 100)}%`;
}
