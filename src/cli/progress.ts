import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';

/** What the batch loop tells the user about its progress; silent when stderr is not a terminal. */
export interface Progress {
  /** One more document done. */
  tick(): void;
  /** Print a line (an error) above the bar without breaking it. */
  log(line: string): void;
  stop(): void;
}

/**
 * A progress bar with documents done, rate and ETA (ETA only when the total is known) on a terminal;
 * on a pipe or a file, lines are written as they are and nothing else.
 */
export function createProgress(stream: Writable, onTerminal: boolean, total: number | null): Progress {
  if (!onTerminal) return { tick: () => undefined, log: (line) => void stream.write(line), stop: () => undefined };
  const bar = new cliProgress.SingleBar({
    stream,
    format: total
      ? 'analysing {bar} {value}/{total} · {rate} docs/s · ETA {eta_formatted}'
      : 'analysing {value} docs · {rate} docs/s',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
    gracefulExit: true,
    // Redraw even when the line looks unchanged: an error line printed above may have wiped it.
    forceRedraw: true,
  }, cliProgress.Presets.shades_classic);
  const started = performance.now();
  let done = 0;
  let running = true;
  bar.start(total ?? 0, 0, { rate: '0.0' });
  return {
    tick() {
      done++;
      bar.update(done, { rate: (done / Math.max(0.001, (performance.now() - started) / 1000)).toFixed(1) });
    },
    log(line) {
      stream.write('\r\x1b[2K' + line);
      if (running) bar.render();
    },
    stop() {
      running = false;
      bar.stop();
    },
  };
}
