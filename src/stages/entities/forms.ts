/**
 * Interned surface forms: every distinct token text gets a small integer id, and what the recogniser derives
 * from a form (its features, flags, folded spelling) is computed once, on first sight, and kept across
 * documents. Tokens are looked up straight from the article text by their offsets, so a form seen before costs
 * no string allocation: a hash of its characters, then a character comparison with the stored surface.
 */

/** Forms kept between documents; past this the table restarts (so does every cache indexed by form). */
export const MAX_FORMS = 50_000;
const EMPTY = -1;

export class FormTable<Info> {
  private readonly surfaces: string[] = [];
  private readonly infos: Info[] = [];
  /**
   * Open addressing on the surface's hash: pairs (hash, form id), form EMPTY where free. The hash sits beside
   * the id so that a probe reads one place in memory before it compares the surface.
   */
  private slots = new Int32Array(2 * 4096).fill(EMPTY);
  /** Bumped whenever the table restarts, so caches indexed by form know to drop theirs. */
  generation = 0;

  /** `describe` derives a new form's information; `onRestart` lets the owner drop what it keeps per form. */
  constructor(private readonly describe: (surface: string, form: number) => Info, private readonly onRestart: () => void = () => {}) {}

  get size(): number {
    return this.surfaces.length;
  }

  surface(form: number): string {
    return this.surfaces[form]!;
  }

  info(form: number): Info {
    return this.infos[form]!;
  }

  /** Empties the table when it has grown past MAX_FORMS; call between documents, never while ids are in use. */
  restartIfFull(): void {
    if (this.surfaces.length <= MAX_FORMS) return;
    this.surfaces.length = 0;
    this.infos.length = 0;
    this.slots.fill(EMPTY);
    this.generation++;
    this.onRestart();
  }

  /** The form of `text.slice(start, end)`, without making that string unless the form is new. */
  idOfSpan(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let k = start; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const form = slots[2 * slot + 1]!;
      if (form === EMPTY) return this.add(text.slice(start, end), hash, slot);
      if (slots[2 * slot] === hash && sameText(this.surfaces[form]!, text, start, end)) return form;
    }
  }

  idOf(surface: string): number {
    return this.idOfSpan(surface, 0, surface.length);
  }

  private add(surface: string, hash: number, slot: number): number {
    const form = this.surfaces.length;
    this.surfaces.push(surface);
    this.infos.push(this.describe(surface, form));
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = form;
    // At most half full: probes stay short.
    if (this.surfaces.length * 4 > this.slots.length) this.rehash();
    return form;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(EMPTY);
    const mask = this.slots.length / 2 - 1;
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === EMPTY) continue;
      let slot = old[k]! & mask;
      while (this.slots[2 * slot + 1] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[2 * slot] = old[k]!;
      this.slots[2 * slot + 1] = old[k + 1]!;
    }
  }
}

function sameText(surface: string, text: string, start: number, end: number): boolean {
  if (surface.length !== end - start) return false;
  for (let k = 0; k < surface.length; k++) if (surface.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}
