import type { Element } from 'domhandler';
import { findAll, findOne, getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { PresslensError } from '../core/errors.js';
import type { AnalyzeInput } from '../core/input.js';

export interface FeedItem {
  key: string;
  title: string | null;
  link: string | null;
  publishedAt: string | null;
  /** Full HTML content (content:encoded, Atom content) or else the summary/description. */
  html: string | null;
  /** True when `html` is only a summary, so fetching the link gives the article. */
  summaryOnly: boolean;
}

/** True when the bytes look like an RSS or Atom document. */
export function looksLikeFeed(head: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:RDF)[\s>]/i.test(head);
}

/** Parses an RSS 2.0, RSS 1.0 (RDF) or Atom feed into its items. */
export function parseFeed(xml: string, label: string): FeedItem[] {
  if (!looksLikeFeed(xml.slice(0, 4096))) throw new PresslensError('invalid-input', `${label}: not an RSS or Atom feed`);
  const document = parseDocument(xml, { xmlMode: true, decodeEntities: true });
  const nodes = findAll((element) => element.name === 'item' || element.name === 'entry', document.children);
  return nodes.map((node, index) => {
    const child = (...names: string[]) => findOne((element) => names.includes(element.name), node.children, false);
    const text = (...names: string[]) => {
      const element = child(...names);
      const value = element ? textContent(element).trim() : '';
      return value || null;
    };
    const link = atomLink(node) ?? text('link');
    const full = text('content:encoded', 'content');
    const summary = text('description', 'summary');
    const guid = text('guid', 'id');
    return {
      key: guid ?? link ?? `${label}#${index + 1}`,
      title: text('title'),
      link,
      publishedAt: text('pubDate', 'published', 'dc:date', 'updated'),
      html: full ?? summary,
      summaryOnly: !full,
    };
  });
}

function atomLink(node: Element): string | null {
  const links = node.children.filter((c): c is Element => (c as Element).name === 'link' && Boolean(getAttributeValue(c as Element, 'href')));
  const preferred = links.find((l) => (getAttributeValue(l, 'rel') ?? 'alternate') === 'alternate') ?? links[0];
  return preferred ? getAttributeValue(preferred, 'href') ?? null : null;
}

/** The item's own content as a page the extractor understands: its title as <title>, its body as the article. */
export function feedItemInput(item: FeedItem, label: string): AnalyzeInput {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const html = `<!doctype html><html><head><title>${escape(item.title ?? '')}</title></head><body><article>${item.html ?? ''}</article></body></html>`;
  const input: AnalyzeInput = { html, label };
  if (item.link) input.url = item.link;
  if (item.publishedAt && !Number.isNaN(Date.parse(item.publishedAt))) input.publishedAt = new Date(item.publishedAt).toISOString();
  return input;
}
