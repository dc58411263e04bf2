import { describe, expect, it } from 'vitest';
import { NameResolver } from './names.js';

describe('NameResolver', () => {
  it('maps titled names and surnames to the full name, and leaves ambiguous surnames alone', () => {
    const names = new NameResolver([
      { key: 'mayor marta kovell', name: 'Mayor Marta Kovell' }, { key: 'marta kovell', name: 'Marta Kovell' },
      { key: 'kovell', name: 'Kovell' }, { key: 'jonas dorn', name: 'Jonas Dorn' }, { key: 'pavel dorn', name: 'Pavel Dorn' },
      { key: 'dorn', name: 'Dorn' },
    ]);
    expect(names.resolve('mayor marta kovell')).toBe('marta kovell');
    expect(names.resolve('kovell')).toBe('marta kovell');
    expect(names.resolve('dorn')).toBe('dorn');
    expect(names.label('marta kovell')).toBe('Marta Kovell');
  });
});
