const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const SEPARATOR = /\s+(?:[|–—·•»«:/]|-{1,2}|::)\s+/;

interface TitleEvidence {
  /** The best metadata title: JSON-LD headline, og:title, … or the <title> element. */
  candidate: string | null;
  titleTag: string | null;
  /** The page's first <h1>, the headline as shown. */
  headline: string | null;
  siteName: string | null;
}

/**
 * The article's headline without the site name: the visible <h1> when the metadata titles agree with it,
 * else the metadata title with a " | Site" (or "Site - ") part removed.
 */
export function cleanTitle({ candidate, titleTag, headline, siteName }: TitleEvidence): string | null {
  const site = siteName ? norm(siteName) : null;
  if (headline && headline.length >= 6 && headline.length <= 300 && (!site || norm(headline) !== site)) {
    const h = norm(headline);
    if ((candidate && norm(candidate).includes(h)) || (titleTag && norm(titleTag).includes(h))) return headline;
  }
  if (!candidate) return headline && headline.length <= 300 ? headline : null;
  const parts = candidate.split(SEPARATOR);
  if (parts.length < 2) return candidate;
  const isSite = (part: string) => {
    const p = norm(part);
    return !!site && (p === site || site.includes(p) || (p.includes(site) && p.length < site.length + 12));
  };
  if (parts.some(isSite)) {
    const kept = stripEnds(parts, isSite);
    return kept.length ? candidate.slice(candidate.indexOf(kept[0]!), candidate.lastIndexOf(kept[kept.length - 1]!) + kept[kept.length - 1]!.length) : candidate;
  }
  // No site name to recognise: a short last part after "|" or a dash is the usual site suffix.
  const last = parts[parts.length - 1]!;
  if (last.split(/\s+/).length <= 3 && parts.slice(0, -1).join(' ').length > last.length) {
    return candidate.slice(0, candidate.lastIndexOf(last)).replace(new RegExp(`${SEPARATOR.source}$`), '').trim();
  }
  return candidate;
}

function stripEnds(parts: string[], isSite: (part: string) => boolean): string[] {
  let from = 0;
  let to = parts.length;
  while (from < to && isSite(parts[from]!)) from++;
  while (to > from && isSite(parts[to - 1]!)) to--;
  return parts.slice(from, to);
}
