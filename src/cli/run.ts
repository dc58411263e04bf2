import { PresslensError, toPresslensError } from '../core/errors.js';
import type { CliIo } from './io.js';

const USAGE = `usage: presslens <command> [options]

commands:
  analyze [INPUT ...]   analyse articles (files, directories, stdin, JSONL, URLs); see presslens analyze --help
  serve [INPUT ...]     web UI and HTTP API on http://127.0.0.1:8417/; see presslens serve --help
  eval <what>           measure presslens on your own gold (extraction, ner, quotes); see presslens eval --help
  compare INPUT ...     compare how articles cover one story (who is named and quoted, figures, wording)
  ingest [SOURCE ...]   analyse and store documents in a corpus (SQLite or PostgreSQL); files, WARC, feeds, URLs
  worker                take queued ingest jobs from PostgreSQL (several machines, one corpus)
  search [WORDS ...]    search the corpus: articles, quotes, entities, outlet profiles
  export --format F     write the corpus as JSONL, CSV, brat, W3C Web Annotation or schema.org NewsArticle
  audit --data DIR      even-handedness audit of the framing stage over BABE; see presslens audit --help

options written before the command (--flag or --flag=value) are passed to it: presslens --extract-only analyze …
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

/**
 * Loads a command's module on first use, so that `analyze` never pays for the database drivers, the web server
 * or the analysis stages that other commands build at start, and `ingest` starts its analysis workers before
 * `analyze`'s readers and writers are loaded (a batch's start-up counts in its throughput).
 */
function lazy(load: () => Promise<Command>): Command {
  return async (argv, io) => (await load())(argv, io);
}

const COMMANDS: Record<string, Command> = {
  analyze: lazy(async () => (await import('./analyze-command.js')).analyzeCommand),
  serve: lazy(async () => (await import('./serve-command.js')).serveCommand),
  eval: lazy(async () => (await import('./eval-command.js')).evalCommand),
  compare: lazy(async () => (await import('./compare-command.js')).compareCommand),
  ingest: lazy(async () => (await import('./ingest-command.js')).ingestCommand),
  worker: lazy(async () => (await import('./worker-command.js')).workerCommand),
  search: lazy(async () => (await import('./search-command.js')).searchCommand),
  export: lazy(async () => (await import('./export-command.js')).exportCommand),
  audit: lazy(async () => (await import('./audit-command.js')).auditCommand),
};

/**
 * Options written before the command (`presslens --extract-only analyze …`) are handed to the command, so a
 * harness that runs `COMMAND analyze …` can carry them in COMMAND. Only the self-contained forms `--flag` and
 * `--flag=value` are taken this way: a separate value would be mistaken for the command name.
 */
function splitLeadingOptions(argv: string[]): { leading: string[]; name: string | undefined; rest: string[] } {
  let index = 0;
  while (index < argv.length && /^--[a-z]/.test(argv[index]!) && argv[index] !== '--help') index++;
  return { leading: argv.slice(0, index), name: argv[index], rest: argv.slice(index + 1) };
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const { leading, name, rest } = splitLeadingOptions(argv);
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
    return await command([...rest, ...leading], io);
  } catch (error) {
    const isUsage = (error instanceof PresslensError && error.code === 'usage') || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr.write(`presslens: ${toPresslensError(error).message}\n`);
    return isUsage ? 2 : 1;
  }
}

