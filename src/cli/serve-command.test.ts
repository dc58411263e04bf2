import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../test-support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'presslens-serve-'));
const tokenFile = join(dir, 'config', 'token');
const database = join(dir, 'corpus.db');
const children: ChildProcess[] = [];

/** Starts the built `presslens serve` and resolves with its first two output lines once it listens. */
function startServe(args: string[]): Promise<{ child: ChildProcess; url: string; line: string; tokenLine: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--token-file', tokenFile, ...args], { env: { ...process.env, PRESSLENS_TOKEN: '' } });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      if (lines.length >= 3) resolve({ child, url: /http:\/\/\S+\//.exec(lines[0]!)![0], line: lines[0]!, tokenLine: lines[1]! });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('presslens serve', () => {
  it('serves the UI and the API with the examples preloaded, prints a new token once, and stops cleanly', async () => {
    const first = await startServe(['--db', database]);
    expect(first.line).toContain(`corpus ${database}; 2 articles added;`);
    expect(first.tokenLine).toMatch(/^write token \(new, saved in .*\): \S{20,}$/);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = first.tokenLine.split(': ').at(-1)!;

    const articles = (await (await fetch(`${first.url}api/articles`)).json()) as { items: { title: string | null }[] };
    expect(articles.items.map((a) => a.title)).toContain('Ferry timetable leaves Gull Island commuters asking for more');
    const page = await fetch(first.url);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="app">');

    const ingest = (authorization?: string) => fetch(`${first.url}api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ items: [{ id: 'posted', text: 'The pier reopened on Monday after repairs.' }] }),
    });
    expect((await ingest()).status).toBe(401);
    expect(await (await ingest(`Bearer ${token}`)).json()).toEqual({ stored: ['posted'], duplicates: [], errors: [] });
    expect(await stop(first.child)).toBe(0);

    // The same store again: the examples are already there, the posted article is kept.
    const again = await startServe(['--db', database]);
    expect(again.line).toContain('0 articles added, 2 already there;');
    const stored = (await (await fetch(`${again.url}api/articles`)).json()) as { total: number; items: { id: string }[] };
    expect(stored.total).toBe(3);
    expect(stored.items.map((a) => a.id)).toContain('posted');
    expect(await stop(again.child)).toBe(0);

    const second = await startServe(['--memory', '--no-examples']);
    expect(second.line).toContain('corpus in memory; 0 articles added;');
    expect(second.tokenLine).toBe(`write token: in ${tokenFile}`);
    expect(((await (await fetch(`${second.url}api/articles`)).json()) as { total: number }).total).toBe(0);
    expect(await stop(second.child)).toBe(0);
  });

  it('analyses in its worker threads over HTTP and holds bodies to --max-body, declared or chunked', async () => {
    const server = await startServe(['--memory', '--no-examples', '--max-body', '2000', '--jobs', '1']);
    const analyse = (body: string | ReadableStream<Uint8Array>, extra: RequestInit = {}) => fetch(`${server.url}api/analyze`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...extra });

    const ok = await analyse(JSON.stringify({ text: 'The ferry to Gull Island leaves at noon on Monday.' }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    const article = (await ok.json()) as { schema: string; text: string; dates: { text: string }[] };
    expect(article.schema).toBe('presslens.article/1');
    expect(article.dates.map((d) => d.text)).toEqual(['noon on Monday']);

    const declared = await analyse(JSON.stringify({ text: 'word '.repeat(600) }));
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { code: string }).code).toBe('too-large');

    const parts = [JSON.stringify({ text: 'word '.repeat(600) })];
    const chunked = await analyse(new ReadableStream({ pull(controller) {
      const part = parts.shift();
      if (part === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(part));
    } }), { duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await stop(server.child)).toBe(0);
  });

  it('rejects bad options as usage errors', () => {
    for (const args of [['--open', 'sometimes'], ['--rate-limit', 'fast'], ['--port', 'eighty'], ['--memory', '--db', join(dir, 'x.db')]]) {
      const result = runCli(['serve', ...args]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^presslens: --/);
    }
  });
});
