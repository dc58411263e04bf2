/** The built web UI (dist/web), read once into memory and served with strict security headers. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WebAsset {
  body: Uint8Array;
  type: string;
  /** Hashed file names under assets/ never change, so they may be cached for good. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * No inline script or style, nothing from elsewhere, no plugins, no framing, no form posts off-site.
 * Sigma draws with WebGL on canvases it creates, which needs nothing more.
 */
export const UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Where `npm run build` puts the UI, next to the compiled server. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));

export function loadWebAssets(root: string): Map<string, WebAsset> {
  const assets = new Map<string, WebAsset>();
  if (!existsSync(root)) return assets;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const urlPath = `/${relative(root, path).split(sep).join('/')}`;
        assets.set(urlPath, { body: readFileSync(path), type: TYPES[extname(name)] ?? 'application/octet-stream', immutable: urlPath.startsWith('/assets/') });
      }
    }
  };
  walk(root);
  return assets;
}
