const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const SEPARATOR = /\s+(?:[|–—·•»«:/]|-{1,2}|::)\s+/;

/** Headlines as the page shows them. */
export interface ShownHeadings {
  /** Headings shown on the page (h1–h6 and elements named like a title), in document order. */
  headings: readonly string[];
  h1Texts: readonly string[];
  /** The nearest heading above the article's first block. */
  nearArticle: string | null;
}

interface TitleEvidence extends ShownHeadings {
  /** The best metadata title: JSON-LD headline, og:title, … or the <title> element. */
  candidate: string | null;
  titleTag: string | null;
  siteName: string | null;
}

const words = (s: string) => new Set(s.split(/[^\p{L}\p{N}]+/u).filter(Boolean));

/** Share of `a`'s words that `b` also has. */
function overlap(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (!wa.size) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / wa.size;
}

/**
 * The article's headline without the site name: the visible heading when the metadata titles agree with it,
 * else the metadata title with a " | Site" (or "Site - ") part removed.
 */
export function cleanTitle({ candidate, titleTag, headings, h1Texts, nearArticle, siteName }: TitleEvidence): string | null {
  const site = siteName ? norm(siteName) : null;
  const fromMetadata = candidate ? stripSiteName(candidate, site) : null;
  // The heading right above the article is its headline when the metadata titles say much the same.
  if (nearArticle && fromMetadata && nearArticle.length >= 4 && nearArticle.length <= 300 && norm(nearArticle) !== site) {
    const n = norm(nearArticle);
    const m = norm(fromMetadata);
    if (n === m || (overlap(n, m) >= 0.7 && overlap(m, n) >= 0.6)) return nearArticle;
  }
  // A page with a single <h1> shows its headline there, unless that <h1> is the site's name (blogs put the
  // post title in an <h2>): then it is the site part of the <title>. A kicker or subtitle inside the <h1>
  // ("Corona: Headline") is left out when the metadata title is the rest of it.
  const onlyH1 = h1Texts.length === 1 ? h1Texts[0]! : null;
  if (onlyH1 && onlyH1.length >= 4 && onlyH1.length <= 300 && !isSitePart(onlyH1, titleTag, site)) {
    const h = norm(onlyH1);
    const m = fromMetadata ? norm(fromMetadata) : '';
    if (m.length >= 10 && h !== m && (h.endsWith(m) || h.startsWith(m))) return fromMetadata;
    return onlyH1;
  }
  // The headline as shown is the longest heading that the metadata titles repeat ("Headline | Site").
  const declared = [candidate, titleTag].filter((t): t is string => !!t).map(norm);
  let shown: string | null = null;
  for (const heading of headings) {
    const h = norm(heading);
    if (h.length < 4 || heading.length > 300 || h === site || (shown && heading.length <= shown.length)) continue;
    if (declared.some((d) => d.includes(h))) shown = heading;
  }
  if (shown && (shown.length >= 12 || declared.some((d) => d === norm(shown!)))) return shown;
  if (!candidate) return headings[0] && headings[0].length <= 300 ? headings[0] : null;
  return fromMetadata;
}

/** True when a heading is the site's name: it equals the site name or an outer part of "Page | Site". */
function isSitePart(heading: string, titleTag: string | null, site: string | null): boolean {
  const h = norm(heading);
  if (site && (h === site || h.includes(site))) return true;
  const parts = titleTag ? titleTag.split(SEPARATOR).map(norm) : [];
  return parts.length >= 2 && (h === parts[0] || h === parts[parts.length - 1]) && parts.some((p) => p.length > h.length);
}

/** "Headline | Site" → "Headline", by the known site name, else by a short last part. */
function stripSiteName(title: string, site: string | null): string {
  const parts = title.split(SEPARATOR);
  if (parts.length < 2) return title;
  const isSite = (part: string) => {
    const p = norm(part);
    return !!site && (p === site || site.includes(p) || (p.includes(site) && p.length < site.length + 12));
  };
  if (parts.some(isSite)) {
    const kept = stripEnds(parts, isSite);
    return kept.length ? title.slice(title.indexOf(kept[0]!), title.lastIndexOf(kept[kept.length - 1]!) + kept[kept.length - 1]!.length) : title;
  }
  // No site name to recognise: a short last part after "|" or a dash is the usual site suffix.
  const last = parts[parts.length - 1]!;
  if (last.split(/\s+/).length <= 3 && parts.slice(0, -1).join(' ').length > last.length) {
    return title.slice(0, title.lastIndexOf(last)).replace(new RegExp(`${SEPARATOR.source}$`), '').trim();
  }
  return title;
}

function stripEnds(parts: string[], isSite: (part: string) => boolean): string[] {
  let from = 0;
  let to = parts.length;
  while (from < to && isSite(parts[from]!)) from++;
  while (to > from && isSite(parts[to - 1]!)) to--;
  return parts.slice(from, to);
}
