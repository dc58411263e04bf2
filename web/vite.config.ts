import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/** The first page load may fetch at most this much JavaScript, gzip-compressed (the target). */
export const FIRST_LOAD_JS_BUDGET = 300 * 1024;

/**
 * Reports the gzip size of the JavaScript the first page loads (the entry chunk and its static imports; lazy
 * chunks such as the graph are excluded) and fails the build over budget.
 */
function firstLoadBudget(): Plugin {
  return {
    name: 'presslens-first-load-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
      const seen = new Set<string>();
      const visit = (name: string) => {
        if (seen.has(name)) return;
        seen.add(name);
        for (const imported of chunks.get(name)?.imports ?? []) visit(imported);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
      const bytes = [...seen].reduce((sum, name) => sum + gzipSync(chunks.get(name)!.code, { level: 9 }).length, 0);
      const lazy = [...chunks.keys()].filter((n) => !seen.has(n)).reduce((sum, n) => sum + gzipSync(chunks.get(n)!.code, { level: 9 }).length, 0);
      process.stdout.write(`presslens web: first page load: ${(bytes / 1024).toFixed(1)} KB of JavaScript gzip (budget ${FIRST_LOAD_JS_BUDGET / 1024} KB); lazy chunks ${(lazy / 1024).toFixed(1)} KB\n`);
      if (bytes > FIRST_LOAD_JS_BUDGET) this.error(`first page load needs ${bytes} bytes of JavaScript gzip, over the budget of ${FIRST_LOAD_JS_BUDGET}`);
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No inline assets: the CSP allows scripts and styles from 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  plugins: [firstLoadBudget()],
});
