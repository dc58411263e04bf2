/**
 * The server's access token, when it asks for one (reads from another machine, or a server started with
 * --open nobody). Kept in sessionStorage: it lasts as long as the tab and is never written to disk by the page.
 */
const TOKEN_KEY = 'presslens.token';
const listeners = new Set<() => void>();

export function accessToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Saves (or, given null or blanks, forgets) the token, and tells every loaded view to load again with it. */
export function setAccessToken(token: string | null): void {
  const trimmed = token?.trim();
  try {
    if (trimmed) sessionStorage.setItem(TOKEN_KEY, trimmed);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the token cannot be kept, and requests go without it.
  }
  for (const listener of listeners) listener();
}

export function onAccessTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
