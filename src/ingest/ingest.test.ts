import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticArticle } from '../bench/synthetic.js';
import { warcInfoRecord, warcResponseRecord, warcResponseRecordSharing } from '../bench/warc-writer.js';
import { CLI, runCli, runCliAsync } from '../test-support/cli.js';
import { articleProblems } from '../test-support/schema.js';
import { openStore } from '../store/open.js';

let dir: string;
let server: Server;
let base: string;
const p = (...parts: string[]) => join(dir, ...parts);

function page(i: number): string {
  return syntheticArticle(i, { seed: 42, words: 250 }).html;
}

function rss(items: Array<{ guid: string; title: string; link: string; body: string }>): string {
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Test feed</title>
${items.map((i) => `<item><guid>${i.guid}</guid><title>${i.title}</title><link>${i.link}</link><pubDate>Tue, 04 Mar 2031 09:30:00 GMT</pubDate><description>summary only</description><content:encoded><![CDATA[${i.body}]]></content:encoded></item>`).join('\n')}
</channel></rss>`;
}

function bodyOf(i: number): string {
  return syntheticArticle(i, { seed: 7, words: 200 }).text.split('\n\n').map((t) => `<p>${t}</p>`).join('');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'presslens-ingest-'));
  mkdirSync(p('pages', 'nested'), { recursive: true });
  writeFileSync(p('pages', 'a.html'), page(1));
  writeFileSync(p('pages', 'b.html'), page(2));
  writeFileSync(p('pages', 'b-again.html'), page(2));
  writeFileSync(p('pages', 'nested', 'c.html'), page(3));
  writeFileSync(p('pages', 'notes.txt'), syntheticArticle(4, { seed: 42, words: 120 }).text);
  writeFileSync(p('pages', 'ignored.bin'), Buffer.from([0, 1, 2, 3]));
  mkdirSync(p('feeds'));
  writeFileSync(p('feeds', 'one.rss'), rss([
    { guid: 'feed-1', title: 'First feed story', link: 'https://feed.example/1', body: bodyOf(1) },
    { guid: 'feed-2', title: 'Second feed story', link: 'https://feed.example/2', body: bodyOf(2) },
  ]));
  writeFileSync(p('feeds', 'two.xml'), `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
<entry><id>tag:atom.example,2031:1</id><title>Atom story</title><link rel="alternate" href="https://atom.example/1"/><published>2031-03-05T10:00:00Z</published><content type="html">${bodyOf(3).replace(/</g, '&lt;')}</content></entry></feed>`);
  const warcPages = [5, 6, 7, 8, 9].map((i) => syntheticArticle(i, { seed: 42, words: 250 }));
  writeFileSync(p('news.warc.gz'), Buffer.concat([warcInfoRecord('test', true), ...warcPages.map((a) => warcResponseRecord({ url: a.url, html: a.html }, true))]));
  server = createServer((request, response) => {
    if (request.url === '/feed') {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.end(rss([{ guid: 'served-1', title: 'Served feed story', link: `${base}/story/1`, body: bodyOf(11) }]));
    } else if (request.url?.startsWith('/story/')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page(20 + Number(request.url.slice(7))));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  writeFileSync(p('list.urls'), `# stories to fetch\n${base}/story/1\n${base}/story/2\n${base}/missing\nnot-a-url\n`);
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('presslens ingest', () => {
  it('ingests directories, globs, feeds, WARC.gz and URL lists, and a re-run stores nothing twice', async () => {
    const db = p('all.db');
    const first = await runCliAsync(['ingest', p('pages'), p('feeds', '*.{rss,xml}'), p('news.warc.gz'), `${base}/feed`, '--url-list', p('list.urls'), '--db', db, '--jobs', '2']);
    // pages: a, b, b-again (duplicate), c, notes.txt; feeds: 3 items; WARC: 5; served feed: 1; URL list: 2 + 2 bad lines.
    expect(first.stderr).toMatch(/missing: .*404/);
    expect(first.stderr).toMatch(/"not-a-url" is not an http\(s\) URL/);
    expect(first.stdout).toMatch(/stored \d+ · wire copies \d+ · duplicates 1 · already stored 0 · failed 2/);
    expect(first.status).toBe(1);
    const store = await openStore(db);
    try {
      const stats = await store.stats();
      expect(stats.articles).toBe(15);
      const stored = [];
      for await (const article of store.articles()) {
        expect(articleProblems(article)).toEqual([]);
        stored.push(article);
      }
      expect(stored.filter((a) => a.url?.startsWith('https://atom.example/'))).toHaveLength(1);
      expect(stored.find((a) => a.url === 'https://feed.example/1')?.title).toBe('First feed story');
      // Synthetic pages carry dated URLs: 3 from the directory, 5 from the WARC, 2 from the URL list.
      expect(stored.filter((a) => /\.example\/20\d\d\//.test(a.url ?? ''))).toHaveLength(3 + 5 + 2);
      expect((await store.errors()).map((e) => e.code).sort()).toEqual(['invalid-input', 'not-found']);
    } finally {
      await store.close();
    }
    const again = await runCliAsync(['ingest', p('pages'), p('feeds', '*.{rss,xml}'), p('news.warc.gz'), `${base}/feed`, '--url-list', p('list.urls'), '--db', db, '--jobs', '1']);
    expect(again.stdout).toMatch(/stored 0 · wire copies 0 · duplicates 0 · already stored 16 · failed 2/);
  }, 180_000); // several CLI runs with the full pipeline: minutes on a loaded 2-core machine

  it('records bad documents and broken files with clear errors and goes on with the rest', () => {
    const good = syntheticArticle(30, { seed: 42, words: 250 });
    const records = [31, 32, 33, 34].map((i) => syntheticArticle(i, { seed: 42, words: 250 })).map((a) => warcResponseRecord({ url: a.url, html: a.html }, true));
    // Truncated: the third record's gzip member is cut in half.
    const truncated = Buffer.concat([records[0]!, records[1]!, records[2]!.subarray(0, records[2]!.length >> 1)]);
    writeFileSync(p('truncated.warc.gz'), truncated);
    // Corrupt: garbage between two valid (uncompressed) records.
    writeFileSync(p('corrupt.warc'), Buffer.concat([
      warcResponseRecord({ url: good.url, html: good.html }, false), Buffer.from('THIS IS NOT WARC\r\nat all\r\n\r\n'),
      warcResponseRecord({ url: 'https://valley-gazette.example/ok', html: page(35) }, false),
    ]));
    // A record split over three gzip members (as the benchmark writes them): read as one record.
    const split = syntheticArticle(36, { seed: 42, words: 250 });
    const cut = split.html.indexOf('</article>');
    const furniture = '<aside><a href="/a">More stories</a></aside>';
    writeFileSync(p('split.warc.gz'), warcResponseRecordSharing({ url: split.url, head: split.html.slice(0, cut), tail: split.html.slice(cut) }, { bytes: Buffer.byteLength(furniture), gzip: gzipSync(furniture) }));
    // A gzip bomb: 64 MB of zeros in 64 KB.
    writeFileSync(p('bomb.warc.gz'), gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 }));
    writeFileSync(p('dup.jsonl'), [
      JSON.stringify({ id: 'same', text: 'The first text with this id is about the harbour.' }),
      JSON.stringify({ id: 'same', text: 'A second, different text reuses the id.' }),
      '{"id": "broken"',
      JSON.stringify({ id: 'empty', text: '   ' }),
      JSON.stringify({ id: 'fine', text: 'Rain closed three roads in the valley on Monday.' }),
    ].join('\n'));
    const db = p('faults.db');
    const result = runCli(['ingest', p('truncated.warc.gz'), p('split.warc.gz'), p('corrupt.warc'), p('bomb.warc.gz'), p('dup.jsonl'), p('missing.html'), '--db', db, '--jobs', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/truncated\.warc\.gz: the gzip stream is truncated in record 3 \(at byte (\d+) of \1\); the records before it were read/);
    expect(result.stderr).toMatch(/corrupt\.warc: record 2 at byte \d+ is not a WARC record; skipped/);
    expect(result.stderr).toMatch(/bomb\.warc\.gz: inflates more than 100:1 .*gzip bomb/);
    expect(result.stderr).toMatch(/dup\.jsonl:2 \(same\): same: another article with this id and a different text is already stored/);
    expect(result.stderr).toMatch(/dup\.jsonl:3: not valid JSON/);
    expect(result.stderr).toMatch(/missing\.html: no such file or directory/);
    // Stored: 2 records before the truncation, the split record, 2 valid records around the garbage, 'same' (first) and 'fine'.
    const sqlite = new Database(db, { readonly: true });
    try {
      const ids = (sqlite.prepare('SELECT doc_id FROM articles ORDER BY doc_id').all() as Array<{ doc_id: string }>).map((r) => r.doc_id);
      expect(ids.filter((id) => !/^[0-9a-f-]{36}$/.test(id))).toEqual(['fine', 'same']);
      expect(ids).toHaveLength(7);
      const splitText = (sqlite.prepare('SELECT text FROM articles WHERE url = ?').get(split.url) as { text: string }).text;
      expect(splitText).toContain(split.text.split('\n\n')[1]);
    } finally {
      sqlite.close();
    }
  });

  it('resumes after kill -9 mid-ingest: nothing lost, nothing doubled', async () => {
    const total = 600;
    const lines = Array.from({ length: total }, (_, i) => JSON.stringify({ id: `k${i}`, text: syntheticArticle(i, { seed: 9, words: 300 }).text }));
    writeFileSync(p('many.jsonl'), `${lines.join('\n')}\n`);
    const db = p('resume.db');
    const child = spawn(process.execPath, [CLI, 'ingest', p('many.jsonl'), '--db', db, '--jobs', '1', '--batch', '8'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let storedAtKill = 0;
    // Up to two minutes: a loaded machine may take long to analyse the first batches.
    for (let tries = 0; tries < 4800 && storedAtKill < 40; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      storedAtKill = countArticles(db);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const afterKill = countArticles(db);
    expect(afterKill).toBeGreaterThanOrEqual(40);
    expect(afterKill).toBeLessThan(total);
    const resumed = runCli(['ingest', p('many.jsonl'), '--db', db, '--jobs', '1']);
    expect(resumed.status).toBe(0);
    const skipped = Number(/already stored (\d+)/.exec(resumed.stdout)![1]);
    expect(skipped).toBe(afterKill);
    const sqlite = new Database(db, { readonly: true });
    try {
      expect(sqlite.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect(sqlite.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT doc_id) AS d FROM articles').get()).toEqual({ n: total, d: total });
      expect(sqlite.prepare('SELECT COUNT(*) AS n FROM sources').get()).toEqual({ n: total });
      // Every article has all its quotes and entities (no half-written article survived the kill).
      const broken = sqlite.prepare(`SELECT COUNT(*) AS n FROM articles a
        WHERE json_array_length(json_extract(a.body, '$.quotes')) <> (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id)
        OR json_array_length(json_extract(a.body, '$.entities')) <> (SELECT COUNT(*) FROM article_entities ae WHERE ae.article_id = a.id)`).get();
      expect(broken).toEqual({ n: 0 });
    } finally {
      sqlite.close();
    }
  }, 180_000);

  it('waits for a locked database, then fails clearly without writing anything', async () => {
    const db = p('locked.db');
    (await openStore(db)).close();
    writeFileSync(p('one.jsonl'), `${JSON.stringify({ id: 'x', text: 'A short story about the valley.' })}\n`);
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const blocked = runCli(['ingest', p('one.jsonl'), '--db', db, '--busy-timeout', '200', '--jobs', '1']);
      expect(blocked.status).toBe(1);
      expect(blocked.stderr).toMatch(/locked\.db: the database is locked by another process .*--busy-timeout/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(countArticles(db)).toBe(0);
    expect(runCli(['ingest', p('one.jsonl'), '--db', db, '--jobs', '1']).status).toBe(0);
    expect(countArticles(db)).toBe(1);
  });

  it('stops cleanly on a full disk, leaves only whole articles, and finishes on the next run', () => {
    const total = 200;
    const lines = Array.from({ length: total }, (_, i) => JSON.stringify({ id: `f${i}`, text: syntheticArticle(i, { seed: 11, words: 400 }).text }));
    writeFileSync(p('full.jsonl'), `${lines.join('\n')}\n`);
    const db = p('full.db');
    const full = runCli(['ingest', p('full.jsonl'), '--db', db, '--max-db-size', String(1024 * 1024), '--batch', '4', '--jobs', '1']);
    expect(full.status).toBe(1);
    expect(full.stderr).toMatch(/full\.db: the database or disk is full; the current article was not written/);
    expect(full.stdout).toMatch(/: failed/);
    const partial = countArticles(db);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(total);
    const sqlite = new Database(db, { readonly: true });
    try {
      expect(sqlite.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      const orphans = sqlite.prepare('SELECT (SELECT COUNT(*) FROM sources) - (SELECT COUNT(*) FROM articles) AS n').get();
      expect(orphans).toEqual({ n: 0 });
    } finally {
      sqlite.close();
    }
    const rest = runCli(['ingest', p('full.jsonl'), '--db', db, '--jobs', '1']);
    expect(rest.status).toBe(0);
    expect(rest.stdout).toContain(`already stored ${partial}`);
    expect(countArticles(db)).toBe(total);
  });
});

describe('presslens search and export', () => {
  let db: string;
  beforeAll(() => {
    db = p('search.db');
    const lines = Array.from({ length: 30 }, (_, i) => {
      const a = syntheticArticle(i, { seed: 5, words: 200 });
      return JSON.stringify({ id: a.id, html: a.html, url: a.url });
    });
    writeFileSync(p('search.jsonl'), `${lines.join('\n')}\n`);
    const result = runCli(['ingest', p('search.jsonl'), '--db', db, '--jobs', '1']);
    expect(result.status).toBe(0);
  });

  it('searches articles with filters and prints JSON', () => {
    const one = syntheticArticle(3, { seed: 5, words: 200 });
    const hits = JSON.parse(runCli(['search', '--db', db, '--outlet', one.outlet, '--format', 'json', '--limit', '100']).stdout) as Array<{ id: string; outlet: string }>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.outlet === one.outlet)).toBe(true);
    expect(hits.map((h) => h.id)).toContain(one.id);
    const word = one.text.match(/\b(postponed|approved|rejected|delayed|announced)\b/)![1]!;
    const found = JSON.parse(runCli(['search', word, '--db', db, '--format', 'json', '--limit', '100']).stdout) as Array<{ id: string; snippet: string }>;
    expect(found.map((h) => h.id)).toContain(one.id);
    expect(found[0]!.snippet).toMatch(new RegExp(`«${word}»`, 'i'));
    const text = runCli(['search', 'stats', '--db', db, '--format', 'text']);
    expect(text.stdout).toMatch(/^articles: 30$/m);
    expect(runCli(['search', '--db', p('nothing.db')]).stderr).toMatch(/nothing\.db: no corpus here/);
  });

  it('exports JSONL, CSV, brat, Web Annotation and NewsArticle', () => {
    const jsonl = runCli(['export', '--format', 'jsonl', '--db', db]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(jsonl).toHaveLength(30);
    for (const article of jsonl) expect(articleProblems(article)).toEqual([]);
    const csv = runCli(['export', '--format', 'csv', '--db', db]).stdout.trim().split('\r\n');
    expect(csv[0]).toMatch(/^id,url,title,site_name,published_at/);
    expect(csv).toHaveLength(31);
    runCli(['export', '--format', 'brat', '--out', p('brat'), '--db', db]);
    const files = readdirSync(p('brat'));
    expect(files.filter((f) => f.endsWith('.txt'))).toHaveLength(30);
    const txt = readFileSync(p('brat', files.find((f) => f.endsWith('.txt'))!), 'utf8');
    expect(txt).toBe(jsonl.find((a) => files.includes(`${a.id}.txt`))?.text ?? txt);
    const anno = JSON.parse(runCli(['export', '--format', 'webanno', '--db', db]).stdout.split('\n')[0]!);
    expect(anno).toMatchObject({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationPage' });
    const news = JSON.parse(runCli(['export', '--format', 'newsarticle', '--db', db, '--outlet', syntheticArticle(0, { seed: 5 }).outlet]).stdout.split('\n')[0]!);
    expect(news).toMatchObject({ '@context': 'https://schema.org', '@type': 'NewsArticle' });
    expect(news.articleBody.length).toBeGreaterThan(100);
  });
});


function countArticles(db: string): number {
  try {
    const sqlite = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (sqlite.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
    } finally {
      sqlite.close();
    }
  } catch {
    return 0;
  }
}
