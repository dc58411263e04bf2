import { PresslensError, toPresslensError } from '../core/errors.js';
import { analyzeCommand } from './analyze-command.js';
import type { CliIo } from './io.js';

const USAGE = `usage: presslens <command> [options]

commands:
  analyze [INPUT ...]   analyse articles (files, directories, stdin, JSONL, URLs); see presslens analyze --help
  ingest [SOURCE ...]   analyse and store documents in a corpus (SQLite or PostgreSQL); files, WARC, feeds, URLs
  worker                take queued ingest jobs from PostgreSQL (several machines, one corpus)
  search [WORDS ...]    search the corpus: articles, quotes, entities, outlet profiles
  export --format F     write the corpus as JSONL, CSV, brat, W3C Web Annotation or schema.org NewsArticle
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

/** Loads a command's module on first use, so that `analyze` never pays for the database drivers. */
function lazy(load: () => Promise<Command>): Command {
  return async (argv, io) => (await load())(argv, io);
}

const COMMANDS: Record<string, Command> = {
  analyze: analyzeCommand,
  ingest: lazy(async () => (await import('./ingest-command.js')).ingestCommand),
  worker: lazy(async () => (await import('./worker-command.js')).workerCommand),
  search: lazy(async () => (await import('./search-command.js')).searchCommand),
  export: lazy(async () => (await import('./export-command.js')).exportCommand),
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`presslens: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    const isUsage = (error instanceof PresslensError && error.code === 'usage') || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr.write(`presslens: ${toPresslensError(error).message}\n`);
    return isUsage ? 2 : 1;
  }
}

