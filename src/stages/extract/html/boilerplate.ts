import type { Element } from 'domhandler';
import rules from './boilerplate.json' with { type: 'json' };
import debrisRules from './debris.json' with { type: 'json' };
import { isDateLine } from './dates.js';
import { memoised } from './memo.js';

export type FurnitureSource = 'tag' | 'role' | 'class';

/** How an element is treated by the content walk. */
export type Furniture =
  /** Dropped with everything inside (scripts, media, hidden text). */
  | { kind: 'drop'; reason: string }
  /**
   * Page furniture (navigation, comments, share bars…). `by`: what marked it (tag, ARIA role, or class/id only); `weak`: by a
   * word that page builders also use for content wrappers, so the content finder may overrule it.
   */
  | { kind: 'furniture'; reason: string; by: FurnitureSource; weak: boolean; comments: boolean; word?: string; inlineDrop?: boolean }
  | null;

const bounded = (pattern: string) => new RegExp(`(?:^|[\\s_-])(?:${pattern})(?=$|[\\s_-])`);
const wholeWord = (pattern: string) => new RegExp(`(?:^|\\s)(?:${pattern})(?=$|\\s)`);

const DROPPED_TAGS = new Map<string, string>();
const FURNITURE_TAGS = new Map<string, string>();
for (const rule of rules.tags) {
  const target = rule.action === 'furniture' ? FURNITURE_TAGS : DROPPED_TAGS;
  for (const tag of rule.tags) target.set(tag, rule.reason);
}
const FURNITURE_ROLES = new Map<string, string>();
for (const rule of rules.roles) for (const role of rule.roles) FURNITURE_ROLES.set(role, rule.reason);
const CLASS_ID_RULES = rules.classId.map((rule) => ({
  pattern: ('wholeWord' in rule && rule.wholeWord ? wholeWord : bounded)(rule.pattern), reason: rule.reason, weak: rule.strength === 'weak', comments: /comments/.test(rule.reason),
  inlineDrop: 'inline' in rule && rule.inline === 'drop',
}));
const KEEP = bounded(rules.keep.pattern);
/** Containers that hold the whole page or the article: a boilerplate word in their class list is not trusted. */
const NEVER_FURNITURE = new Set(['html', 'body', 'main', 'article']);
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;

/**
 * classAndId's answer, kept on the element: the content walk, the metadata walk and the headline and standfirst
 * checks all ask for it, and the memos below then look up the same string, whose hash is already known.
 */
const NAMES = Symbol('classAndId');
type NamedElement = Element & { [NAMES]?: string };

/** The element's class list and id, lower-cased, as one string of names. */
export function classAndId(el: Element): string {
  const known = (el as NamedElement)[NAMES];
  if (known !== undefined) return known;
  const cls = el.attribs['class'];
  const id = el.attribs['id'];
  if (!cls && !id) return '';
  // Runs of '-' and '_' are one separator: BEM names ("entry__content", "section--ads") then read like "entry-content".
  const lower = `${cls ?? ''} ${id ?? ''}`.toLowerCase();
  // Most class lists have neither, and the replace would copy every one of them.
  const names = (lower.includes('_') || lower.includes('--') ? lower.replace(/[-_]+/g, '-') : lower).trim();
  (el as NamedElement)[NAMES] = names;
  return names;
}

/**
 * The verdict of the class/id rules on a normalised class list, shared by every element that carries it.
 */
const classVerdict = memoised((names: string): Furniture => {
  if (KEEP.test(names)) return null;
  for (const rule of CLASS_ID_RULES) {
    const match = rule.pattern.exec(names);
    if (match) return { kind: 'furniture', reason: rule.reason, by: 'class', weak: rule.weak, comments: rule.comments, word: match[0].replace(/^[\s-]/, ''), inlineDrop: rule.inlineDrop };
  }
  return null;
});

/** Classifies one element by its tag, role, visibility, class and id. */
export function classifyElement(el: Element): Furniture {
  const dropped = DROPPED_TAGS.get(el.name);
  if (dropped) return { kind: 'drop', reason: dropped };
  const attribs = el.attribs;
  if ('hidden' in attribs || attribs['aria-hidden'] === 'true' || (attribs['style'] && HIDDEN_STYLE.test(attribs['style']))) {
    return { kind: 'drop', reason: 'hidden from readers' };
  }
  const tagReason = FURNITURE_TAGS.get(el.name);
  if (tagReason) return { kind: 'furniture', reason: tagReason, by: 'tag', weak: false, comments: false };
  const role = attribs['role'];
  if (role) {
    const roleReason = FURNITURE_ROLES.get(role.toLowerCase());
    if (roleReason) return { kind: 'furniture', reason: roleReason, by: 'role', weak: false, comments: false };
  }
  if (NEVER_FURNITURE.has(el.name) || attribs['itemprop'] === 'articleBody') return null;
  const names = classAndId(el);
  if (!names) return null;
  return classVerdict(names);
}

const DEBRIS = new RegExp(`^(?:${debrisRules.rules.map((r) => r.pattern).join('|')})$`, 'i');

const PROMPT = new RegExp(debrisRules.prompts.rules.map((r) => r.pattern).join('|'), 'i');
const PROMPT_MAX_CHARS = 300;

const STOP_MARKER = new RegExp(`^(?:${debrisRules.stopMarkers.rules.map((r) => r.pattern).join('|')})$`, 'i');

const bare = (text: string) => text.replace(/[\s.:!»›→↑^|>•·…-]+$/u, '').replace(/^[\s«‹←↑^|<•·-]+/u, '');

/** True for a heading or short block that opens the furniture after an article ("Related stories", "Comments"). */
export function isStopMarker(text: string): boolean {
  return text.length <= 80 && STOP_MARKER.test(bare(text));
}

/**
 * True for a block that is page debris standing alone ("Share this", "Advertisement", "Back to top", a bare date),
 * or a short paywall or subscription prompt ("To view the full story, please subscribe").
 */
export function isDebris(text: string): boolean {
  if (text.length <= PROMPT_MAX_CHARS && PROMPT.test(text)) return true;
  if (text.length > 200) return false;
  const stripped = bare(text);
  return stripped === '' || DEBRIS.test(stripped) || isDateLine(stripped);
}
