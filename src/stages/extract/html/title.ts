const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const SEPARATOR = /\s+(?:[|–—·•»«:/]|-{1,2}|::)\s+/;

/** Headlines as the page shows them. */
/** The last part of a `<title>` split at its separators ("Story – Maren Gazette" → "Maren Gazette"): usually the site. */
export function titleTagSuffix(titleTag: string | null): string | null {
  const parts = titleTag ? titleTag.split(SEPARATOR) : [];
  return parts.length >= 2 ? parts[parts.length - 1]!.trim() || null : null;
}

export interface ShownHeadings {
  /** Headings shown on the page (h1–h6 and elements named like a title), in document order. */
  headings: readonly string[];
  h1Texts: readonly string[];
  /** The kicker set apart at the start of a heading, by the heading's text. */
  kickers: ReadonlyMap<string, string>;
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
export function cleanTitle({ candidate, titleTag, headings, h1Texts, kickers, nearArticle: shownNearArticle, siteName }: TitleEvidence): string | null {
  const site = siteName ? norm(siteName) : null;
  const nearArticle = shownNearArticle && withoutKicker(shownNearArticle, kickers);
  const fromMetadata = candidate ? stripSiteName(candidate, site) : null;
  // A heading that repeats the metadata title word for word is the headline, whatever the <h1> says (a
  // section name, the site's logo).
  const declaredAndShown = fromMetadata && fromMetadata.length >= 10 && !isSiteSuffix(fromMetadata, titleTag, site)
    ? headings.find((heading) => norm(heading) === norm(fromMetadata)) : undefined;
  if (declaredAndShown) return withoutKicker(declaredAndShown, kickers);
  // The heading right above the article is its headline when the metadata titles say much the same.
  if (nearArticle && fromMetadata && nearArticle.length >= 4 && nearArticle.length <= 300 && norm(nearArticle) !== site) {
    const n = norm(nearArticle);
    const m = norm(fromMetadata);
    // …or when the metadata title is the heading's kicker (a JSON-LD "headline" holding the kicker alone).
    const kicker = kickers.get(shownNearArticle!);
    if (n === m || (overlap(n, m) >= 0.7 && overlap(m, n) >= 0.6) || (kicker && norm(kicker) === m)) return nearArticle;
  }
  // A page with a single <h1> shows its headline there, unless that <h1> is the site's name (blogs put the
  // post title in an <h2>): then it is the site part of the <title>. A kicker or subtitle inside the <h1>
  // ("Reformstau lösen / Headline", "Headline | Site", "Headline Subtitle") is left out when the metadata title
  // is the rest of it; one joined by a colon or dash is part of the headline ("Kicker: Headline", "Headline – Until Now").
  const onlyH1 = h1Texts.length === 1 ? withoutKicker(h1Texts[0]!, kickers) : null;
  if (onlyH1 && onlyH1.length >= 4 && onlyH1.length <= 300 && !isSitePart(onlyH1, titleTag, site, headings) && !isSitePart(h1Texts[0]!, titleTag, site, headings)) {
    const h = norm(onlyH1);
    const m = fromMetadata ? norm(fromMetadata) : '';
    if (m.length >= 10 && h !== m && isApartFrom(onlyH1.replace(/\s+/g, ' ').trim(), fromMetadata!.replace(/\s+/g, ' ').trim())) return fromMetadata;
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

/**
 * True when `heading` is `title` plus a part set apart from it: by a bar or slash, or by nothing at all (a
 * subtitle in its own element), rather than by the colon or dash of a headline's own punctuation.
 */
function isApartFrom(heading: string, title: string): boolean {
  const lower = heading.toLowerCase();
  const lowerTitle = title.toLowerCase();
  let joint: string;
  if (lower.startsWith(lowerTitle)) {
    const after = heading.slice(title.length);
    // A lower-case word after the metadata title continues it: the metadata was cut short.
    joint = /^\s+\p{Ll}/u.test(after) ? '' : after.match(/^\W*/u)![0];
  } else if (lower.endsWith(lowerTitle)) joint = heading.slice(0, heading.length - title.length).match(/\W*$/u)![0];
  else return false;
  return !/[:–—-]/.test(joint) && (/[|/•]/.test(joint) || /^\s+$/.test(joint));
}

/** A heading's text without the kicker set apart at its start: the headline itself. */
function withoutKicker(heading: string, kickers: ReadonlyMap<string, string>): string {
  const kicker = kickers.get(heading);
  if (!kicker || !heading.startsWith(kicker)) return heading;
  return heading.slice(kicker.length).replace(/^[\s:;|–—·•\-/]+/u, '') || heading;
}

/** True when a metadata title is only the site's name: the site name, or the last part of "Page | Site". */
function isSiteSuffix(title: string, titleTag: string | null, site: string | null): boolean {
  const t = norm(title);
  const parts = titleTag ? titleTag.split(SEPARATOR).map(norm) : [];
  return t === site || (parts.length >= 2 && t === parts[parts.length - 1]);
}

/** True when a heading is the site's name: it equals the site name or an outer part of "Page | Site". */
function isSitePart(heading: string, titleTag: string | null, site: string | null, headings: readonly string[]): boolean {
  const h = norm(heading);
  if (site && (h === site || h.includes(site))) return true;
  // "Blog name | Post title" with the blog's name in the <h1>: the post title is then shown in another heading.
  const parts = titleTag ? titleTag.split(SEPARATOR).map(norm) : [];
  const shown = new Set(headings.map(norm));
  return parts.length >= 2 && (h === parts[0] || h === parts[parts.length - 1]) && parts.some((p) => p.length > h.length && shown.has(p));
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
