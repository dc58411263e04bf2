import { normaliseBlockText } from '../blocks.js';
import { cleanAuthors, DESK, startsLikeByline } from './authors.js';

/** What a page says about who wrote it, gathered by metadata.ts. */
export interface AuthorEvidence {
  /** Names from each machine-readable source, most explicit first (JSON-LD, microdata, meta tags, rel=author). */
  declared: string[][];
  /** Names from single metadata fields that list a story's authors (JSON-LD author and creator, author meta tags). */
  fieldLists: string[][];
  /** Texts of elements named like a byline ("byline", "author", "vcard"). */
  bylines: string[];
  /** Texts of links to an author's page. */
  authorLinks: string[];
  /** Short visible lines that begin like a byline ("By Jane Roe", "Eine Kolumne von Jane Roe"). */
  bylineLines: string[];
  /** Names from page scripts and data-author attributes: the last resort. */
  scriptAuthors?: string[];
  /** The publisher's names, squashed (see `squash`). */
  publishers: Set<string>;
}

/**
 * The article's authors. Sources are tried from the most to the least explicit; a source that only names the
 * publisher ("National Geographic" as author of a reporter's story) or a desk ("Redaktion") gives way to a later source naming a person
 * and is kept when no other source names anyone. The names found are then completed: by a metadata field that
 * lists all of them and more ("Jane Roe" → "Jane Roe, John Doe"), and with the surname of a first name standing
 * alone when a visible byline writes it out ("Nils" in the metadata, "Eine Kolumne von Nils Pickert" on the page).
 */
export function chooseAuthors(ev: AuthorEvidence): string[] {
  const visible = [...ev.bylines, ...ev.bylineLines].map((text) => cleanAuthors(bylineName(text), true));
  // Every visible byline is a source of its own: the first ("By Maren Gazette") may name only the publisher
  // when a later one ("Written by: Jo Tamsin") names the reporter. Past the first byline of a kind that names
  // anyone, page furniture is near ("Mehr", "Zur PersonAlle Beiträge"): only a full name counts there.
  const groups = [
    visible.slice(0, ev.bylines.length),
    ev.authorLinks.map((text) => cleanAuthors(text, true)),
    visible.slice(ev.bylines.length),
  ];
  const sources = [
    ...ev.declared.map((names) => ({ names, fullNamesOnly: false })),
    ...groups.flatMap((group) => {
      const first = group.findIndex((names) => names.length > 0);
      return group.map((names, i) => ({ names, fullNamesOnly: i > first }));
    }),
    { names: ev.scriptAuthors ?? [], fullNamesOnly: false },
  ];
  let chosen: string[] = [];
  for (const { names, fullNamesOnly } of sources) {
    if (names.length === 0 || (fullNamesOnly && !names.every(isFullName))) continue;
    if (!names.every((name) => isPublisher(name, ev.publishers))) {
      chosen = names;
      break;
    }
    if (chosen.length === 0) chosen = names;
  }
  if (chosen.length === 0) return [];
  // A field that lists the authors may name more of them than the source chosen (JSON-LD "author" one
  // Person, "creator" all of them). Page-wide collections (every rel=author link) are not such lists.
  const fuller = ev.fieldLists.find((list) => list.length > chosen.length && chosen.every((name) => list.some((other) => squash(other) === squash(name))));
  if (fuller) chosen = fuller;
  const names = [...new Set(chosen.map((name) => (name.includes(' ') ? name : withSurname(name, visible))))];
  // "By Rob Ellis, CNN", "Tina Berger, TK": the publisher or a co-author's initials listed beside a person
  // (a desk, "Jane Roe, Redaktion", is a co-author).
  const people = names.filter((name) => (DESK.test(name) || !isPublisher(name, ev.publishers)) && !names.some((other) => other !== name && initialsOf(other) === name));
  return people.length ? people : names;
}

/** "Tina Berger" → "TB". */
function initialsOf(name: string): string {
  return name.split(/[\s-]+/).map((word) => word[0] ?? '').join('').toUpperCase();
}

/** Two to four words, none of them two words glued together ("PersonAlle"). */
function isFullName(name: string): boolean {
  const words = name.split(' ');
  return words.length >= 2 && words.length <= 4 && !/\p{Ll}\p{Lu}/u.test(name);
}

/** "Nils" → "Nils Pickert" when a visible byline names the author in full ("Eine Kolumne von Nils Pickert"). */
function withSurname(firstName: string, visible: string[][]): string {
  for (const names of visible) {
    const full = names.find((name) => name.startsWith(`${firstName} `) && name.split(' ').length <= 3);
    if (full) return full;
  }
  return firstName;
}

/**
 * The visible byline's name part: "By Jane Roe | 2 Aug 2019" → "Jane Roe". A "von" after a capitalised word is a
 * name particle ("Walter von Aachen"), not the byline's "von". A long byline element (name, date, then the
 * author's biography) is read from its first line.
 */
function bylineName(text: string): string {
  const line = normaliseBlockText(text);
  const by = line.match(/(?:(?:^|[^\p{L}\s]\s*|\s)(?:by|par|por|door|av)|(?:^|[^\p{L}\s]\s*|(?<!\p{Lu}\p{L}*)\s)(?:von|di))\s+([^|•·\n]{2,80})/iu);
  if (by) return by[1]!;
  if (line.length <= 60) return line;
  // A line opening like a byline may run on with a description ("Autorin: Uta Brenner, Projektleiterin der …"):
  // one name, up to the first separator.
  if (line.length <= 100 && startsLikeByline(line)) return line.split(/\s*[,;|•·]\s*|\s[-–—]\s/)[0]!;
  const firstLine = normaliseBlockText(text.trimStart().split('\n', 1)[0]!);
  return firstLine.length <= 60 && cleanAuthors(firstLine, true).every(isFullName) ? firstLine : '';
}

/** Organisation suffixes: a name carrying one is an institution, not a person writing. */
const ORGANISATION = /\b(?:e\.\s?V\.?|GmbH|AG|Ltd\.?|Inc\.?|LLC|S\.A\.|Verlag|Stiftung|Foundation|Media|Online|Magazin|Magazine|Zeitung|News)$/i;

export const squash = (text: string) => text.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]/gu, '');

function isPublisher(name: string, publishers: Set<string>): boolean {
  if (ORGANISATION.test(name) || DESK.test(name)) return true;
  const squashed = squash(name);
  if (squashed.length < 3) return false;
  for (const publisher of publishers) if (publisher === squashed || squashed.length >= 5 && (publisher.startsWith(squashed) || squashed.startsWith(publisher))) return true;
  return false;
}
