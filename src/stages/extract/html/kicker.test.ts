import { parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { kickerOf } from './kicker.js';

const h1 = (html: string) => parseDocument(html).children.find((node) => node.type === 'tag') as Element;

describe('kickerOf', () => {
  it('finds a label set apart before the headline inside the <h1>', () => {
    expect(kickerOf(h1('<h1><span class="overline">Harbour closure</span><span class="sep">: </span><span class="headline">Port Maren votes to shut its ferry pier</span></h1>'))).toBe('Harbour closure');
    expect(kickerOf(h1('<h1><span class="topline">Harbour closure</span> Port Maren votes to shut its ferry pier</h1>'))).toBe('Harbour closure');
    expect(kickerOf(h1('<h1><a href="/story"><span>Harbour closure</span><br>Port Maren votes to shut its ferry pier</a></h1>'))).toBe('Harbour closure');
  });

  it('leaves emphasis in running headline text, continuations and subtitles alone', () => {
    expect(kickerOf(h1('<h1><em>Breaking</em> news from Port Maren harbour</h1>'))).toBeNull();
    expect(kickerOf(h1('<h1><span class="accent">Ferries</span> are leaving the old pier for good</h1>'))).toBeNull();
    expect(kickerOf(h1('<h1><span class="title">Port Maren ferry pier closes</span><small class="sub">A century of crossings ends</small></h1>'))).toBeNull();
    expect(kickerOf(h1('<h1>Port Maren ferry pier closes</h1>'))).toBeNull();
  });
});
