import { readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';

export function isGlob(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

/** A glob (`*`, `**`, `?`, `[abc]`, `{a,b}`) as an anchored regular expression over `/`-separated paths. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slash = pattern[i + 2] === '/';
        source += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else source += '[^/]*';
    } else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) source += '\\[';
      else {
        source += `[${pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '{') {
      const close = pattern.indexOf('}', i + 1);
      if (close < 0) source += '\\{';
      else {
        source += `(?:${pattern.slice(i + 1, close).split(',').map(escapeRegExp).join('|')})`;
        i = close;
      }
    } else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`);
}

/** Files matching the glob, sorted; the walk starts at the pattern's longest literal directory prefix. */
export async function expandGlob(pattern: string): Promise<string[]> {
  const normalised = pattern.split(sep).join('/');
  const parts = normalised.split('/');
  const firstMagic = parts.findIndex(isGlob);
  const base = parts.slice(0, firstMagic).join('/') || (normalised.startsWith('/') ? '/' : '.');
  const matcher = globToRegExp(base === '.' && !normalised.startsWith('./') ? normalised : normalised.replace(/^\.\//, ''));
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = dir === '.' ? entry.name : join(dir, entry.name).split(sep).join('/');
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && matcher.test(path)) found.push(path);
    }
  };
  await walk(base);
  return found.sort();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
