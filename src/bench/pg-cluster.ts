import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

/** Why the PostgreSQL half of a test cannot run here, or null when it can. */
export function postgresUnavailable(): string | null {
  if (!existsSync(join(BIN, 'initdb'))) return `PostgreSQL 15 binaries not found in ${BIN} (apt-get install postgresql)`;
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) return 'no "postgres" system user to run the throwaway cluster';
  return null;
}

export interface ThrowawayCluster {
  /** A connection URL for a fresh database in the cluster. */
  createDatabase(name: string): string;
  stop(): void;
}

/**
 * Starts a private PostgreSQL cluster in a temporary directory on a free port (initdb and pg_ctl refuse to
 * run as root, so they run as `postgres`); the socket lives in the same directory. One per test file.
 */
export async function startCluster(): Promise<ThrowawayCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'presslens-pg-'));
  chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asPostgres = (command: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(BIN, command), ...args], { stdio: 'pipe', cwd: dir });
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses='' -c fsync=off -c max_connections=60`, 'start']);
  const url = (database: string) => `postgres://postgres@localhost/${database}?host=${encodeURIComponent(dir)}&port=${port}`;
  return {
    createDatabase(name) {
      execFileSync(join(BIN, 'psql'), ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-q', '-c', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
      return url(name);
    },
    stop() {
      spawnSync('runuser', ['-u', 'postgres', '--', join(BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'], { stdio: 'pipe', cwd: dir });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
