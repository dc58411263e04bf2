/**
 * A generator of labelled story streams for measuring clustering: invented stories (events in invented
 * towns, with invented people and organisations) each covered by several invented outlets. Each outlet's
 * article is a rewrite (its own choice, order and wording of the story's facts, plus background sentences),
 * or a near-verbatim copy of a wire-service article. Distractor stories share a town, officials or the event
 * type with another story at nearly the same time. The gold label of an article is its story.
 * Limits are documented in docs/COMPARE.md.
 */
import { readFileSync } from 'node:fs';

interface Templates {
  events: Record<string, { titles: string[]; facts: string[][] }>;
  filler: Record<string, string[]>;
  roles: Record<string, string[]>;
  orgs: Record<string, string[]>;
  facilities: Record<string, string[]>;
  synonyms: string[][];
  extras: string[];
  nouns: Record<string, string>;
  givenNames: string[];
  nameParts: Record<string, string[]>;
  outlets: { name: string; wire: boolean }[];
}

const TEMPLATES: Templates = JSON.parse(readFileSync(new URL('./story-templates.json', import.meta.url), 'utf8'));
const EVENT_TYPES = Object.keys(TEMPLATES.events);
// Events that plausibly happen twice in one town within days (a second fire, another theft); an election
// or a verdict does not, so it never gets a "repeat" distractor.
const RECURRING_EVENTS = new Set(['fire', 'flood', 'spill', 'theft', 'bridge', 'mine', 'strike']);

export interface SyntheticArticle {
  id: string;
  storyId: string;
  outlet: string;
  title: string;
  text: string;
  publishedAt: string;
  /** How the article was made: a rewrite, or a copy of another article (its id). */
  kind: 'rewrite' | 'wire-copy';
  copyOf: string | null;
  /** For a distractor story: which story it imitates and how. */
  distractor: { of: string; kind: 'sibling' | 'repeat' } | null;
  /** The names the generator put in the text, as an entity stage would find them. */
  entities: { name: string; type: 'PERSON' | 'ORG' | 'GPE' | 'FAC' }[];
}

export interface StreamOptions {
  seed: number;
  stories: number;
  /** Calendar span the stories are spread over. */
  days: number;
  /** Share of stories that are distractors of an earlier story (same town and officials, other event). */
  siblingShare: number;
  /** Share of stories that repeat an earlier story's event type and town a few days later. */
  repeatShare: number;
  start: string;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  seed: 1, stories: 40, days: 10, siblingShare: 0.25, repeatShare: 0.1, start: '2031-03-01T00:00:00Z',
};

/** Mulberry32: a small seeded generator, so that every set is reproducible from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Story {
  id: string;
  event: string;
  time: number;
  slots: Record<string, string>;
  entities: SyntheticArticle['entities'];
  distractor: SyntheticArticle['distractor'];
}

/**
 * Yields the articles of `options.stories` stories in publication order (stories are generated in time order
 * and released through a small buffer, so memory stays flat for 100k-article streams).
 */
export function* storyStream(partial: Partial<StreamOptions> = {}): Generator<SyntheticArticle> {
  const options = { ...DEFAULT_STREAM_OPTIONS, ...partial };
  const rand = random(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const shuffle = <T>(list: T[]): T[] => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  };
  const parts = TEMPLATES.nameParts;
  const town = () => pick(parts['townStart']!) + pick(parts['townMiddle']!) + pick(parts['townEnd']!);
  const surname = () => pick(parts['surnameStart']!) + pick(parts['surnameMiddle']!) + pick(parts['surnameEnd']!);
  const person = () => `${pick(TEMPLATES.givenNames)} ${surname()}`;
  const start = Date.parse(options.start);
  const span = options.days * 86_400_000;
  const recent: Story[] = [];
  const pending: SyntheticArticle[] = [];
  let articleCount = 0;

  const makeStory = (index: number): Story => {
    const time = start + (span * index) / options.stories + rand() * 3_600_000;
    const roll = rand();
    const base = recent.length ? pick(recent) : null;
    let event = pick(EVENT_TYPES);
    let distractor: Story['distractor'] = null;
    const slots: Record<string, string> = {
      town: town(), region: pick(parts['regions']!), official: person(), witness: person(), defendant: person(),
      candidate: person(), street: pick(parts['streets']!), river: pick(parts['rivers']!), bridge: pick(parts['bridges']!),
      surname: surname(), day: new Date(time).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' }),
      n1: String(2 + Math.floor(rand() * 60)), n2: String(5 + Math.floor(rand() * 300)), n3: String(3 + Math.floor(rand() * 40)),
    };
    if (base && roll < options.siblingShare) {
      // Sibling distractor: same town, region and official, a different event.
      slots['town'] = base.slots['town']!;
      slots['region'] = base.slots['region']!;
      slots['official'] = base.slots['official']!;
      while (event === base.event) event = pick(EVENT_TYPES);
      distractor = { of: base.id, kind: 'sibling' };
    } else if (base && RECURRING_EVENTS.has(base.event) && roll < options.siblingShare + options.repeatShare) {
      // Repeat distractor: the same kind of event in the same town, days later, other people.
      event = base.event;
      slots['town'] = base.slots['town']!;
      slots['region'] = base.slots['region']!;
      distractor = { of: base.id, kind: 'repeat' };
    }
    const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_, key: string) => slots[key] ?? `{${key}}`);
    slots['officialRole'] = pick(TEMPLATES.roles[event]!);
    slots['officialRoleLower'] = slots['officialRole'].toLowerCase();
    slots['org'] = fill(pick(TEMPLATES.orgs[event]!));
    slots['facility'] = fill(pick(TEMPLATES.facilities[event] ?? ['site']));
    if (distractor?.kind === 'repeat') {
      // Another event of the same kind in the same town happens somewhere else in it.
      while (slots['street'] === base!.slots['street']) slots['street'] = pick(parts['streets']!);
      while (slots['bridge'] === base!.slots['bridge']) slots['bridge'] = pick(parts['bridges']!);
      const facilities = TEMPLATES.facilities[event];
      if (facilities) while (slots['facility'] === base!.slots['facility']) slots['facility'] = fill(pick(facilities));
    }
    const last = (name: string) => name.split(' ').pop()!;
    slots['defendantLast'] = last(slots['defendant']!);
    slots['candidateLast'] = last(slots['candidate']!);
    const entities: SyntheticArticle['entities'] = [
      { name: slots['town']!, type: 'GPE' }, { name: slots['region']!, type: 'GPE' }, { name: slots['org'], type: 'ORG' },
      { name: slots['official']!, type: 'PERSON' }, { name: slots['witness']!, type: 'PERSON' },
    ];
    if (event === 'trial') entities.push({ name: slots['defendant']!, type: 'PERSON' });
    if (event === 'election') entities.push({ name: slots['candidate']!, type: 'PERSON' });
    const story: Story = { id: `s${options.seed}-${index}`, event, time, slots, entities, distractor };
    recent.push(story);
    if (recent.length > 30) recent.shift();
    return story;
  };

  const rewrite = (story: Story): { title: string; text: string } => {
    const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_, key: string) => story.slots[key] ?? '');
    const templates = TEMPLATES.events[story.event]!;
    const rest = shuffle(templates.facts.slice(1).filter(() => rand() > 0.25));
    const sentences = [templates.facts[0]!, ...rest].map((variants) => fill(pick(variants)));
    const filler = TEMPLATES.filler[story.event]!.filter(() => rand() < 0.5);
    // The outlet's own reporting: sentences and people no other outlet has.
    const extraSlots: Record<string, string> = { ...story.slots, noun: TEMPLATES.nouns[story.event]!, extra: person() };
    const extras = TEMPLATES.extras.filter(() => rand() < 0.25).map((t) => t.replace(/\{(\w+)\}/g, (_, key: string) => extraSlots[key] ?? ''));
    for (const line of [...filler, ...extras]) sentences.splice(1 + Math.floor(rand() * sentences.length), 0, line);
    let text = sentences.join(' ');
    for (const [word, ...alternatives] of TEMPLATES.synonyms) {
      if (rand() < 0.5) text = text.replace(new RegExp(`\\b${word}\\b`, 'g'), () => pick(alternatives));
    }
    const paragraphs: string[] = [];
    const split = text.match(/[^.!?]+[.!?]+["”]?\s*/g) ?? [text];
    for (let i = 0; i < split.length; i += 2) paragraphs.push(split.slice(i, i + 2).join('').trim());
    return { title: fill(pick(templates.titles)), text: paragraphs.join('\n\n') };
  };

  const cover = (story: Story) => {
    const outlets = shuffle([...TEMPLATES.outlets]).slice(0, 2 + Math.floor(rand() * 5));
    const made: SyntheticArticle[] = [];
    for (const outlet of outlets) {
      const wireSource = made.find((a) => a.kind === 'rewrite' && TEMPLATES.outlets.find((o) => o.name === a.outlet)?.wire);
      const copying = wireSource !== undefined && !outlet.wire && rand() < 0.6;
      // Copies run a few hours after the agency's article; rewrites any time in the next day and a half.
      const published = copying ? Date.parse(wireSource.publishedAt) + rand() * 6 * 3_600_000 : story.time + rand() * 36 * 3_600_000;
      const base = {
        id: `a${options.seed}-${articleCount++}`, storyId: story.id, outlet: outlet.name, publishedAt: new Date(published).toISOString(),
        entities: story.entities, distractor: story.distractor,
      };
      if (copying) {
        // A wire copy: the agency text, lightly edited (last paragraph dropped, a credit line added).
        const paragraphs = wireSource.text.split('\n\n');
        if (paragraphs.length > 3 && rand() < 0.5) paragraphs.pop();
        paragraphs.push(`Reporting by ${wireSource.outlet}.`);
        made.push({ ...base, title: rand() < 0.5 ? wireSource.title : rewrite(story).title, text: paragraphs.join('\n\n'), kind: 'wire-copy', copyOf: wireSource.id });
      } else {
        made.push({ ...base, ...rewrite(story), kind: 'rewrite', copyOf: null });
      }
    }
    return made;
  };

  for (let index = 0; index < options.stories; index++) {
    const story = makeStory(index);
    pending.push(...cover(story));
    // Articles of a story appear within 36 hours of it; releasing those older than that keeps time order.
    pending.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
    const horizon = new Date(story.time - 48 * 3_600_000).toISOString();
    while (pending.length && pending[0]!.publishedAt < horizon) yield pending.shift()!;
  }
  yield* pending;
}
