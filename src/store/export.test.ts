import { describe, expect, it } from 'vitest';
import { buildArticle, sampleCorpus } from '../test-support/articles.js';
import { bratFiles, csvHeader, csvRow, newsArticle, webAnnotations } from './export.js';
import { canonicalUrl, fingerprint, normaliseName, similarity } from './identity.js';
import { toFtsQuery } from './search.js';

describe('export formats', () => {
  const astral = buildArticle({
    id: 'astral', url: 'https://example.org/a',
    paragraphs: [[['Fans 🎉 cheered Zoë Ångström, who said "we won" loudly.', 'outlet']], [['Officials called it a reckless stunt.', 'vague']]],
    entities: [{ name: 'Zoë Ångström', type: 'PERSON' }],
    quotes: [{ content: 'we won', speaker: 'Zoë Ångström' }],
    framing: [{ phrase: 'reckless stunt', technique: 'Name_Calling,Labeling' }],
  });

  it('writes brat standoff with code-point offsets, speaker relations and safe labels', () => {
    const { txt, ann } = bratFiles(astral);
    expect(txt).toBe(astral.text);
    const lines = ann.trim().split('\n');
    const chars = [...txt];
    for (const line of lines.filter((l) => l.startsWith('T'))) {
      const [, label, start, end, covered] = /^T\d+\t(\S+) (\d+) (\d+)\t(.*)$/.exec(line)!;
      expect(chars.slice(Number(start), Number(end)).join(''), label).toBe(covered);
    }
    expect(lines).toContain('T1\tPERSON 15 27\tZoë Ångström');
    expect(ann).toMatch(/R1\tSaidBy Arg1:T2 Arg2:T1/);
    expect(ann).toMatch(/\tName_Calling-Labeling \d+ \d+\treckless stunt/);
    expect(ann).toMatch(/A\d+\tVoice T\d+ vague/);
  });

  it('writes W3C Web Annotations whose selectors find the text', () => {
    const page = webAnnotations(astral) as { items: Array<{ target: { selector: Array<{ type: string; start?: number; end?: number; exact?: string }> } }> };
    expect(page.items).toHaveLength(3);
    const chars = [...astral.text];
    for (const item of page.items) {
      const [position, quote] = item.target.selector;
      expect(chars.slice(position!.start, position!.end).join('')).toBe(quote!.exact);
    }
  });

  it('writes schema.org NewsArticle and RFC 4180 CSV', () => {
    const [wire] = sampleCorpus();
    expect(newsArticle(wire!)).toMatchObject({
      '@type': 'NewsArticle', headline: 'Council approves harbour bridge repairs', publisher: { '@type': 'Organization', name: 'Northbay Courier' },
      mentions: expect.arrayContaining([{ '@type': 'Person', name: 'Maria Okafor' }, { '@type': 'Organization', name: 'Port Authority' }]),
    });
    expect(csvHeader().split(',')).toHaveLength(16);
    const row = csvRow({ ...wire!, title: 'Say "no", =1+1' });
    expect(row).toContain('"Say ""no"", =1+1"');
    expect(csvRow({ ...wire!, title: '=HYPERLINK("x")' })).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('identity', () => {
  it('canonicalises URLs: host case, www, fragments, tracking parameters, trailing slash', () => {
    expect(canonicalUrl('HTTP://WWW.Example.org:80/a/b/?utm_source=x&b=2&a=1#top')).toBe('https://example.org/a/b?a=1&b=2');
    expect(canonicalUrl('mailto:someone@example.org')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });

  it('folds names for comparison', () => {
    expect(normaliseName('  ZOË  Ångström’s ')).toBe('zoe angstrom');
    expect(normaliseName('U.S. Senate')).toBe('u s senate');
  });

  it('scores a lightly edited copy as similar and an unrelated text as not', () => {
    const [wire, copy, school] = sampleCorpus();
    expect(similarity(fingerprint(wire!.text).signature, fingerprint(copy!.text).signature)).toBeGreaterThan(0.7);
    expect(similarity(fingerprint(wire!.text).signature, fingerprint(school!.text).signature)).toBeLessThan(0.3);
  });

  it('keeps the MinHash signatures and band keys of stored articles (a new corpus compares with an old one)', () => {
    // Values computed by the first release of fingerprint(): a change here breaks near-duplicate detection
    // between articles stored before and after it.
    const text = 'The harbour bridge will close for repairs, the Port Authority said on Tuesday. Repairs cost more than planned.';
    expect(fingerprint(text)).toEqual({
      signature: '0cad7f9c0c4d19751304bb04000d307a158b8d8b024518f91657aee814c30fd620fdfddd133b567b35d91d91145c68930e0fc9a93ed57e3b0a19041e23b68a162c613ddd06afc43f066abf1d1c0abe1809bacf19135b557307c172940163b8307364bfd12e26b82011dee63b02a2effb06cb6e430106249c0bed787205232685',
      bands: [1448944345, 1751842763, 226990226, -402016867, 2039715404, 2031353424, 684435951, 1438121523],
      wordCount: 18,
    });
    expect(fingerprint('Ünïcödé wörds — naïve café; the the the and. Straße 42 über-fast').bands).toEqual(
      [-1981510064, 999089938, 510602768, -992519209, -1189001058, -2063886560, 236258012, -1223138530],
    );
    expect(fingerprint('one').bands).toEqual([-265195891, -1993241512, -2012822679, -1560686422, -47118834, -2001784652, -440873183, 461120592]);
    expect(fingerprint('').wordCount).toBe(0);
  });

  it('turns web-style queries into safe FTS5 expressions', () => {
    expect(toFtsQuery('harbour "bridge vote" -tunnel')).toBe('"harbour" AND "bridge vote" NOT "tunnel"');
    expect(toFtsQuery('storm OR flood')).toBe('("storm" OR "flood")');
    expect(toFtsQuery('NEAR(a b) AND "x*')).toBe('"NEAR a" AND "b" AND "x"');
    expect(() => toFtsQuery('-only')).toThrow(/no words to look for/);
  });
});
