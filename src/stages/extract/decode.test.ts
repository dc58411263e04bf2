import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from './decode.js';

const GERMAN = 'Die Bürgermeisterin äußerte sich über das Gebäude und die Straßenbahn. Größere Änderungen würden später geprüft – so hieß es.';
const JAPANESE = '東京都は新しい港湾計画を発表した。市民の意見を聞いてから決定する予定だ。港の周辺では工事が始まっている。';
const page = (head: string, body: string) => `<html><head>${head}<title>t</title></head><body><p>${body}</p></body></html>`;

describe('decodeBytes', () => {
  it('honours a <meta charset> of windows-1252', () => {
    const bytes = iconv.encode(page('<meta charset="windows-1252">', GERMAN), 'windows-1252');
    const decoded = decodeBytes(bytes, 'page.html');
    expect(decoded.method).toBe('meta');
    expect(decoded.text).toContain(GERMAN);
  });

  it('honours an http-equiv ISO-8859-1 declaration', () => {
    const bytes = iconv.encode(page('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', GERMAN.replace('–', '-')), 'iso-8859-1');
    expect(decodeBytes(bytes, 'page.html').text).toContain('Straßenbahn. Größere Änderungen');
  });

  it('detects ISO-8859-1 / windows-1252 bytes with no declaration', () => {
    const text = GERMAN.replace('–', '-');
    const bytes = iconv.encode(page('', `${text} ${text}`), 'iso-8859-1');
    const decoded = decodeBytes(bytes, 'page.html');
    expect(decoded.method).toBe('detected');
    expect(decoded.text).toContain(text);
  });

  it('decodes Shift_JIS, declared or not', () => {
    const declared = iconv.encode(page('<meta charset="Shift_JIS">', JAPANESE), 'shift_jis');
    expect(decodeBytes(declared, 'page.html').text).toContain(JAPANESE);
    const undeclared = iconv.encode(page('', JAPANESE), 'shift_jis');
    const detected = decodeBytes(undeclared, 'page.html');
    expect(detected.charset).toBe('shift_jis');
    expect(detected.text).toContain(JAPANESE);
  });

  it('prefers the header charset, and the bytes over a false UTF-8 label', () => {
    const latin = iconv.encode(page('<meta charset="utf-8">', GERMAN), 'windows-1252');
    expect(decodeBytes(latin, 'page.html').text).toContain(GERMAN);
    const utf8 = Buffer.from(page('', GERMAN), 'utf8');
    expect(decodeBytes(utf8, 'page.html', 'text/html; charset=utf-8').method).toBe('header');
  });

  it('strips a UTF-8 byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page('', GERMAN), 'utf8')]);
    const decoded = decodeBytes(bytes, 'page.html');
    expect(decoded.method).toBe('bom');
    expect(decoded.text.startsWith('<html>')).toBe(true);
  });

  it('names the input when it is empty or binary', () => {
    expect(() => decodeBytes(new Uint8Array(), 'empty.html')).toThrow(/empty\.html: input is empty/);
    expect(() => decodeBytes(Buffer.from('%PDF-1.7 ...'), 'doc.html')).toThrow(/doc\.html: input is binary/);
  });
});
