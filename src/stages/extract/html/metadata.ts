import type { Document, Element } from 'domhandler';
import { emptyMeta, type ArticleMeta } from '../../../core/article.js';
import { normaliseBlockText } from '../blocks.js';

/** Collects <meta>, <title>, <link rel=canonical>, <html lang> and JSON-LD without recursion. */
export function readMetadata(document: Document): ArticleMeta {
  const meta = emptyMeta();
  const metaTags = new Map<string, string>();
  let titleTag: string | null = null;
  const jsonLd: unknown[] = [];
  const stack = [...document.children];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== 'tag' && node.type !== 'script') continue;
    const el = node as Element;
    if (el.name === 'html' && el.attribs['lang']) meta.language = el.attribs['lang'];
    if (el.name === 'meta') {
      const key = (el.attribs['property'] ?? el.attribs['name'] ?? el.attribs['itemprop'] ?? '').toLowerCase();
      const content = el.attribs['content'];
      if (key && content && !metaTags.has(key)) metaTags.set(key, normaliseBlockText(content));
    } else if (el.name === 'title' && titleTag === null) {
      titleTag = normaliseBlockText(el.children.map((c) => ('data' in c ? c.data : '')).join(''));
    } else if (el.name === 'link' && /canonical/i.test(el.attribs['rel'] ?? '') && el.attribs['href']) {
      meta.url ??= el.attribs['href'];
    } else if (el.name === 'script' && /ld\+json/i.test(el.attribs['type'] ?? '')) {
      try {
        jsonLd.push(JSON.parse(el.children.map((c) => ('data' in c ? c.data : '')).join('')));
      } catch {
        // A broken JSON-LD block is common and not fatal: the other sources still apply.
      }
    }
    for (const child of el.children) stack.push(child);
  }
  const article = findNewsArticle(jsonLd);
  meta.title = str(article?.['headline']) ?? metaTags.get('og:title') ?? metaTags.get('twitter:title') ?? titleTag;
  meta.standfirst = str(article?.['description']) ?? metaTags.get('og:description') ?? metaTags.get('description') ?? null;
  meta.publishedAt = str(article?.['datePublished']) ?? metaTags.get('article:published_time') ?? metaTags.get('date') ?? null;
  meta.siteName = metaTags.get('og:site_name') ?? null;
  meta.url = meta.url ?? metaTags.get('og:url') ?? null;
  const author = article?.['author'];
  meta.authors = names(author);
  if (meta.authors.length === 0 && metaTags.get('author')) meta.authors = [metaTags.get('author')!];
  const section = metaTags.get('article:section');
  if (section) meta.categories = [section];
  return meta;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? normaliseBlockText(value) : null;
}

function names(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list
    .map((a) => (typeof a === 'string' ? a : typeof a === 'object' && a && 'name' in a ? str((a as { name: unknown }).name) : null))
    .filter((a): a is string => !!a);
}

function findNewsArticle(blocks: unknown[]): Record<string, unknown> | null {
  const queue = [...blocks];
  while (queue.length) {
    const item = queue.shift();
    if (Array.isArray(item)) queue.push(...item);
    else if (item && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      const type = record['@type'];
      const types = Array.isArray(type) ? type : [type];
      if (types.some((t) => typeof t === 'string' && /Article|BlogPosting|Report/.test(t))) return record;
      if (record['@graph']) queue.push(record['@graph']);
    }
  }
  return null;
}
