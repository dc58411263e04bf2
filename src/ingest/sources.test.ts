import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from './feed.js';
import { expandGlob, globToRegExp } from './glob.js';

describe('feeds', () => {
  it('reads RSS items with full content and Atom entries with their alternate link', () => {
    const rss = parseFeed(`<?xml version="1.0"?><rss version="2.0"><channel><item><title>One &amp; two</title><link>https://a.example/1</link>
      <guid>g1</guid><pubDate>Tue, 04 Mar 2031 09:30:00 GMT</pubDate><description>Short</description></item></channel></rss>`, 'f.rss');
    expect(rss).toEqual([{ key: 'g1', title: 'One & two', link: 'https://a.example/1', publishedAt: 'Tue, 04 Mar 2031 09:30:00 GMT', html: 'Short', summaryOnly: true }]);
    const atom = parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:x:1</id><title>T</title>
      <link rel="self" href="https://a.example/self"/><link rel="alternate" href="https://a.example/story"/>
      <content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>`, 'f.xml');
    expect(atom[0]).toMatchObject({ key: 'urn:x:1', link: 'https://a.example/story', html: '<p>Body</p>', summaryOnly: false });
    expect(() => parseFeed('<html><body>no</body></html>', 'page.xml')).toThrow(/page\.xml: not an RSS or Atom feed/);
  });
});

describe('globs', () => {
  it('matches *, **, ?, [set] and {alternatives}', () => {
    expect(globToRegExp('crawl/**/*.warc.gz').test('crawl/2031/03/a.warc.gz')).toBe(true);
    expect(globToRegExp('crawl/**/*.warc.gz').test('crawl/a.warc.gz')).toBe(true);
    expect(globToRegExp('crawl/*.warc.gz').test('crawl/x/a.warc.gz')).toBe(false);
    expect(globToRegExp('f?.{rss,xml}').test('f1.xml')).toBe(true);
    expect(globToRegExp('f[0-2].txt').test('f3.txt')).toBe(false);
  });

  it('expands a pattern against the file system, sorted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'presslens-glob-'));
    try {
      mkdirSync(join(dir, 'a', 'b'), { recursive: true });
      for (const f of ['a/1.html', 'a/b/2.html', 'a/b/3.txt', 'z.html']) writeFileSync(join(dir, f), 'x');
      expect(await expandGlob(join(dir, '**/*.html'))).toEqual([join(dir, 'a/1.html'), join(dir, 'a/b/2.html'), join(dir, 'z.html')]);
      expect(await expandGlob(join(dir, 'a/*'))).toEqual([join(dir, 'a/1.html')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
