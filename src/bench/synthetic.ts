import { ARTICLE_SCHEMA, type ArticleJson, type EntityType, type Voice } from '../core/article.js';

/**
 * A documented generator of synthetic news articles for scale tests and benchmarks (the shared data sets are
 * far too small for 100k-article corpora). Deterministic for a seed. Each article has realistic length
 * (≈600 words by default, 8–12 paragraphs), a news vocabulary, named people/organisations/places drawn from
 * fictional pools (Zipf-like: a few names recur across many articles, as in real coverage), direct and
 * reported quotes, vague attributions and loaded words, and a fictional outlet domain. Every name is made up.
 *
 * `html` is the page an outlet would serve; `annotated` is the Article JSON a full analysis would produce
 * (entities, quotes with speakers, sentence voice, loaded-language findings), offsets exact, for benchmarks of
 * the store that should not depend on which analysis stages exist today.
 */
export interface SyntheticArticle {
  id: string;
  url: string;
  outlet: string;
  publishedAt: string;
  title: string;
  html: string;
  text: string;
  annotated: ArticleJson;
}

const OUTLETS = [
  ['northbay-courier.example', 'Northbay Courier'], ['eastgate-times.example', 'Eastgate Times'], ['valley-gazette.example', 'Valley Gazette'],
  ['harbour-post.example', 'Harbour Post'], ['lakeside-herald.example', 'Lakeside Herald'], ['metro-ledger.example', 'Metro Ledger'],
  ['pinecrest-observer.example', 'Pinecrest Observer'], ['river-city-news.example', 'River City News'], ['summit-tribune.example', 'Summit Tribune'],
  ['coastal-record.example', 'Coastal Record'], ['midland-daily.example', 'Midland Daily'], ['fairport-sentinel.example', 'Fairport Sentinel'],
] as const;
const FIRST = ['Maria', 'Daniel', 'Aisha', 'Tomasz', 'Ingrid', 'Kwame', 'Lucia', 'Hiroshi', 'Fatima', 'Oleg', 'Priya', 'Samuel', 'Elena', 'Mateo', 'Grace', 'Yusuf', 'Nadia', 'Pieter', 'Chloe', 'Arjun'];
const LAST = ['Okafor', 'Reyes', 'Lindqvist', 'Brennan', 'Novak', 'Adeyemi', 'Castellano', 'Moreau', 'Haddad', 'Kowalczyk', 'Tanaka', 'Osei', 'Varga', 'Whitfield', 'Delacroix', 'Mbeki', 'Sorensen', 'Quintero', 'Farouk', 'Ashworth'];
const ROLES = ['the council leader', 'the finance minister', 'a union spokesperson', 'the company chief executive', 'a local resident', 'the police chief', 'an economist', 'the mayor', 'a hospital director', 'the opposition leader'];
const ORGS = ['Port Authority', 'Northbay Council', 'Regional Health Board', 'Transit Workers Union', 'Meridian Energy', 'Central Bank', 'Civic Housing Trust', 'Harbour Shipping Company', 'State Audit Office', 'Valley Water Board', 'Citizens Alliance', 'Eastgate University'];
const PLACES = ['Northbay', 'Eastgate', 'Riverton', 'Pinecrest', 'Fairport', 'Lakeside', 'Summit County', 'the Harbour District', 'Midland', 'Coastal Province'];
const TOPICS = ['budget', 'bridge repairs', 'housing plan', 'water prices', 'hospital funding', 'rail strike', 'school closures', 'energy tariffs', 'port expansion', 'tax reform', 'flood defences', 'bus routes'];
const VERBS = ['approved', 'rejected', 'delayed', 'announced', 'reviewed', 'criticised', 'defended', 'postponed', 'expanded', 'cut'];
const NOUNS = ['plan', 'proposal', 'contract', 'report', 'inquiry', 'deal', 'scheme', 'budget', 'decision', 'review', 'agreement', 'investment'];
const FILLER = [
  'in a vote on Tuesday', 'after months of debate', 'despite objections from residents', 'according to figures published this week',
  'ahead of the elections next spring', 'following a review of the accounts', 'at a meeting that lasted more than four hours',
  'with support from both main parties', 'as costs continued to rise', 'in the face of a growing deficit', 'for the third year running',
  'amid concerns about safety', 'while negotiations continue', 'after an independent audit', 'before the end of the financial year',
];
const LOADED = ['reckless', 'disastrous', 'shameful', 'outrageous', 'catastrophic', 'scandalous', 'radical', 'draconian', 'chaotic', 'shocking'];
const VAGUE = ['Sources close to the talks said', 'It is believed that', 'Reports suggested that', 'Some observers said', 'Officials familiar with the matter said'];
const CLAUSES = [
  'the {noun} would cost more than {n} million', 'work on the {topic} would begin in {month}', 'the {org} had not been consulted',
  'the figures for {place} were worse than expected', 'the {noun} would be put to a public consultation', 'about {n} jobs could be affected',
  'the {topic} had been under discussion since {year}', 'the {org} would publish its own {noun} next month',
];
const MONTHS = ['January', 'March', 'May', 'July', 'September', 'November'];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds text while recording annotations at the offsets where names, quotes and phrases land. */
class Composer {
  text = '';
  blocks: ArticleJson['blocks'] = [];
  sentences: ArticleJson['sentences'] = [];
  mentions = new Map<string, { type: EntityType; name: string; spans: Array<{ start: number; end: number }> }>();
  quotes: ArticleJson['quotes'] = [];
  framing: ArticleJson['framing'] = [];
  private paragraphStart = 0;
  private sentenceStart = 0;

  startParagraph(): void {
    if (this.text) this.text += '\n\n';
    this.paragraphStart = this.text.length;
  }

  endParagraph(): void {
    this.blocks.push({ type: 'paragraph', start: this.paragraphStart, end: this.text.length });
  }

  startSentence(): void {
    if (this.text.length > this.paragraphStart) this.text += ' ';
    this.sentenceStart = this.text.length;
  }

  words = 0;

  endSentence(voice: Voice): void {
    this.sentences.push({ start: this.sentenceStart, end: this.text.length, voice });
    this.words += this.text.slice(this.sentenceStart).split(/\s+/).length;
  }

  add(words: string): { start: number; end: number } {
    const start = this.text.length;
    this.text += words;
    return { start, end: this.text.length };
  }

  entity(name: string, type: EntityType, surface = name): { start: number; end: number } {
    const span = this.add(surface);
    const key = `${type}:${name}`;
    const entry = this.mentions.get(key) ?? { type, name, spans: [] };
    entry.spans.push(span);
    this.mentions.set(key, entry);
    return span;
  }
}

export interface SyntheticOptions {
  seed?: number;
  /** Article length in words (default 600). */
  words?: number;
  /**
   * Pad the page to about this many bytes of HTML with what real news pages carry around the article: a menu,
   * related-story links, tracking configuration in an inline script. Real CC-NEWS pages weigh 50–200 KB of
   * HTML; without padding a synthetic page is about 5 KB, which would make a "1 GB" WARC hold far more
   * records than a real one does.
   */
  pageBytes?: number;
  /**
   * The publication time, instead of a random one in 2030–2031 (drawn all the same, so the rest of the article
   * does not change): a stream dated in the order it arrives, as a crawl is.
   */
  publishedAt?: Date;
}

export function syntheticArticle(index: number, options: SyntheticOptions = {}): SyntheticArticle {
  const random = prng((options.seed ?? 1) * 1_000_003 + index);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // Zipf-like choice: low indexes far more often, so a few names dominate coverage.
  const zipf = <T>(items: readonly T[]): T => items[Math.min(items.length - 1, Math.floor(items.length * random() ** 2.5))]!;
  const targetWords = options.words ?? 600;
  const [domain, outletName] = pick(OUTLETS);
  const people = Array.from({ length: 3 }, () => `${zipf(FIRST)} ${zipf(LAST)}`);
  const org = zipf(ORGS);
  const place = zipf(PLACES);
  const topic = pick(TOPICS);
  const fill = (template: string) => template
    .replace('{noun}', pick(NOUNS)).replace('{topic}', topic).replace('{org}', org).replace('{place}', place)
    .replace('{n}', String(2 + Math.floor(random() * 400))).replace('{month}', pick(MONTHS)).replace('{year}', String(2015 + Math.floor(random() * 10)));
  const c = new Composer();
  let quoteNo = 0;

  c.startParagraph();
  c.startSentence();
  c.entity(place, 'GPE');
  c.add(` officials ${pick(VERBS)} the ${topic} ${pick(FILLER)}, and the `);
  c.entity(org, 'ORG');
  c.add(` said it would respond within days.`);
  c.endSentence('outlet');
  c.endParagraph();
  while (c.words < targetWords) {
    c.startParagraph();
    const sentencesHere = 3 + Math.floor(random() * 3);
    for (let s = 0; s < sentencesHere && c.words < targetWords; s++) {
      c.startSentence();
      const kind = random();
      const speaker = pick(people);
      if (kind < 0.2) {
        c.add('"');
        const content = c.add(`We ${pick(VERBS)} this ${pick(NOUNS)} because ${fill(pick(CLAUSES))}`);
        c.add(',"');
        const cue = c.add(' said ');
        const mention = c.entity(speaker, 'PERSON');
        c.add(`, ${pick(ROLES)}.`);
        c.quotes.push({ id: `q${++quoteNo}`, kind: 'direct', ...content, cue, speaker: { name: speaker, entityId: null, mention } });
        c.endSentence('quoted');
      } else if (kind < 0.4) {
        const mention = c.entity(speaker, 'PERSON');
        const cue = c.add(' said that ');
        const content = c.add(fill(pick(CLAUSES)));
        c.add('.');
        c.quotes.push({ id: `q${++quoteNo}`, kind: 'indirect', ...content, cue, speaker: { name: speaker, entityId: null, mention } });
        c.endSentence('attributed');
      } else if (kind < 0.5) {
        c.add(`${pick(VAGUE)} ${fill(pick(CLAUSES))}.`);
        c.endSentence('vague');
      } else {
        c.add(`The ${pick(NOUNS)} on ${topic} in `);
        c.entity(place, 'GPE');
        c.add(` was ${pick(VERBS)} ${pick(FILLER)}`);
        if (random() < 0.25) {
          c.add(', in what critics called a ');
          const loaded = c.add(pick(LOADED));
          c.add(' move');
          c.framing.push({
            technique: 'Loaded_Language', ...loaded, voice: 'outlet', explanation: 'an emotionally charged word in the outlet\'s own voice',
            alternative: null, ruleId: 'synthetic.loaded',
          });
        }
        c.add(`, and ${fill(pick(CLAUSES))}.`);
        c.endSentence('outlet');
      }
    }
    c.endParagraph();
  }

  const entities = [...c.mentions.values()].map((entry, i) => ({ id: `e${i + 1}`, type: entry.type, name: entry.name, mentions: entry.spans }));
  const idOf = new Map(entities.map((e) => [`${e.type}:${e.name}`, e.id]));
  for (const quote of c.quotes) quote.speaker.entityId = idOf.get(`PERSON:${quote.speaker.name}`) ?? null;
  const randomDay = new Date(Date.UTC(2030, 0, 1) + Math.floor(random() * 730) * 86_400_000 + Math.floor(random() * 86_400) * 1000);
  const day = options.publishedAt ?? randomDay;
  const id = `syn-${options.seed ?? 1}-${index}`;
  const url = `https://${domain}/${day.toISOString().slice(0, 10).replace(/-/g, '/')}/${topic.replace(/\s+/g, '-')}-${index}`;
  const title = `${place}: ${org} and the ${topic}`;
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} | ${outletName}</title>
<link rel="canonical" href="${url}"><meta property="og:site_name" content="${outletName}">
<meta property="article:published_time" content="${day.toISOString()}"></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<article><h1>${escape(title)}</h1>
${c.text.split('\n\n').map((p) => `<p>${escape(p)}</p>`).join('\n')}
</article>${options.pageBytes ? pageChrome(domain, options.pageBytes, random) : ''}<footer>© ${outletName}</footer></body></html>`;
  const annotated: ArticleJson = {
    schema: ARTICLE_SCHEMA, id, url, title, standfirst: null, authors: [], publishedAt: day.toISOString(), siteName: outletName, language: 'en',
    categories: ['news'], text: c.text, blocks: c.blocks, sentences: c.sentences, entities, quotes: c.quotes, framing: c.framing, messages: [],
  };
  return { id, url, outlet: domain, publishedAt: day.toISOString(), title, html, text: c.text, annotated };
}

/**
 * About `bytes` of what surrounds an article on a real page of `domain` (see `pageBytes`), deterministic for a
 * variant: a benchmark can compress a few variants once and share them between many pages, as a site does.
 */
export function syntheticPageChrome(domain: string, bytes: number, variant: number): string {
  return pageChrome(domain, bytes, prng(variant * 7919 + domain.length));
}

/** Menus, related links and an analytics blob: the weight of a real page around its article. */
function pageChrome(domain: string, bytes: number, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // Eight hex digits per draw: generating a 1 GB WARC must not take longer than reading it.
  const hex = (n: number) => {
    let out = '';
    while (out.length < n) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
    return out.slice(0, n);
  };
  const parts = ['<aside class="related"><h2>More stories</h2><ul>'];
  let size = 0;
  // Two thirds links (compressible, like real menus), one third configuration ids (barely compressible).
  while (size < bytes * 0.66) {
    const headline = `${pick(PLACES)}: ${pick(ORGS)} ${pick(VERBS)} ${pick(NOUNS)} on ${pick(TOPICS)}`;
    const link = `<li><a href="https://${domain}/${2030 + Math.floor(random() * 2)}/${pick(TOPICS).replace(/\s+/g, '-')}-${hex(6)}" data-track="rel-${hex(8)}">${headline}</a></li>`;
    parts.push(link);
    size += link.length;
  }
  parts.push('</ul></aside><script type="application/json" id="analytics">{"ids":[');
  const ids: string[] = [];
  while (size < bytes) {
    ids.push(`"${hex(32)}"`);
    size += 35;
  }
  parts.push(ids.join(','), ']}</script>');
  return parts.join('\n');
}
