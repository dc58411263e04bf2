/**
 * Who may do what. Writes always need the bearer token. Reads and analysing without storing are open to
 * clients on this machine by default (`open: 'loopback'`), to everyone (`'everyone'`) or only with the token
 * (`'nobody'`). "On this machine" means a loopback peer address AND a loopback Host header: the second check
 * stops a web page from reaching the server through DNS rebinding (a hostile name resolving to 127.0.0.1).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Context } from 'hono';
import { PresslensError } from '../core/errors.js';

export type OpenAccess = 'loopback' | 'everyone' | 'nobody';

export type Permission = 'read' | 'write';

export interface AccessPolicy {
  token: string;
  open: OpenAccess;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function peerAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function hostName(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  const host = hostHeader.toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d+$/, '');
}

export function isLocalRequest(c: Context): boolean {
  return isLoopbackAddress(peerAddress(c)) && LOOPBACK_HOSTS.has(hostName(c.req.header('host')));
}

function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization');
  const match = header && /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Throws `unauthorized` unless the request may do `permission`. */
export function authorize(c: Context, policy: AccessPolicy, permission: Permission): void {
  const given = bearerToken(c);
  if (given !== null) {
    if (sameSecret(given, policy.token)) return;
    throw new PresslensError('unauthorized', 'the bearer token is not the one this server was started with');
  }
  if (permission === 'read' && (policy.open === 'everyone' || (policy.open === 'loopback' && isLocalRequest(c)))) return;
  throw new PresslensError('unauthorized', permission === 'write'
    ? 'writing needs "Authorization: Bearer <token>" (the token presslens serve printed or was given)'
    : 'reading from another machine needs "Authorization: Bearer <token>" (or start the server with --open everyone)');
}

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The token saved in `path`, or a new one written there (mode 0600) on first run. `created` says which, so
 * that the caller prints a new token once and only the path afterwards.
 */
export async function loadOrCreateToken(path: string): Promise<{ token: string; created: boolean }> {
  const saved = await readFile(path, 'utf8').then((s) => s.trim(), () => '');
  if (saved) return { token: saved, created: false };
  const token = generateToken();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return { token, created: true };
}
