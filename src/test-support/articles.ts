import { ARTICLE_SCHEMA, type ArticleJson, type EntityType, type Voice } from '../core/article.js';

export interface ArticleSpec {
  id: string;
  url?: string | null;
  title?: string;
  siteName?: string | null;
  publishedAt?: string | null;
  /** Sentences with their voice; joined with spaces into one paragraph each entry of `paragraphs`. */
  paragraphs: Array<Array<[string, Voice]>>;
  /** Every occurrence of each surface form becomes a mention. */
  entities?: Array<{ name: string; type: EntityType; surfaces?: string[] }>;
  /** Quoted content (found in the text) and who said it (an entity name, or a name with no entity). */
  quotes?: Array<{ content: string; speaker: string | null; kind?: 'direct' | 'indirect' | 'mixed' }>;
  framing?: Array<{ phrase: string; technique: string; voice?: 'outlet' | 'quoted' }>;
}

/** A hand-built Article JSON with entities, quotes, voice and framing, offsets computed from the text. */
export function buildArticle(spec: ArticleSpec): ArticleJson {
  const blocks: ArticleJson['blocks'] = [];
  const sentences: ArticleJson['sentences'] = [];
  let text = '';
  for (const paragraph of spec.paragraphs) {
    if (text) text += '\n\n';
    const blockStart = text.length;
    paragraph.forEach(([sentence, voice], index) => {
      if (index > 0) text += ' ';
      sentences.push({ start: text.length, end: text.length + sentence.length, voice });
      text += sentence;
    });
    blocks.push({ type: 'paragraph', start: blockStart, end: text.length });
  }
  const find = (needle: string, from = 0) => {
    const at = text.indexOf(needle, from);
    if (at < 0) throw new Error(`${spec.id}: "${needle}" is not in the text`);
    return { start: at, end: at + needle.length };
  };
  const entities = (spec.entities ?? []).map((entity, index) => {
    const mentions = [];
    for (const surface of entity.surfaces ?? [entity.name]) {
      for (let at = text.indexOf(surface); at >= 0; at = text.indexOf(surface, at + surface.length)) mentions.push({ start: at, end: at + surface.length });
    }
    return { id: `e${index + 1}`, type: entity.type, name: entity.name, mentions: mentions.sort((a, b) => a.start - b.start) };
  });
  const quotes = (spec.quotes ?? []).map((quote, index) => {
    const span = find(quote.content);
    const entity = entities.find((e) => e.name === quote.speaker);
    const mention = entity?.mentions[0] ?? null;
    return {
      id: `q${index + 1}`, kind: quote.kind ?? 'direct', ...span, cue: null,
      speaker: { name: quote.speaker, entityId: entity?.id ?? null, mention },
    };
  });
  const framing = (spec.framing ?? []).map((finding) => ({
    technique: finding.technique, ...find(finding.phrase), voice: finding.voice ?? 'outlet',
    explanation: `"${finding.phrase}" is ${finding.technique.replace(/_/g, ' ').toLowerCase()}`, alternative: null, ruleId: `test.${finding.technique}`,
  }));
  return {
    schema: ARTICLE_SCHEMA, id: spec.id, url: spec.url ?? null, title: spec.title ?? null, standfirst: null, authors: ['Test Desk'],
    publishedAt: spec.publishedAt ?? null, siteName: spec.siteName ?? null, language: 'en', categories: ['news'],
    text, blocks, sentences, entities, quotes, framing, messages: [],
  };
}

/** Four articles from three fictional outlets: a wire story, its copy, and two local ones. */
export function sampleCorpus(): ArticleJson[] {
  const wire: ArticleSpec = {
    id: 'harbour-1', url: 'https://www.northbay-courier.example/news/harbour-bridge-vote?utm_source=feed', title: 'Council approves harbour bridge repairs',
    siteName: 'Northbay Courier', publishedAt: '2031-03-04T09:30:00Z',
    paragraphs: [
      [['The Northbay council voted on Tuesday to spend 40 million on repairs to the Harbour Bridge.', 'outlet'],
        ['"This bridge carries half of our commuters," said Maria Okafor, the council leader.', 'quoted'],
        ['Officials said the work would begin in May.', 'attributed']],
      [['Critics called the plan a reckless gamble with public money.', 'outlet'],
        ['Some residents are believed to favour a new tunnel instead.', 'vague'],
        ['Okafor said the Port Authority had agreed to share the cost.', 'attributed']],
    ],
    entities: [
      { name: 'Maria Okafor', type: 'PERSON', surfaces: ['Maria Okafor', 'Okafor'] },
      { name: 'Harbour Bridge', type: 'FAC' },
      { name: 'Port Authority', type: 'ORG' },
      { name: 'Northbay', type: 'GPE' },
    ],
    quotes: [
      { content: 'This bridge carries half of our commuters,', speaker: 'Maria Okafor' },
      { content: 'the Port Authority had agreed to share the cost', speaker: 'Maria Okafor', kind: 'indirect' },
    ],
    framing: [{ phrase: 'reckless gamble', technique: 'Loaded_Language' }],
  };
  const copy: ArticleSpec = {
    ...wire, id: 'harbour-copy', url: 'https://eastgate-times.example/2031/03/04/bridge', siteName: 'Eastgate Times', publishedAt: '2031-03-04T11:00:00Z',
    // A wire copy: the same story with a dateline and a credit line added.
    paragraphs: [
      [['NORTHBAY (Wire) - The Northbay council voted on Tuesday to spend 40 million on repairs to the Harbour Bridge.', 'outlet'], ...wire.paragraphs[0]!.slice(1)],
      [...wire.paragraphs[1]!, ['Wire staff contributed.', 'outlet']],
    ],
  };
  const school: ArticleSpec = {
    id: 'school-1', url: 'https://eastgate-times.example/2031/04/12/school-meals', title: 'Free school meals extended',
    siteName: 'Eastgate Times', publishedAt: '2031-04-12T07:00:00Z',
    paragraphs: [
      [['The Eastgate school board extended free meals to every primary pupil.', 'outlet'],
        ['"No child should learn on an empty stomach," said board chair Daniel Reyes.', 'quoted'],
        ['MARIA OKAFOR, who leads the Northbay council, praised the decision.', 'outlet']],
      [['The scheme will cost about 2 million a year, according to the board.', 'attributed'],
        ['Opponents described it as a shameless vote grab.', 'outlet']],
    ],
    entities: [
      { name: 'Daniel Reyes', type: 'PERSON' },
      { name: 'MARIA OKAFOR', type: 'PERSON' },
      { name: 'Eastgate', type: 'GPE' },
      { name: 'Northbay', type: 'GPE' },
    ],
    quotes: [{ content: 'No child should learn on an empty stomach,', speaker: 'Daniel Reyes' }],
    framing: [
      { phrase: 'shameless vote grab', technique: 'Loaded_Language' },
      { phrase: 'shameless', technique: 'Name_Calling,Labeling' },
    ],
  };
  const weather: ArticleSpec = {
    id: 'storm-1', url: 'https://valley-gazette.example/storm', title: 'Storm closes valley roads', siteName: 'Valley Gazette', publishedAt: '2031-05-20T18:00:00Z',
    paragraphs: [[['Heavy rain closed three roads in the valley on Monday.', 'outlet'], ['Forecasters expect the storm to pass by Wednesday.', 'attributed']]],
  };
  return [wire, copy, school, weather].map(buildArticle);
}

/**
 * Articles in which "budget" and "plan" are everywhere but stand in a row only in some (the phrase search's
 * hard case): adjacent, across punctuation, through stemming (Budgets planned), apart (across stop words,
 * reversed, in different sentences), and a three-word phrase present in one and only in pieces in another.
 * Titles never end in "budget" (PostgreSQL's vector runs on from the title into the text; FTS5's columns do not).
 */
export function phraseCorpus(): ArticleJson[] {
  const article = (id: string, title: string, sentences: string[], day: number, siteName = 'Northbay Courier') => buildArticle({
    id, url: `https://${siteName === 'Northbay Courier' ? 'northbay-courier' : 'eastgate-times'}.example/phrase/${id}`, title, siteName,
    publishedAt: `2031-05-${String(day).padStart(2, '0')}T08:00:00Z`,
    paragraphs: [sentences.map((sentence) => [sentence, 'outlet'] as [string, Voice])],
  });
  return [
    article('adjacent', 'Council backs the harbour budget plan', ['The council approved the budget plan on Monday.', 'Every budget needs a plan, officials said.'], 1),
    article('punctuated', 'Ferry fares rise again', ['Asked about the budget, plan B was never discussed.', 'The plan for the budget stays.'], 2, 'Eastgate Times'),
    article('stemmed', 'Schools count the cost', ['Budgets planned last year ran short.', 'A plan is not a budget.'], 3),
    article('stop-words', 'Tunnel works slow down', ['The budget of the plan was cut by a third.', 'No plan, no budget.'], 4),
    article('reversed', 'Bus routes redrawn', ['The plan budget was agreed.', 'Budget talks and plan reviews go on.'], 5, 'Eastgate Times'),
    article('pieces', 'Harbour repairs delayed', ['The harbour budget grew.', 'The budget plan was late, the harbour board said.'], 6),
  ];
}
