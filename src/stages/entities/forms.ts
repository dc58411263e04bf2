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
  private hashes = new Int32Array(1024);
  /** Open addressing on the surface's hash: form ids, EMPTY where free. */
  private slots = new Int32Array(4096).fill(EMPTY);
  /** Bumped whenever the table restarts, so caches indexed by form know to drop theirs. */
  generation = 0;

  /** `describe` derives a new form's information; `onRestart` lets the owner drop what it keeps per form. */
  constructor(private readonly describe: (surface: string) => Info, private readonly onRestart: () => void = () => {}) {}

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
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const form = this.slots[slot]!;
      if (form === EMPTY) return this.add(text.slice(start, end), hash, slot);
      if (this.hashes[form] === hash && sameText(this.surfaces[form]!, text, start, end)) return form;
    }
  }

  idOf(surface: string): number {
    return this.idOfSpan(surface, 0, surface.length);
  }

  private add(surface: string, hash: number, slot: number): number {
    const form = this.surfaces.length;
    this.surfaces.push(surface);
    this.infos.push(this.describe(surface));
    if (form === this.hashes.length) {
      const grown = new Int32Array(form * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[form] = hash;
    this.slots[slot] = form;
    if (this.surfaces.length * 2 > this.slots.length) this.rehash();
    return form;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = this.slots.length - 1;
    for (let form = 0; form < this.surfaces.length; form++) {
      let slot = this.hashes[form]! & mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[slot] = form;
    }
  }
}

function sameText(surface: string, text: string, start: number, end: number): boolean {
  if (surface.length !== end - start) return false;
  for (let k = 0; k < surface.length; k++) if (surface.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}
