import type { FramingFinding, Quote, Sentence, Span, Voice } from '../../core/article.js';
import type { Attribution } from './attribution.js';
import type { ResolvedSpeaker } from './speakers.js';

/**
 * Sets each sentence's voice: `quoted` when most of it lies inside the marks of a direct quote (or of the one
 * quotation a mixed quote holds), `vague` when it carries (or is) reported speech from an unnamed source,
 * `attributed` when it carries reported speech or a mixed quote from a named or resolvable source, else `outlet`.
 * Sentences are sorted by start.
 */
export function assignVoices(sentences: Sentence[], attributions: readonly Attribution[], speakers: readonly ResolvedSpeaker[]): void {
  const quotedChars = new Float64Array(sentences.length);
  const voiceRank: Record<Voice, number> = { outlet: 0, attributed: 1, vague: 2, quoted: 3 };
  const claim = (s: number, voice: Voice) => {
    if (voiceRank[voice] > voiceRank[sentences[s]!.voice]) sentences[s]!.voice = voice;
  };
  let first = 0;
  attributions.forEach((a, index) => {
    while (first < sentences.length && sentences[first]!.end <= Math.min(a.start, a.cue?.start ?? a.start, a.mention?.start ?? a.start)) first++;
    const until = Math.max(a.end, a.cue?.end ?? 0, a.mention?.end ?? 0);
    const vague = speakers[index]!.class === 'vague';
    for (let s = first; s < sentences.length && sentences[s]!.start < until; s++) {
      const sentence = sentences[s]!;
      // A mixed quote that holds one quotation ("He had “wanted to …,” his friend said") counts its marks as a direct one does.
      const marks = a.kind !== 'indirect' ? a.quoted : null;
      if (marks) {
        quotedChars[s]! += Math.max(0, Math.min(sentence.end, marks.close) - Math.max(sentence.start, marks.open));
        if (vague) claim(s, 'vague');
      } else claim(s, vague ? 'vague' : 'attributed');
    }
  });
  sentences.forEach((sentence, s) => {
    const length = sentence.end - sentence.start;
    if (length > 0 && quotedChars[s]! * 2 >= length) claim(s, 'quoted');
    else if (quotedChars[s]! > 0) claim(s, 'attributed');
  });
}

/** One Vague_Attribution finding per attribution to an unnamed or unspecific source. */
export function vagueFindings(attributions: readonly Attribution[], speakers: readonly ResolvedSpeaker[], text: string): FramingFinding[] {
  const findings: FramingFinding[] = [];
  attributions.forEach((a, index) => {
    if (speakers[index]!.class !== 'vague') return;
    const parts = [a.mention, a.cue].filter((s): s is NonNullable<typeof s> => s !== null);
    if (!parts.length) return;
    const start = Math.min(...parts.map((p) => p.start));
    const end = Math.max(...parts.map((p) => p.end));
    const said = text.slice(start, end);
    findings.push({
      technique: 'Vague_Attribution',
      start,
      end,
      voice: 'outlet',
      explanation: `The claim is attributed to an unnamed or unspecific source (“${said}”), so the reader cannot check who said it.`,
      alternative: 'Name the source (who reported or said it, and in what capacity), or state the claim in the outlet’s own voice with its evidence.',
      ruleId: 'quotes/vague-attribution',
    });
  });
  return findings;
}

export interface SourceLedger {
  speakers: { name: string | null; entityId: string | null; mention: string | null; quotes: number; share: number }[];
  voiceShare: Record<Voice, number>;
  namedSources: number;
  quotes: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Characters covered by the spans, counting overlaps once (a direct quote inside a reported clause). */
function coveredChars(spans: Span[]): number {
  let covered = 0;
  let reach = 0;
  for (const { start, end } of [...spans].sort((a, b) => a.start - b.start)) {
    if (end > reach) {
      covered += end - Math.max(start, reach);
      reach = end;
    }
  }
  return covered;
}

/** Who speaks in the article and how much: per speaker, quote count and share of the text; per voice, share. */
export function buildLedger(text: string, sentences: readonly Sentence[], quotes: readonly Quote[], speakers: readonly ResolvedSpeaker[]): SourceLedger {
  const total = text.length || 1;
  const bySpeaker = new Map<string, SourceLedger['speakers'][number] & { spans: Span[] }>();
  quotes.forEach((q, index) => {
    const speaker = speakers[index]!;
    const mention = speaker.mention ? text.slice(speaker.mention.start, speaker.mention.end) : null;
    const key = speaker.entityId ?? speaker.name ?? (speaker.class === 'vague' && mention ? `vague:${mention.toLowerCase()}` : 'unknown');
    const entry = bySpeaker.get(key) ?? { name: speaker.name, entityId: speaker.entityId, mention: speaker.name ? null : mention, quotes: 0, share: 0, spans: [] };
    entry.quotes++;
    entry.spans.push(q);
    bySpeaker.set(key, entry);
  });
  const voiceChars: Record<Voice, number> = { outlet: 0, quoted: 0, attributed: 0, vague: 0 };
  let sentenceChars = 0;
  for (const s of sentences) {
    voiceChars[s.voice] += s.end - s.start;
    sentenceChars += s.end - s.start;
  }
  const voiceShare = Object.fromEntries(Object.entries(voiceChars).map(([v, n]) => [v, round(n / (sentenceChars || 1))])) as Record<Voice, number>;
  const list = [...bySpeaker.values()]
    .map(({ spans, ...entry }) => ({ ...entry, share: round(coveredChars(spans) / total) }))
    .sort((a, b) => b.share - a.share || b.quotes - a.quotes);
  return {
    speakers: list,
    voiceShare,
    namedSources: list.filter((s) => s.name !== null).length,
    quotes: quotes.length,
  };
}
