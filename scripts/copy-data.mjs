// Copies the data files that stages load at run time (lexicons, rules, models) next to the compiled code,
// so that dist/ is self-contained: src/stages/<stage>/**/*.json|txt → dist/stages/<stage>/…
import { cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';

const DATA_EXTENSIONS = new Set(['.json', '.txt', '.tsv', '.bin', '.gz']);

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (DATA_EXTENSIONS.has(extname(name))) out.push(path);
  }
  return out;
}

for (const file of walk('src')) {
  const target = join('dist', file.slice('src/'.length));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
