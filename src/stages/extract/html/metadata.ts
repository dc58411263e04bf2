import type { ChildNode, Document, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { emptyMeta, type ArticleMeta } from '../../../core/article.js';
import { normaliseBlockText } from '../blocks.js';
import { chooseAuthors, squash } from './author-choice.js';
import { cleanAuthors, startsLikeByline } from './authors.js';
import { classAndId } from './boilerplate.js';
import { dateFromUrl, inZone, offsetOf, parseMachineDate, parseTextDate, shownDayOf } from './dates.js';
import { firstLineOf, scriptText, textOf } from './dom.js';
import { memoised } from './memo.js';
import { cleanTitle, titleTagSuffix, type ShownHeadings } from './title.js';

type Json = Record<string, unknown>;

/** Everything the page says about itself, gathered in one pass before any choice is made. */
interface Evidence {
  metaTags: Map<string, string[]>;
  titleTag: string | null;
  canonical: string | null;
  htmlLang: string | null;
  jsonLd: Json[];
  itemprops: Map<string, string[]>;
  /** <time> elements: machine date, whether it is marked as the publication time. */
  times: { value: string; published: boolean; updated: boolean }[];
  bylines: string[];
  relAuthors: string[];
  /** Texts of links to an author's page (/author/jane-roe, /autoren/…, /staff/…). */
  authorLinks: string[];
  /** Short visible lines that begin like a byline ("Von Jane Roe", "Par Jean Dupont"), wherever they stand. */
  bylineLines: string[];
  /** Short texts of elements named like a date ("post-date", "datum", "meta"). */
  dateTexts: string[];
  breadcrumbs: string[][];
  relCategories: string[];
  relTags: string[];
  /** Author names that scripts hand to analytics (`dataLayer` "author", "postedBy") or forums mark with data-author. */
  scriptAuthors: string[];
  /** Agency and source credits closing a story ("Quelle: dpa"). */
  sourceCredits: string[];
}

const PUBLISHED_META = [
  'article:published_time', 'og:article:published_time', 'og:published_time', 'datepublished', 'article.published',
  'publish-date', 'publish_date', 'publishdate', 'published-date', 'published_time', 'pubdate', 'pub_date',
  'dc.date.issued', 'dcterms.issued', 'dc.date.created', 'dcterms.created', 'dc.date', 'dcterms.date', 'date',
  'sailthru.date', 'parsely-pub-date', 'article_date_original', 'original-publish-date', 'citation_publication_date',
  'citation_date', 'cxenseparse:recs:publishtime', 'datecreated', 'created', 'release_date', 'creation_date',
];
const MODIFIED_META = ['article:modified_time', 'og:updated_time', 'last-modified', 'dcterms.modified'];
const AUTHOR_META = ['author', 'article:author', 'dc.creator', 'dcterms.creator', 'parsely-author', 'sailthru.author', 'byl', 'citation_author', 'og:article:author', 'creator'];
const SITE_META = ['og:site_name', 'application-name', 'apple-mobile-web-app-title', 'publisher', 'dc.publisher'];
const ARTICLE_TYPE = /(?:^|:)(?:\w*Article|BlogPosting|Posting|Report|LiveBlogPosting|Review|Recipe|HowTo|QAPage|Blog|TechArticle|ScholarlyArticle)$/;
const BYLINE_NAME = /(?:^|[\s_-])(?:byline\w*|by-?line|author\w*|autor\w*|auteurs?|autore|autori|author-?name|post-?author|entry-?author|article-?author|writer|reporter|vcard|creator|verfasser|contributors?|signature|firma)(?=$|[\s_-])/;
/** Paths of author pages in blogs and newsrooms: a link there carries the author's name. */
const AUTHOR_PAGE = /\/(?:author|authors|autor|autoren|auteur|auteurs|autore|staff|redakteur|journalist|journalists|profile\/author)\/[^/?#]+|[?&]author=/i;
/** A visible line that begins like a byline, in the languages we have met. */
const BYLINE_LINE_ELEMENTS = new Set(['p', 'div', 'span', 'address', 'small', 'em', 'strong', 'li', 'header', 'td', 'h4', 'h5', 'h6']);
/** Elements named like a date, with the compounds class names glue together ("publishingdate", "newsdate", "artikeldatum"). */
const DATE_NAME = /(?:^|[\s_-])(?:date|dates|time|\p{L}*datum|posted|posted-?on|published|publish|pubdate|(?:post|entry|publishing|publication|release|creation|news|article|story)-?date|dateline|meta|post-?meta|entry-?meta|article-?meta|byline|info|timestamp)(?=$|[\s_-])/u;
const BREADCRUMB_NAME = /(?:^|[\s_-])(?:breadcrumbs?|crumbs?|breadcrumb-?(?:list|nav|trail))(?=$|[\s_-])/;
const MAX_SHORT_TEXT = 200;
/** Longest line read as a byline ("Von Jane Roe"); source credits are shorter still. */
const MAX_BYLINE_LINE = 100;
const COMMENTS_NAME = /(?:^|[\s_-])(?:comments?\w*|commentlist|respond|reply|replies|disqus\w*|kommentar\w*)(?=$|[\s_-])/;

/** What an element's class list and id say it holds, as bits (see nameHints). */
const HINT = { comments: 1, byline: 2, date: 4, breadcrumb: 8 } as const;
/** The name patterns above, tested once per distinct class list (some, like DATE_NAME, are slow to test). */
const nameHints = memoised((names: string) => (COMMENTS_NAME.test(names) ? HINT.comments : 0) | (BYLINE_NAME.test(names) ? HINT.byline : 0)
  | (DATE_NAME.test(names) ? HINT.date : 0) | (BREADCRUMB_NAME.test(names) ? HINT.breadcrumb : 0));

function collect(document: Document): Evidence {
  const ev: Evidence = {
    metaTags: new Map(), titleTag: null, canonical: null, htmlLang: null, jsonLd: [], itemprops: new Map(), times: [],
    bylines: [], relAuthors: [], authorLinks: [], bylineLines: [], dateTexts: [], breadcrumbs: [], relCategories: [], relTags: [], scriptAuthors: [], sourceCredits: [],
  };
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  // Bylines are not read inside forms and comment sections ("Name" labels, commenters' names).
  // Elements only (text holds no evidence by itself), each with its parent's comment flag in a parallel stack.
  const stack: Element[] = [];
  const parentsInComments: boolean[] = [];
  const pushElements = (nodes: readonly ChildNode[], inComments: boolean) => {
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i]!;
      if (node.type !== 'tag' && node.type !== 'script') continue;
      stack.push(node as Element);
      parentsInComments.push(inComments);
    }
  };
  pushElements(document.children, false);
  while (stack.length) {
    const el = stack.pop()!;
    const parentInComments = parentsInComments.pop()!;
    const a = el.attribs;
    const names = classAndId(el);
    const hints = names ? nameHints(names) : 0;
    const inComments = parentInComments || el.name === 'form' || el.name === 'label' || (hints & HINT.comments) !== 0;
    switch (el.name) {
      case 'html':
        ev.htmlLang ??= a['lang'] ?? a['xml:lang'] ?? null;
        break;
      case 'meta': {
        const content = a['content'];
        if (content !== undefined) {
          for (const key of [a['property'], a['name'], a['itemprop'], a['http-equiv']]) {
            if (key) add(ev.metaTags, key.toLowerCase().trim(), normaliseBlockText(content));
          }
        }
        break;
      }
      case 'title':
        if (ev.titleTag === null && !isInsideSvg(el)) ev.titleTag = normaliseBlockText(textOf(el));
        continue;
      case 'link': {
        const rel = (a['rel'] ?? '').toLowerCase();
        if (rel.split(/\s+/).includes('canonical') && a['href']) ev.canonical ??= a['href'];
        break;
      }
      case 'script':
        if (/ld\+json/i.test(a['type'] ?? '')) ev.jsonLd.push(...parseJsonLd(scriptText(el)));
        else if (ev.scriptAuthors.length === 0) {
          const assigned = scriptText(el).match(SCRIPT_AUTHOR);
          if (assigned) ev.scriptAuthors.push(assigned[1]!);
        }
        continue;
      case 'time': {
        const value = a['datetime'] ?? a['content'] ?? textOf(el, MAX_SHORT_TEXT);
        const names = `${classAndId(el)} ${a['itemprop'] ?? ''}`.toLowerCase();
        ev.times.push({ value, published: 'pubdate' in a || /publish|datepublished|created|entry-date|post-date/.test(names), updated: /updated|modified/.test(names) });
        break;
      }
    }
    if (el.name === 'a') {
      const rel = (a['rel'] ?? '').toLowerCase().split(/\s+/);
      if (rel.includes('author') && !inComments) ev.relAuthors.push(textOf(el, MAX_SHORT_TEXT));
      else if (!inComments && AUTHOR_PAGE.test(a['href'] ?? '') && ev.authorLinks.length < 10) ev.authorLinks.push(textOf(el, MAX_SHORT_TEXT));
      if (rel.includes('category')) ev.relCategories.push(textOf(el, MAX_SHORT_TEXT));
      else if (rel.includes('tag')) ev.relTags.push(textOf(el, MAX_SHORT_TEXT));
    }
    if (a['data-author'] && !inComments && ev.scriptAuthors.length < 3) ev.scriptAuthors.push(a['data-author']);
    const itemprop = a['itemprop'];
    if (itemprop && el.name !== 'meta' && !inComments) {
      for (const prop of itemprop.split(/\s+/)) add(ev.itemprops, prop, itempropValue(el, prop));
    }
    if (BYLINE_LINE_ELEMENTS.has(el.name) && !inComments && ev.bylineLines.length < 10) {
      // A byline is one line: "Von Jane Roe<br>Berlin" names Jane Roe, not Berlin.
      const line = firstLineOf(el, MAX_SHORT_TEXT, MAX_BYLINE_LINE);
      if (line.length < MAX_BYLINE_LINE && startsLikeByline(line)) ev.bylineLines.push(line);
      const credit = line.length < 60 ? line.match(SOURCE_CREDIT) : null;
      if (credit && ev.sourceCredits.length < 3) ev.sourceCredits.push(credit[1]!);
    }
    // Links and list items are menu entries, never labels: their text is not even read.
    if (!inComments && ev.bylines.length < 10 && el.children.length <= 2 && el.name !== 'a' && el.name !== 'li') {
      const label = textOf(el, 24);
      if (label.length < 24 && AUTHOR_LABEL.test(label)) {
        const name = textAfterLabel(el);
        if (name) ev.bylines.push(`Autor: ${name}`);
      }
    }
    // NITF-style markup names the element itself <byline>.
    if ((el.name === 'byline' || (hints & HINT.byline) !== 0) && ev.bylines.length < 10 && !inComments) ev.bylines.push(textOf(el, MAX_SHORT_TEXT * 2));
    if ((hints & HINT.date) !== 0 && ev.dateTexts.length < 20) ev.dateTexts.push(textOf(el, MAX_SHORT_TEXT * 2));
    if ((hints & HINT.breadcrumb) !== 0 && ev.breadcrumbs.length === 0) ev.breadcrumbs.push(linkTexts(el));
    pushElements(el.children, inComments);
  }
  return ev;
}

/** "Quelle: kathpress", "Source: Reuters": a story taken from an agency names it as its source. */
const SOURCE_CREDIT = /^\s*(?:quelle|source|fuente|fonte)\s*:\s*(\S.{1,50}?)\s*$/i;

/** `"author": "Jane Roe"` in a page script (analytics data layers, app state): where some pages keep the only byline. */
const SCRIPT_AUTHOR = /["'](?:author|authorName|author_name|postedBy|byline)["']\s*:\s*["']([^"'\\]{3,60})["']/;

/**
 * An element that is only an author label ("Autor:", "Author", "Von:"): the name is written after it. Plurals
 * ("Autoren", "Authors") and links are menu items leading to lists of authors.
 */
const AUTHOR_LABEL = /^\s*(?:autor(?:in)?|author|verfasser(?:in)?|auteur|written\s+by|von|by)\s*:?\s*$/i;

/**
 * The text that follows a label element, up to the next line break or label: "<h5>Autor: </h5>Peter Maahn<br>",
 * "<span>Autor:</span> Fritz Imhof<br>", "<h4>Autor</h4><p>Nikolai Huke</p>".
 */
function textAfterLabel(label: Element): string {
  const out: string[] = [];
  for (let node = label.next; node && out.join('').length < 100; node = node.next) {
    if (node.type === 'text') out.push(node.data);
    else if (node.type === 'tag') {
      if (node.name === 'br') {
        if (out.join('').trim()) break;
        continue;
      }
      const text = textOf(node, 120);
      if (/:\s*$/.test(text)) break;
      out.push(` ${text} `);
    }
  }
  const text = normaliseBlockText(out.join(''));
  return text.length <= 80 ? text : '';
}

function isInsideSvg(el: Element): boolean {
  for (let p = el.parent as Element | null; p && p.type === 'tag'; p = p.parent as Element | null) if (p.name === 'svg') return true;
  return false;
}

function itempropValue(el: Element, prop: string): string {
  const a = el.attribs;
  if (prop === 'author' || prop === 'creator') {
    // <span itemprop="author" itemscope><span itemprop="name">…</span></span>: the name, not the whole card.
    const name = findDescendant(el, (d) => d.attribs['itemprop'] === 'name');
    if (name) return normaliseBlockText(name.attribs['content'] ?? textOf(name, MAX_SHORT_TEXT));
  }
  return normaliseBlockText(a['content'] ?? a['datetime'] ?? (el.name === 'a' && prop === 'url' ? a['href'] : undefined) ?? textOf(el, MAX_SHORT_TEXT * 5));
}

function findDescendant(root: Element, test: (el: Element) => boolean): Element | null {
  const stack: ChildNode[] = [...root.children];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    if (test(node)) return node;
    stack.push(...node.children);
  }
  return null;
}

function linkTexts(root: Element): string[] {
  const out: string[] = [];
  const stack: ChildNode[] = [...root.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    if (node.name === 'a' || node.name === 'li' && !findDescendant(node, (d) => d.name === 'a')) {
      const text = normaliseBlockText(textOf(node, MAX_SHORT_TEXT));
      if (text) out.push(text);
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** Parses a JSON-LD script; tolerates CDATA wrappers, comments and trailing junk that break JSON.parse. */
function parseJsonLd(raw: string): Json[] {
  const cleaned = raw.replace(/^\s*(?:\/\/\s*)?<!\[CDATA\[|\]\]>\s*$/g, '').replace(/^\s*<!--|-->\s*$/g, '').trim();
  if (!cleaned) return [];
  let value: unknown;
  try {
    value = JSON.parse(cleaned);
  } catch {
    try {
      value = JSON.parse(cleaned.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1'));
    } catch {
      return []; // A broken JSON-LD block is common and not fatal: the other sources still apply.
    }
  }
  // Flatten arrays, @graph and nested mainEntity into one list of typed nodes.
  const out: Json[] = [];
  const queue: unknown[] = [value];
  for (let guard = 0; queue.length && guard < 2000; guard++) {
    const item = queue.shift();
    if (Array.isArray(item)) queue.push(...item);
    else if (item && typeof item === 'object') {
      const record = item as Json;
      out.push(record);
      if (record['@graph']) queue.push(record['@graph']);
      if (record['mainEntity'] && typeof record['mainEntity'] === 'object') queue.push(record['mainEntity']);
      if (record['mainEntityOfPage'] && typeof record['mainEntityOfPage'] === 'object') queue.push(record['mainEntityOfPage']);
    }
  }
  return out;
}

function types(node: Json): string[] {
  const type = node['@type'];
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
}

function str(value: unknown): string | null {
  if (Array.isArray(value)) return str(value[0]);
  if (value && typeof value === 'object' && '@value' in value) return str((value as Json)['@value']);
  return typeof value === 'string' && value.trim() ? normaliseBlockText(value) : null;
}

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value == null ? [] : [value];
  return list.flatMap((v) => {
    if (typeof v === 'string') return [normaliseBlockText(v)];
    if (v && typeof v === 'object') return str((v as Json)['name']) ? [str((v as Json)['name'])!] : [];
    return [];
  }).filter(Boolean);
}

/** Author names from a JSON-LD author value: a string, a Person, an array, or an @id pointing into the graph. */
function jsonLdAuthors(value: unknown, byId: Map<string, Json>): string[] {
  const list = Array.isArray(value) ? value : value == null ? [] : [value];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') out.push(...cleanAuthors(decodeLeftoverEntities(item), false));
    else if (item && typeof item === 'object') {
      const record = item as Json;
      const resolved = typeof record['@id'] === 'string' && !record['name'] ? byId.get(record['@id']) ?? record : record;
      const name = str(resolved['name']) ?? [str(resolved['givenName']), str(resolved['familyName'])].filter(Boolean).join(' ');
      if (name) out.push(...cleanAuthors(decodeLeftoverEntities(name), false));
    }
  }
  return out;
}

/** Every value of the first of `keys` that the page has (<meta name="dc.creator"> may come once per author). */
const allOf = (ev: Evidence, keys: readonly string[]) => {
  for (const key of keys) {
    const values = ev.metaTags.get(key)?.filter((v) => v);
    if (values?.length) return [...new Set(values)];
  }
  return [];
};

const first = (ev: Evidence, keys: readonly string[]) => {
  for (const key of keys) {
    const value = ev.metaTags.get(key)?.find((v) => v);
    if (value) return value;
  }
  return null;
};

/** Reads the page's metadata: JSON-LD first, then OpenGraph/Twitter/meta tags, microdata, <time> and bylines. */
export function readMetadata(document: Document, shown: ShownHeadings): ArticleMeta {
  const ev = collect(document);
  const meta = emptyMeta();
  const byId = new Map<string, Json>();
  for (const node of ev.jsonLd) if (typeof node['@id'] === 'string') byId.set(node['@id'], node);
  const article = ev.jsonLd.find((node) => types(node).some((t) => ARTICLE_TYPE.test(t)) && (node['headline'] || node['datePublished'] || node['author']))
    ?? ev.jsonLd.find((node) => types(node).some((t) => ARTICLE_TYPE.test(t))) ?? null;
  const webPage = ev.jsonLd.find((node) => types(node).some((t) => /WebPage$/.test(t))) ?? null;
  const website = ev.jsonLd.find((node) => types(node).includes('WebSite')) ?? null;

  meta.url = ev.canonical ?? first(ev, ['og:url']) ?? str(article?.['url']) ?? null;
  const publisher = article?.['publisher'];
  const publisherRecord = publisher && typeof publisher === 'object' && !Array.isArray(publisher) ? publisher as Json : null;
  meta.siteName = first(ev, SITE_META) ?? str(publisherRecord?.['name'] ?? (typeof publisherRecord?.['@id'] === 'string' ? byId.get(publisherRecord['@id'] as string)?.['name'] : null)) ?? str(website?.['name']) ?? null;

  const rawTitle = str(article?.['headline']) ?? first(ev, ['og:title', 'twitter:title', 'dc.title', 'title', 'headline', 'sailthru.title', 'parsely-title'])
    ?? ev.itemprops.get('headline')?.[0] ?? ev.titleTag;
  meta.title = cleanTitle({ candidate: rawTitle && decodeLeftoverEntities(rawTitle), titleTag: ev.titleTag, ...shown, siteName: meta.siteName });

  meta.standfirst = str(article?.['description']) ?? first(ev, ['og:description', 'twitter:description', 'description', 'dc.description']) ?? null;

  meta.publishedAt = pickDate(ev, article, webPage, meta.url);

  const jsonLdAuthor = jsonLdAuthors(article?.['author'] ?? article?.['creator'], byId);
  const metaAuthor = allOf(ev, AUTHOR_META).filter((value) => !/^https?:/.test(value)).flatMap((value) => cleanAuthors(decodeLeftoverEntities(value), false));
  const labelledAuthor = labelledTwitterData(ev, WRITTEN_BY_LABEL).flatMap((value) => cleanAuthors(decodeLeftoverEntities(value), false));
  meta.authors = chooseAuthors({
    declared: [
      jsonLdAuthor,
      jsonLdAuthors(webPage?.['author'], byId),
      (ev.itemprops.get('author') ?? ev.itemprops.get('creator') ?? []).flatMap((a) => cleanAuthors(a, false)).slice(0, 5),
      metaAuthor,
      labelledAuthor,
      ev.relAuthors.flatMap((a) => cleanAuthors(a, true)).slice(0, 3),
    ],
    fieldLists: [jsonLdAuthor, jsonLdAuthors(article?.['creator'], byId), metaAuthor],
    bylines: ev.bylines,
    authorLinks: ev.authorLinks,
    bylineLines: ev.bylineLines,
    scriptAuthors: [...ev.scriptAuthors, ...ev.sourceCredits].flatMap((value) => cleanAuthors(decodeLeftoverEntities(value), false)).slice(0, 1),
    publishers: publisherNames([meta.siteName, str(publisherRecord?.['name']), titleTagSuffix(ev.titleTag), copyrightHolder(first(ev, ['copyright', 'dc.rights']))], meta.url),
  });

  const language = ev.htmlLang ?? str(article?.['inLanguage']) ?? first(ev, ['content-language', 'language', 'dc.language']) ?? first(ev, ['og:locale'])?.replace('_', '-') ?? null;
  meta.language = language && /^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i.test(language.trim()) ? language.trim().replace('_', '-') : null;

  meta.categories = pickCategories(ev, article, meta.title);
  return meta;
}

/** Twitter's labelled fields (`twitter:label1` "Written by", `twitter:data1` "Jane Roe"), as SEO plugins fill them. */
const WRITTEN_BY_LABEL = /^(?:written\s+by|author|autor(?:in)?|verfasst\s+von|geschrieben\s+von|écrit\s+par|auteur|escrito\s+por|autore|scritto\s+da)$/i;

function labelledTwitterData(ev: Evidence, label: RegExp): string[] {
  const out: string[] = [];
  for (let i = 1; i <= 4; i++) {
    const name = ev.metaTags.get(`twitter:label${i}`)?.[0];
    const data = ev.metaTags.get(`twitter:data${i}`)?.[0];
    if (name && data && label.test(name.trim())) out.push(data);
  }
  return out;
}

/**
 * The publisher's names, squashed: site name, JSON-LD publisher, the site part of <title>, the copyright holder,
 * and the URL's domain label ("nationalgeographic").
 */
function publisherNames(candidates: (string | null)[], url: string | null): Set<string> {
  const names = [...candidates];
  const host = url?.match(/^https?:\/\/(?:www\.)?([^/:?#]+)/i)?.[1];
  if (host) names.push(host.split('.').sort((a, b) => b.length - a.length)[0]!);
  return new Set(names.filter((n): n is string => !!n).map(squash).filter((n) => n.length >= 3));
}

/** "© Maren Media GmbH 2022. Alle Rechte vorbehalten." → "Maren Media GmbH". */
function copyrightHolder(text: string | null): string | null {
  const holder = text?.replace(/^\s*(?:copyright|\(c\)|©)\s*/i, '').replace(/^\d{4}(?:\s*[-–]\s*\d{4})?\s*/, '').split(/[.,|]|\s\d{4}\b/)[0]?.trim();
  return holder && holder.length <= 60 ? holder : null;
}

/** Metadata that was HTML-escaped twice ("&#8216;", "Redacci&oacute;n") still carries entities after parsing: decode them. */
function decodeLeftoverEntities(text: string): string {
  return /&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z]{2,8}\d{0,2});/i.test(text) ? textOf(parseDocument(text.replace(/</g, '&lt;'), { decodeEntities: true })) : text;
}

function pickDate(ev: Evidence, article: Json | null, webPage: Json | null, url: string | null): string | null {
  const machine = [
    str(article?.['datePublished']), str(article?.['dateCreated']), first(ev, PUBLISHED_META),
    ev.itemprops.get('datePublished')?.[0], ev.itemprops.get('dateCreated')?.[0],
    ev.times.find((t) => t.published)?.value, str(webPage?.['datePublished']),
    ev.times.find((t) => !t.updated)?.value,
  ];
  for (const value of machine) {
    const parsed = value ? parseMachineDate(value) : null;
    if (parsed) return onPageDay(parsed, ev, article, url);
  }
  for (const text of ev.dateTexts) {
    const parsed = parseTextDate(text);
    if (parsed) return parsed;
  }
  const fromUrl = dateFromUrl(url);
  if (fromUrl) return fromUrl;
  const modified = str(article?.['dateModified']) ?? first(ev, MODIFIED_META) ?? ev.times[0]?.value;
  return modified ? parseMachineDate(modified) : null;
}

/**
 * A publication time written in UTC moved to the page's own day: into the zone of the page's other machine
 * dates, else to the neighbouring day its URL shows (/2023/11/08/…: a story published at 00:30 in Berlin is
 * 23:30Z the day before). A date shown in the page's text is not trusted for this: headers show today's date.
 */
function onPageDay(parsed: string, ev: Evidence, article: Json | null, url: string | null): string {
  if (!/(?:Z|\+00:00)$/.test(parsed)) return parsed;
  const machineDates = [
    str(article?.['dateModified']), str(article?.['datePublished']),
    ...[...PUBLISHED_META, ...MODIFIED_META].flatMap((key) => ev.metaTags.get(key) ?? []),
    ...ev.times.map((t) => t.value),
  ];
  for (const value of machineDates) {
    const offset = value ? offsetOf(value) : null;
    if (offset) return inZone(parsed, offset);
  }
  const dayInUrl = dateFromUrl(url);
  return (dayInUrl && shownDayOf(parsed, dayInUrl)) ?? parsed;
}

function pickCategories(ev: Evidence, article: Json | null, title: string | null): string[] {
  const out: string[] = [];
  out.push(...strings(article?.['articleSection']));
  out.push(...(ev.metaTags.get('article:section') ?? []));
  const crumbs = ev.jsonLd.find((node) => types(node).includes('BreadcrumbList'));
  const crumbNames = crumbs
    ? (Array.isArray(crumbs['itemListElement']) ? crumbs['itemListElement'] as Json[] : []).map((item) => str(item?.['name']) ?? str((item?.['item'] as Json | undefined)?.['name'])).filter((n): n is string => !!n)
    : ev.breadcrumbs[0] ?? [];
  out.push(...crumbNames.filter((name, i) => !(i === 0 && /^(home|start|startseite|accueil|inicio|homepage|index)$/i.test(name)) && name !== title));
  out.push(...ev.relCategories.map(normaliseBlockText));
  out.push(...ev.relTags.map(normaliseBlockText));
  out.push(...(ev.metaTags.get('article:tag') ?? []));
  const seen = new Set<string>();
  return out.filter((c) => c && c.length <= 80 && !seen.has(c.toLowerCase()) && seen.add(c.toLowerCase()));
}
