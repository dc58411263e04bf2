import { PresslensError } from '../core/errors.js';
import { evalExtractionCommand } from './eval-extraction.js';
import { evalNerCommand } from './eval-ner.js';
import { evalQuotesCommand } from './eval-quotes.js';
import type { CliIo } from './io.js';

type Subcommand = { run: (argv: string[], io: CliIo) => Promise<number>; summary: string };

/** `presslens eval <what>`: one entry per capability that users can measure on their own gold. */
const SUBCOMMANDS: Record<string, Subcommand> = {
  extraction: { run: evalExtractionCommand, summary: 'article text and metadata from HTML pages (--gold FILE --pages DIR)' },
  ner: { run: evalNerCommand, summary: 'entity recognition against CoNLL gold (--conll FILE)' },
  quotes: { run: evalQuotesCommand, summary: 'quotes, cues and speakers against brat annotations (--brat DIR)' },
};

export const EVAL_USAGE = `usage: presslens eval <what> [options]

measure presslens on your own gold data:
${Object.entries(SUBCOMMANDS).map(([name, sub]) => `  ${name.padEnd(12)} ${sub.summary}`).join('\n')}

see presslens eval <what> --help
`;

export async function evalCommand(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.stdout.write(EVAL_USAGE);
    return name ? 0 : 2;
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) throw new PresslensError('usage', `unknown eval subcommand "${name}" (known: ${Object.keys(SUBCOMMANDS).join(', ')})`);
  return sub.run(rest, io);
}
