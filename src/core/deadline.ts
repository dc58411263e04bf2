import { PresslensError } from './errors.js';

/** A per-document time budget that long-running loops check; a limit of 0 never expires. */
export class Deadline {
  private readonly expiresAt: number;

  constructor(readonly limitMs: number, private readonly label: string) {
    this.expiresAt = limitMs > 0 ? performance.now() + limitMs : Number.POSITIVE_INFINITY;
  }

  check(where: string): void {
    if (performance.now() > this.expiresAt) {
      throw new PresslensError('timeout', `${this.label}: time limit of ${this.limitMs} ms exceeded during ${where}`);
    }
  }

  static none(): Deadline {
    return new Deadline(0, '');
  }
}
