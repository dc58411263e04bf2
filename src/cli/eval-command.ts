import { PresslensError } from '../core/errors.js';
import { evalNerCommand } from './eval-ner.js';
import type { CliIo } from './io.js';

// Minimal `presslens eval` with a registry of subcommands; other evaluations register here.
const EVAL_USAGE = `usage: presslens eval <task> [options]

tasks:
  ner --conll FILE   score entity recognition against your own CoNLL gold (see presslens eval ner --help)
`;

const SUBCOMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  ner: evalNerCommand,
};

export async function evalCommand(argv: string[], io: CliIo): Promise<number> {
  const [task, ...rest] = argv;
  if (!task || task === '--help' || task === '-h') {
    io.stdout.write(EVAL_USAGE);
    return task ? 0 : 2;
  }
  const run = SUBCOMMANDS[task];
  if (!run) throw new PresslensError('usage', `unknown eval task "${task}" (known: ${Object.keys(SUBCOMMANDS).join(', ')})`);
  return run(rest, io);
}
