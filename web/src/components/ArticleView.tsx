/**
 * One analysed article: its text with quotes coloured by speaker, entity mentions and framing findings marked
 * by voice, a legend, and a side panel with the source ledger. Every piece of article content is rendered as
 * a text node (JSX children), never as HTML.
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { segmentArticle, speakerColours, speakerKey, type Segment } from '../annotate.js';
import { ledgerFor } from '../ledger.js';
import { href, safeExternalUrl } from '../router.js';
import type { ArticleJson, FramingFinding } from '../types.js';
import { formatDate, PageTitle, plural, VOICE_LABELS, VoiceBars } from './common.js';

const BLOCK_TAGS = { standfirst: 'p', paragraph: 'p', heading: 'h2', blockquote: 'blockquote', 'list-item': 'p' } as const;

function outletOf(url: string | null): string | null {
  const safe = safeExternalUrl(url);
  return safe ? new URL(safe).hostname.replace(/^www\./, '') : null;
}

function lookupHref(name: string, type?: string): string {
  return href(['lookup'], { name, type });
}

export function ArticleView({ article, note }: { article: ArticleJson; note?: ComponentChildren }) {
  const segments = useMemo(() => segmentArticle(article), [article]);
  const colours = useMemo(() => speakerColours(article), [article]);
  const ledger = useMemo(() => ledgerFor(article), [article]);
  const [activeFinding, setActiveFinding] = useState<number | null>(null);
  const [showVoice, setShowVoice] = useState(false);
  const blocks = article.blocks.length ? article.blocks : [{ type: 'paragraph' as const, start: 0, end: article.text.length }];
  const sourceUrl = safeExternalUrl(article.url);
  const outlet = outletOf(article.url);
  const firstSegmentOf = useMemo(() => {
    const first = new Map<number, Segment>();
    for (const block of segments) for (const s of block) for (const f of s.findings) if (!first.has(f)) first.set(f, s);
    return first;
  }, [segments]);
  const colourOf = (speaker: { name: string | null; entityId: string | null }) => colours.get(speakerKey(speaker));
  const speakerEntity = (entityId: string | null) => (entityId ? article.entities.find((e) => e.id === entityId) : undefined);

  const renderSegment = (segment: Segment, key: number) => {
    let node: ComponentChildren = article.text.slice(segment.start, segment.end);
    if (segment.speakerOf !== null) {
      const colour = colourOf(article.quotes[segment.speakerOf]!.speaker);
      node = <span class={`speaker-mention sp-${colour ?? 'none'}`}>{node}</span>;
    }
    if (segment.entity !== null) node = <span class={`entity entity-${article.entities[segment.entity]!.type}`}>{node}</span>;
    if (segment.findings.length) {
      const index = segment.findings[0]!;
      const finding = article.framing[index]!;
      const isFirst = firstSegmentOf.get(index) === segment;
      node = (
        <mark
          id={isFirst ? `finding-${index}` : undefined}
          class={`finding finding-${finding.voice}${activeFinding !== null && segment.findings.includes(activeFinding) ? ' active' : ''}`}
          tabIndex={isFirst ? 0 : undefined}
          aria-describedby={isFirst ? `finding-note-${index}` : undefined}
          onMouseEnter={() => setActiveFinding(index)}
          onFocus={() => setActiveFinding(index)}
          onKeyDown={(e) => e.key === 'Escape' && setActiveFinding(null)}
        >
          {node}
        </mark>
      );
    }
    if (segment.quote !== null) {
      const quote = article.quotes[segment.quote]!;
      const colour = colourOf(quote.speaker);
      const endsQuote = segment.end === quote.end;
      node = (
        <span class={`quote sp-${colour ?? 'none'}`} data-quote={quote.id}>
          {node}
          {endsQuote && <sup class={`quote-tag sp-${colour ?? 'none'}`} aria-label={`quote by ${quote.speaker.name ?? 'an unnamed source'}`}>{colour === undefined ? '?' : colour + 1}</sup>}
        </span>
      );
    }
    if (showVoice && segment.voice) node = <span class={`voice voice-${segment.voice}`}>{node}</span>;
    return <span key={key}>{node}</span>;
  };

  const findingsIn = (blockIndex: number) => article.framing
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => f.start >= blocks[blockIndex]!.start && f.start < blocks[blockIndex]!.end);

  return (
    <article class="article">
      <header class="article-header">
        {note}
        <PageTitle>{article.title ?? 'Untitled article'}</PageTitle>
        <p class="muted">
          {outlet ? <a href={href(['outlets', outlet])}>{article.siteName ?? outlet}</a> : article.siteName}
          {article.authors.length > 0 && <> · by {article.authors.join(', ')}</>}
          {article.publishedAt && <> · {formatDate(article.publishedAt)}</>}
          {sourceUrl && <> · <a href={sourceUrl} rel="noopener noreferrer nofollow" target="_blank">original</a></>}
          {!sourceUrl && article.url && <> · source: <span class="url-text">{article.url}</span></>}
        </p>
      </header>
      <div class="article-layout">
        <section class="article-body" aria-label="Article text">
          <Legend article={article} colours={colours} showVoice={showVoice} setShowVoice={setShowVoice} />
          {blocks.map((block, b) => {
            const Tag = BLOCK_TAGS[block.type] ?? 'p';
            const notes = findingsIn(b);
            return (
              <div key={b} class={`block block-${block.type}`}>
                <Tag>{segments[b]!.map(renderSegment)}</Tag>
                {notes.map(({ f, i }) => <FindingNote key={i} finding={f} index={i} visible={activeFinding === i} onClose={() => setActiveFinding(null)} />)}
              </div>
            );
          })}
        </section>
        <aside class="side-panel" aria-label="Source ledger">
          <h2>Source ledger</h2>
          {ledger.computed && <p class="muted small">Computed in the browser from the quotes and sentences.</p>}
          <p>{plural(ledger.namedSources, 'named source')} · {plural(article.quotes.length, 'quote')}</p>
          {ledger.speakers.length > 0 ? (
            <ol class="speakers">
              {ledger.speakers.map((s) => {
                const colour = colourOf({ name: s.name, entityId: s.entityId });
                return (
                  <li key={`${s.entityId}:${s.name}`}>
                    <span class={`swatch sp-${colour ?? 'none'}`} aria-hidden="true">{colour === undefined ? '?' : colour + 1}</span>
                    <a href={lookupHref(s.name, speakerEntity(s.entityId)?.type ?? 'PERSON')}>{s.name}</a>
                    <span class="muted"> {plural(s.quotes, 'quote')} · {Math.round(s.share * 100)}%</span>
                  </li>
                );
              })}
            </ol>
          ) : <p class="muted">No attributed quotes.</p>}
          <h3>Voice of the sentences</h3>
          <VoiceBars shares={ledger.voiceShare} />
          <h3>Named in the text</h3>
          {article.entities.length ? (
            <ul class="entity-list">
              {article.entities.map((e) => (
                <li key={e.id}>
                  <a href={lookupHref(e.name, e.type)}>{e.name}</a> <span class="muted small">{e.type} · {e.mentions.length}×</span>
                </li>
              ))}
            </ul>
          ) : <p class="muted">No entities found.</p>}
          <h3>Framing findings</h3>
          {article.framing.length ? (
            <ul class="finding-list">
              {article.framing.map((f, i) => (
                <li key={i}>
                  <button type="button" class="link-button" onClick={() => document.getElementById(`finding-${i}`)?.focus()}>
                    “{article.text.slice(f.start, f.end)}”
                  </button>{' '}
                  <span class="muted small">{f.technique} · {f.voice === 'outlet' ? 'outlet’s voice' : 'quoted'}</span>
                </li>
              ))}
            </ul>
          ) : <p class="muted">No framing findings.</p>}
        </aside>
      </div>
    </article>
  );
}

function FindingNote({ finding, index, visible, onClose }: { finding: FramingFinding; index: number; visible: boolean; onClose: () => void }) {
  return (
    <div id={`finding-note-${index}`} role="tooltip" class={visible ? 'finding-note' : 'sr-only'}>
      <strong>{finding.technique.replace(/_/g, ' ')}</strong> <span class="muted">({finding.voice === 'outlet' ? 'in the outlet’s own voice' : 'inside a quote'})</span>
      <span class="note-line">{finding.explanation}</span>
      {finding.alternative && <span class="note-line">Neutral alternative: “{finding.alternative}”</span>}
      <span class="note-line muted small">Rule <code>{finding.ruleId}</code></span>
      {visible && <button type="button" class="close" aria-label="Close explanation" onClick={onClose}>×</button>}
    </div>
  );
}

function Legend({ article, colours, showVoice, setShowVoice }: {
  article: ArticleJson; colours: Map<string, number>; showVoice: boolean; setShowVoice: (v: boolean) => void;
}) {
  const speakers = [...colours.entries()].map(([key, colour]) => {
    const quote = article.quotes.find((q) => speakerKey(q.speaker) === key)!;
    const name = quote.speaker.name ?? article.entities.find((e) => e.id === quote.speaker.entityId)?.name ?? 'unnamed';
    return { key, colour, name };
  });
  const hasUnattributed = article.quotes.some((q) => speakerKey(q.speaker) === 'unattributed');
  return (
    <details class="legend" open>
      <summary>Legend</summary>
      <ul>
        {speakers.map((s) => <li key={s.key}><span class={`quote sp-${s.colour}`}>quote</span><sup class={`quote-tag sp-${s.colour}`}>{s.colour + 1}</sup> {s.name}</li>)}
        {hasUnattributed && <li><span class="quote sp-none">quote</span><sup class="quote-tag sp-none">?</sup> speaker unknown</li>}
        <li><span class="entity">Name</span> a named entity</li>
        <li><mark class="finding finding-outlet">finding</mark> framing in the outlet’s voice</li>
        <li><mark class="finding finding-quoted">finding</mark> framing inside a quote</li>
      </ul>
      <label class="toggle">
        <input type="checkbox" checked={showVoice} onChange={(e) => setShowVoice((e.target as HTMLInputElement).checked)} /> Show the voice of each sentence
      </label>
      {showVoice && (
        <ul class="voice-legend">
          {(Object.keys(VOICE_LABELS) as (keyof typeof VOICE_LABELS)[]).map((v) => <li key={v}><span class={`voice voice-${v}`}>{VOICE_LABELS[v]}</span></li>)}
        </ul>
      )}
      <p class="muted small">Hover over or tab to a marked finding for its explanation and a neutral alternative.</p>
    </details>
  );
}
