import data from './rules.json' with { type: 'json' };

/** A compiled debris rule: a whole line matching `pattern`, no longer than the limits, is removed. */
export interface DebrisRule {
  id: string;
  pattern: RegExp;
  maxChars: number;
  maxWords: number;
}

/** The rules of rules.json, compiled once when the extractor is built. */
export interface TextRules {
  debris: DebrisRule[];
  tags: { pattern: RegExp; separator: RegExp; maxChars: number };
  breadcrumb: { maxChars: number; maxWords: number; maxPieceWords: number; separators: RegExp; minGluedPiece: number; namePrefixes: Set<string> };
  kicker: { maxWords: number };
  title: { maxChars: number; maxWords: number; siteSuffix: RegExp };
  standfirst: { maxWords: number; maxSentences: number; minParagraphsAfter: number; dateline: RegExp };
  heading: { maxChars: number; maxWords: number; sentencePerLine: { share: number; minUnits: number } };
  trailing: { maxWords: number };
  list: { pattern: RegExp; bullet: RegExp };
  byline: { pattern: RegExp; maxChars: number; notNameWords: RegExp; maxSentenceWords: number };
  dateline: { prefix: RegExp; maxChars: number };
}

export function compileTextRules(): TextRules {
  return {
    debris: data.debris.map((rule) => ({
      id: rule.id,
      pattern: new RegExp(rule.pattern, 'iu'),
      maxChars: rule.maxChars,
      maxWords: (rule as { maxWords?: number }).maxWords ?? Number.POSITIVE_INFINITY,
    })),
    tags: { pattern: new RegExp(data.tags.pattern, 'iu'), separator: new RegExp(data.tags.separator, 'u'), maxChars: data.tags.maxChars },
    breadcrumb: {
      maxChars: data.breadcrumb.maxChars,
      maxWords: data.breadcrumb.maxWords,
      maxPieceWords: data.breadcrumb.maxPieceWords,
      separators: new RegExp(data.breadcrumb.separators, 'u'),
      minGluedPiece: data.breadcrumb.minGluedPiece,
      namePrefixes: new Set(data.breadcrumb.namePrefixes),
    },
    kicker: { maxWords: data.kicker.maxWords },
    title: { maxChars: data.title.maxChars, maxWords: data.title.maxWords, siteSuffix: new RegExp(data.title.siteSuffix, 'u') },
    standfirst: {
      maxWords: data.standfirst.maxWords,
      maxSentences: data.standfirst.maxSentences,
      minParagraphsAfter: data.standfirst.minParagraphsAfter,
      dateline: new RegExp(data.standfirst.datelinePattern, 'u'),
    },
    heading: { maxChars: data.heading.maxChars, maxWords: data.heading.maxWords, sentencePerLine: data.heading.sentencePerLine },
    trailing: { maxWords: data.trailing.maxWords },
    list: { pattern: new RegExp(data.list.pattern, 'u'), bullet: new RegExp(data.list.bullet, 'u') },
    byline: {
      pattern: new RegExp(data.byline.pattern, 'iu'),
      maxChars: data.byline.maxChars,
      notNameWords: new RegExp(`\\b(${data.byline.notNameWords.join('|')})s?\\b`, 'iu'),
      maxSentenceWords: data.byline.maxSentenceWords,
    },
    dateline: { prefix: new RegExp(data.dateline.prefix, 'iu'), maxChars: data.dateline.maxChars },
  };
}
