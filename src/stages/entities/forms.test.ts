import { describe, expect, it } from 'vitest';
import { FormTable, MAX_FORMS } from './forms.js';

describe('FormTable', () => {
  it('gives a span of text the id of the same surface, describing each form once', () => {
    const described: string[] = [];
    const table = new FormTable((surface) => {
      described.push(surface);
      return surface.length;
    });
    const text = 'Port Selm and Port Selm';
    const ids = [[0, 4], [5, 9], [10, 13], [14, 18], [19, 23]].map(([start, end]) => table.idOfSpan(text, start!, end!));
    expect(ids[3]).toBe(ids[0]);
    expect(ids[4]).toBe(ids[1]);
    expect(new Set(ids).size).toBe(3);
    expect(table.idOf('Selm')).toBe(ids[1]);
    expect(described).toEqual(['Port', 'Selm', 'and']);
    expect(table.surface(ids[2]!)).toBe('and');
    expect(table.info(ids[0]!)).toBe(4);
  });

  it('keeps thousands of forms apart as it grows', () => {
    const table = new FormTable((surface) => surface);
    const words = Array.from({ length: 5000 }, (_, k) => `w${k.toString(36)}`);
    const ids = words.map((w) => table.idOf(w));
    expect(new Set(ids).size).toBe(words.length);
    expect(words.every((w, k) => table.idOf(w) === ids[k] && table.surface(ids[k]!) === w)).toBe(true);
  });

  it('restarts only past MAX_FORMS, telling its owner', () => {
    let restarts = 0;
    const table = new FormTable((surface) => surface, () => restarts++);
    table.idOf('Selm');
    table.restartIfFull();
    expect([table.size, table.generation, restarts]).toEqual([1, 0, 0]);
    for (let k = 0; k <= MAX_FORMS; k++) table.idOf(`w${k}`);
    table.restartIfFull();
    expect([table.size, table.generation, restarts]).toEqual([0, 1, 1]);
    expect(table.idOf('Selm')).toBe(0);
  });
});
