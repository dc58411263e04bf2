import { useEffect, useState } from 'preact/hooks';

/** A route is the part of the hash after "#/": a path split into segments, and its query parameters. */
export interface Route {
  segments: string[];
  params: URLSearchParams;
}

export function parseHash(hash: string): Route | null {
  // Hashes that are not routes ("#main", the skip link's target) leave the current page in place.
  if (!hash.startsWith('#/')) return hash === '' || hash === '#' ? { segments: [], params: new URLSearchParams() } : null;
  const [path = '', query = ''] = hash.slice(2).split('?', 2);
  return { segments: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

export function href(segments: string[], params?: Record<string, string | undefined>): string {
  const path = segments.map(encodeURIComponent).join('/');
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value) query.set(key, value);
  const q = query.toString();
  return `#/${path}${q ? `?${q}` : ''}`;
}

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(location.hash) ?? { segments: [], params: new URLSearchParams() });
  useEffect(() => {
    const update = () => {
      const next = parseHash(location.hash);
      if (next) setRoute(next);
    };
    window.addEventListener('hashchange', update);
    window.addEventListener('popstate', update);
    return () => {
      window.removeEventListener('hashchange', update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** Only http(s) links leave the app; anything else (javascript:, data:) is shown as text, never as a link. */
export function safeExternalUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
