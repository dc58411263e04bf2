import type { Quote } from '../../core/article.js';
import type { Stage, StageFactory } from '../../core/stage.js';
import { AttributionFinder } from './attribution.js';
import { TokenView } from './token-view.js';
import { loadQuoteLexicon } from './lexicon.js';
import { findQuotedSpans } from './marks.js';
import { SpeakerResolver, type EntityReference } from './speakers.js';
import { assignVoices, buildLedger, vagueFindings } from './voice.js';

export const QUOTES_MODEL = 'quotes-rules/1';

/**
 * The quotes stage: direct, mixed and indirect quotes with cue and speaker (contract `quotes[]`), the voice
 * of every sentence, Vague_Attribution findings and the source ledger (`ledger` extension). Needs the
 * segment stage's sentences and tokens; uses `entities` and the `references` extension when present.
 */
export const createQuotesStage: StageFactory = () => {
  const lexicon = loadQuoteLexicon();
  const finder = new AttributionFinder(lexicon);
  const stage: Stage = {
    name: 'quotes',
    run(article, deadline) {
      if (!article.tokens) return;
      const blocks = article.blocks.length ? article.blocks : [{ type: 'paragraph' as const, start: 0, end: article.text.length }];
      const quoted = findQuotedSpans(article.text, blocks);
      for (const q of quoted) {
        if (q.unbalanced) article.report('warning', 'quotes/unbalanced-mark', `quotation mark at offset ${q.open} is not closed in its paragraph; the quote is taken to run to the paragraph end`, { start: q.open, end: q.close });
      }
      deadline.check('quotes: marks');
      const view = new TokenView(article.text, article.tokens, quoted);
      const attributions = finder.find(view, article.sentences.length, deadline);
      const references = (article.extensions.references as EntityReference[] | undefined) ?? [];
      const speakers = new SpeakerResolver(view, lexicon, article.entities, references, blocks).resolveAll(attributions);
      deadline.check('quotes: speakers');
      article.quotes = attributions.map((a, index): Quote => {
        const { name, entityId, mention } = speakers[index]!;
        return {
          id: `q${index + 1}`, kind: a.kind, start: a.start, end: a.end, cue: a.cue,
          speaker: { name, entityId, mention },
          provenance: { stage: 'quotes', ruleId: a.rule, model: QUOTES_MODEL },
        };
      });
      assignVoices(article.sentences, attributions, speakers);
      article.framing.push(...vagueFindings(attributions, speakers, article.text));
      article.extensions.ledger = buildLedger(article.text, article.sentences, article.quotes, speakers);
    },
  };
  return stage;
};
