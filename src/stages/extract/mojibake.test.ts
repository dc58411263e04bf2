import { describe, expect, it } from 'vitest';
import { repairMojibake } from './mojibake.js';

const misread = (text: string) => new TextDecoder('windows-1252').decode(Buffer.from(text, 'utf8'));

describe('repairMojibake', () => {
  const polish = 'Gmina przyjęła nowy prom, który zabierze osiemdziesięciu pasażerów i dwanaście samochodów. Żółw śpi.';

  it('reads UTF-8 text that was decoded as windows-1252 again as UTF-8', () => {
    expect(misread(polish)).not.toBe(polish);
    expect(repairMojibake(misread(polish))).toBe(polish);
  });

  it('leaves correctly decoded text alone, however many accents it has', () => {
    expect(repairMojibake(polish)).toBe(polish);
    const french = 'À Noël, l’été s’éloigne ; où êtes-vous ? Ça débute déjà à Trois-Rivières, dit Hélène. '.repeat(5);
    expect(repairMojibake(french)).toBe(french);
  });

  it('leaves text alone when a few look-alike pairs stand among ordinary accents', () => {
    const mixed = `${'Ãœberraschung '.repeat(10)}${'Müller süß Größe '.repeat(20)}`;
    expect(repairMojibake(mixed)).toBe(mixed);
  });

  it('leaves text alone that windows-1252 could not have produced', () => {
    const withCjk = `${misread(polish)} 東京`;
    expect(repairMojibake(withCjk)).toBe(withCjk);
  });
});
