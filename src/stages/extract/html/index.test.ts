import { describe, expect, it } from 'vitest';
import { Deadline } from '../../../core/deadline.js';
import { DEFAULT_LIMITS } from '../../../core/limits.js';
import { extractHtml } from './index.js';

const extract = (html: string) => extractHtml(html, DEFAULT_LIMITS, new Deadline(0, 'test'));
const blockTexts = (r: ReturnType<typeof extract>) => r.blocks.map((b) => ({ type: b.type, text: r.text.slice(b.start, b.end) }));

const PARAGRAPHS = [
  'The harbour council of Port Maren voted on Tuesday to close the old ferry pier, ending a service that has run since 1911.',
  'Councillor Ada Brennick, who chairs the transport committee, said the decision followed two years of safety reports.',
  'Local traders fear the closure will cut footfall in the lower town, where most shops depend on ferry passengers.',
  'A replacement pier, planned for the northern breakwater, is not expected to open before the spring of next year.',
];

const NEWS_PAGE = `<!doctype html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Port Maren ferry pier to close after 113 years | The Maren Gazette</title>
<meta property="og:site_name" content="The Maren Gazette">
<meta property="og:title" content="Port Maren ferry pier to close after 113 years">
<meta name="description" content="Council vote ends a century of ferries from the old pier, as traders warn of lost trade.">
<link rel="canonical" href="https://gazette.example/news/2024/03/12/ferry-pier">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
  {"@type":"WebSite","@id":"#site","name":"The Maren Gazette"},
  {"@type":"Person","@id":"#jo","name":"Jo Tamsin"},
  {"@type":"NewsArticle","headline":"Port Maren ferry pier to close after 113 years","datePublished":"2024-03-12T18:30:00+01:00",
   "author":[{"@id":"#jo"},{"@type":"Person","name":"Sam Oduya"}],"articleSection":"Local news","inLanguage":"en-GB"}]}</script>
</head><body>
<div id="cookie-banner"><p>We use cookies to improve your experience on our site. By continuing you accept our policy.</p><button>Accept all</button></div>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main>
<article>
  <h1>Port Maren ferry pier to close after 113 years</h1>
  <p class="standfirst">Council vote ends a century of ferries from the old pier, as traders warn of lost trade.</p>
  <div class="byline">By Jo Tamsin and Sam Oduya · <time datetime="2024-03-12T18:30:00+01:00">12 March 2024</time></div>
  <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
  <div class="article-body">
    <p>${PARAGRAPHS[0]}</p>
    <p>${PARAGRAPHS[1]}</p>
    <h2>Traders worried</h2>
    <p>${PARAGRAPHS[2]}</p>
    <blockquote><p>We have been here for three generations, and the ferry brings us half our customers every summer.</p></blockquote>
    <ul><li>Ferry service ends on 30 April after the Easter timetable.</li><li>Parking on the pier road becomes free from May onwards.</li></ul>
    <aside class="newsletter"><h3>Sign up for our newsletter</h3><p>Get the Gazette's best local stories in your inbox every morning, free of charge.</p></aside>
    <p>${PARAGRAPHS[3]}</p>
  </div>
  <div class="related-articles"><h3>Related stories</h3><ul><li><a href="/a">Breakwater works delayed again by winter storms and rising costs</a></li><li><a href="/b">Lower town shops report a quiet winter season across the board</a></li></ul></div>
</article>
<section id="comments"><h3>3 comments</h3>
  <div class="comment"><p>Reader42: This is a disgrace, the pier has served this town for over a hundred years and should be repaired.</p></div>
  <div class="comment"><p>HarbourFan: The council never listens to the people who actually use the ferry, which is shameful and typical.</p></div>
  <div class="comment"><p>MarenMum: Where are the school children supposed to catch the boat to the island now that it is gone?</p></div>
</section>
</main>
<a href="#top" class="back-to-top">Back to top</a>
<footer><p>© 2024 The Maren Gazette. All rights reserved. Registered office: 1 Quay Street, Port Maren.</p></footer>
</body></html>`;

describe('extractHtml on a news page', () => {
  const result = extract(NEWS_PAGE);

  it('keeps every paragraph of the article, in order', () => {
    let from = 0;
    for (const paragraph of PARAGRAPHS) {
      const at = result.text.indexOf(paragraph, from);
      expect(at, paragraph).toBeGreaterThanOrEqual(from);
      from = at;
    }
  });

  it('removes navigation, share bar, cookie banner, newsletter box, related links, comments and back-to-top', () => {
    for (const debris of ['Home', 'Share on Facebook', 'We use cookies', 'Sign up for our newsletter', 'inbox every morning',
      'Related stories', 'Breakwater works delayed', 'Reader42', 'HarbourFan', 'Back to top', 'All rights reserved', 'Accept all']) {
      expect(result.text, debris).not.toContain(debris);
    }
  });

  it('never puts the title or the byline in the text', () => {
    expect(result.text).not.toContain('to close after 113 years');
    expect(result.text).not.toContain('By Jo Tamsin');
  });

  it('types blocks and starts with the standfirst shown above the body', () => {
    const blocks = blockTexts(result);
    expect(blocks[0]).toEqual({ type: 'standfirst', text: 'Council vote ends a century of ferries from the old pier, as traders warn of lost trade.' });
    expect(blocks).toContainEqual({ type: 'heading', text: 'Traders worried' });
    expect(blocks.find((b) => b.type === 'blockquote')?.text).toMatch(/^We have been here/);
    expect(blocks.filter((b) => b.type === 'list-item')).toHaveLength(2);
    expect(result.text.split('\n\n')).toHaveLength(result.blocks.length);
  });

  it('reads metadata from JSON-LD @graph, OpenGraph and the page', () => {
    expect(result.meta).toMatchObject({
      title: 'Port Maren ferry pier to close after 113 years',
      standfirst: 'Council vote ends a century of ferries from the old pier, as traders warn of lost trade.',
      authors: ['Jo Tamsin', 'Sam Oduya'],
      publishedAt: '2024-03-12T18:30:00+01:00',
      siteName: 'The Maren Gazette',
      language: 'en-GB',
      url: 'https://gazette.example/news/2024/03/12/ferry-pier',
    });
    expect(result.meta.categories).toContain('Local news');
  });
});

describe('extractHtml metadata without JSON-LD', () => {
  it('uses microdata, <time> and a cleaned <title>', () => {
    const page = `<html><head><title>Lighthouse keeper retires - Coastline Weekly</title>
      <meta property="og:site_name" content="Coastline Weekly"></head><body>
      <div itemscope itemtype="https://schema.org/NewsArticle">
        <h1 itemprop="headline">Lighthouse keeper retires</h1>
        <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Nell Carrow</span></span>
        <meta itemprop="datePublished" content="2023-11-02">
        <div itemprop="articleBody"><p>${PARAGRAPHS[0]}</p><p>${PARAGRAPHS[1]}</p></div>
      </div></body></html>`;
    const { meta } = extract(page);
    expect(meta.title).toBe('Lighthouse keeper retires');
    expect(meta.authors).toEqual(['Nell Carrow']);
    expect(meta.publishedAt).toBe('2023-11-02');
  });

  it('reads a visible byline and a written-out date, and strips the site suffix from <title>', () => {
    const page = `<html><head><title>Storm closes coastal road | Northshore Post</title>
      <meta property="og:site_name" content="Northshore Post"></head><body>
      <div class="post"><p class="author">Von Greta Lindqvist</p><p class="post-date">2. August 2019</p>
      <p>${PARAGRAPHS[2]}</p><p>${PARAGRAPHS[3]}</p></div></body></html>`;
    const { meta } = extract(page);
    expect(meta.title).toBe('Storm closes coastal road');
    expect(meta.authors).toEqual(['Greta Lindqvist']);
    expect(meta.publishedAt).toBe('2019-08-02');
  });
});

describe('extractHtml author sources', () => {
  const page = (head: string, body: string) => `<html><head><title>Storm closes coastal road | Northshore Post</title>
    <meta property="og:site_name" content="Northshore Post">${head}</head><body><div class="post">${body}
    <p>${PARAGRAPHS[2]}</p><p>${PARAGRAPHS[3]}</p></div></body></html>`;

  it('reads the text of a link to an author page', () => {
    const { meta } = extract(page('', '<p class="meta">Filed <a href="/author/mira-solberg/">Mira Solberg</a></p>'));
    expect(meta.authors).toEqual(['Mira Solberg']);
  });

  it('reads a visible line that begins like a byline in any of several languages', () => {
    expect(extract(page('', '<p>Par <em>Jeanne Valcour</em></p>')).meta.authors).toEqual(['Jeanne Valcour']);
    expect(extract(page('', '<address>By <a href="https://jo.example">Teo Marsh</a></address>')).meta.authors).toEqual(['Teo Marsh']);
    expect(extract(page('', '<p>Von Hamburg nach Kiel: die Umleitung</p>')).meta.authors).toEqual([]);
  });

  it('reads byline classes written as one word or in other languages', () => {
    expect(extract(page('', '<div class="authorbox"><strong>von</strong> <span>Lene Brakel</span></div>')).meta.authors).toEqual(['Lene Brakel']);
    expect(extract(page('', '<div class="dates_auteurs">par <span class="auteurs">Odile Ferrand</span>, 21 juin 2018</div>')).meta.authors).toEqual(['Odile Ferrand']);
  });

  it('prefers a person named in the byline over metadata naming only the publisher', () => {
    expect(extract(page('<meta name="author" content="Northshore Post">', '<p class="byline">By Ivo Lindahl</p>')).meta.authors).toEqual(['Ivo Lindahl']);
    expect(extract(page('<meta name="author" content="Northshore Post">', '')).meta.authors).toEqual(['Northshore Post']);
  });

  it('decodes entities left in metadata author fields', () => {
    expect(extract(page('<meta name="author" content="Sin&amp;#233;ad Rourke">', '')).meta.authors).toEqual(['Sinéad Rourke']);
  });
});

describe('extractHtml structure', () => {
  it('splits text laid out with <br><br> inside a div into blocks', () => {
    const { text, blocks } = extract(`<html><body><div>${PARAGRAPHS[0]}<br><br>${PARAGRAPHS[1]}<br>${PARAGRAPHS[2]}</div></body></html>`);
    expect(blocks).toHaveLength(2);
    expect(text).toBe(`${PARAGRAPHS[0]}\n\n${PARAGRAPHS[1]} ${PARAGRAPHS[2]}`);
  });

  it('prefers the article to a longer comment section', () => {
    const comments = Array.from({ length: 12 }, (_, i) => `<li class="comment"><p>Reader ${i} wrote a long opinion about ferries, piers, councils and the price of parking in town.</p></li>`).join('');
    const { text } = extract(`<html><body><h1>Ferry news</h1><div class="story">${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</div>
      <div class="user-comments"><ol>${comments}</ol></div></body></html>`);
    expect(text).toContain(PARAGRAPHS[3]);
    expect(text).not.toContain('Reader 3 wrote');
  });

  it('survives 10,000 nested elements without recursion', () => {
    const depth = 10_000;
    const html = `<html><body>${'<div>'.repeat(depth)}<p>${PARAGRAPHS[0]}</p>${'</div>'.repeat(depth)}</body></html>`;
    expect(extract(html).text).toBe(PARAGRAPHS[0]);
  });

  it('warns when a page has no article text', () => {
    const result = extract('<html><body><nav><a href="/">Home</a><a href="/a">About</a></nav></body></html>');
    expect(result.text).toBe('');
    expect(result.messages[0]?.ruleId).toBe('extract/no-content');
  });
});
