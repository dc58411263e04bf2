import { PresslensError } from '../core/errors.js';
import { evalQuotesCommand } from './eval-quotes.js';
import type { CliIo } from './io.js';

// Minimal `eval` dispatcher for the quotes branch; the lead reconciles it with the shared subcommand registry.
const EVAL_SUBCOMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  quotes: evalQuotesCommand,
};

export const EVAL_USAGE = `usage: presslens eval <task> [options]

tasks:
  quotes --brat DIR    score quotes, cues and speakers against brat annotations
`;

export async function evalCommand(argv: string[], io: CliIo): Promise<number> {
  const [task, ...rest] = argv;
  if (!task || task === '--help' || task === '-h') {
    io.stdout.write(EVAL_USAGE);
    return task ? 0 : 2;
  }
  const command = EVAL_SUBCOMMANDS[task];
  if (!command) throw new PresslensError('usage', `eval: unknown task "${task}"\n${EVAL_USAGE}`);
  return command(rest, io);
}
