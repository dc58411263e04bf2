/**
 * One key per person or organisation across articles: "Mayor Marta Kovell", "Marta Kovell" and "Kovell"
 * name the same speaker. A key maps to a shorter key of two or more words that ends it (a title dropped), and
 * a one-word key maps to the one longer key that ends with it (a surname), when exactly one does.
 */
export class NameResolver {
  private readonly canonical = new Map<string, string>();
  private readonly display = new Map<string, string>();

  constructor(names: Iterable<{ key: string; name: string }>) {
    const keys = new Set<string>();
    for (const { key, name } of names) {
      if (!key) continue;
      keys.add(key);
      // Keep the longest written form as the label (it usually carries the full name).
      if ((this.display.get(key)?.length ?? 0) < name.length) this.display.set(key, name);
    }
    const multiWord = [...keys].filter((k) => k.includes(' '));
    for (const key of keys) {
      let target = this.dropTitle(key, keys);
      if (!key.includes(' ')) {
        const bases = new Set(multiWord.filter((k) => k.endsWith(' ' + key)).map((k) => this.dropTitle(k, keys)));
        if (bases.size === 1) target = [...bases][0]!;
      }
      this.canonical.set(key, target);
    }
  }

  /** The longest shorter key of two or more words that ends `key` ("mayor marta kovell" → "marta kovell"). */
  private dropTitle(key: string, keys: Set<string>): string {
    const words = key.split(' ');
    for (let i = 1; i < words.length - 1; i++) {
      const suffix = words.slice(i).join(' ');
      if (keys.has(suffix)) return suffix;
    }
    return key;
  }

  resolve(key: string): string {
    return this.canonical.get(key) ?? key;
  }

  label(key: string): string {
    return this.display.get(key) ?? key;
  }
}
