import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateLine, resolveYear, toIsoDate } from '../../src/digest/listing-date.js';

describe('parseDateLine', () => {
  it('reads dates with and without year, with and without upvotes', () => {
    expect(parseDateLine('Oct 2, 2024')).toEqual({ month: 10, day: 2, year: 2024, upvotes: null });
    expect(parseDateLine('Dec 14, 2025 5')).toEqual({ month: 12, day: 14, year: 2025, upvotes: 5 });
    expect(parseDateLine('Apr 26')).toEqual({ month: 4, day: 26, year: null, upvotes: null });
    expect(parseDateLine('Feb 5 7')).toEqual({ month: 2, day: 5, year: null, upvotes: 7 });
    expect(parseDateLine('Daily Papers')).toBeNull();
    expect(parseDateLine('  • 10 authors')).toBeNull();
  });
});

describe('resolveYear', () => {
  it('keeps a written year', () => {
    expect(resolveYear({ month: 10, day: 2, year: 2024 }, '2604.00001', 2030)).toBe(2024);
  });

  it('takes the year from the arXiv id, across a new year in both directions', () => {
    expect(resolveYear({ month: 4, day: 26, year: null }, '2604.24715', null)).toBe(2026);
    expect(resolveYear({ month: 12, day: 31, year: null }, '2601.00001', null)).toBe(2025);
    expect(resolveYear({ month: 1, day: 1, year: null }, '2512.99999', null)).toBe(2026);
  });

  it('falls back to the listing year without an id', () => {
    expect(resolveYear({ month: 6, day: 9, year: null }, null, 2026)).toBe(2026);
    expect(resolveYear({ month: 6, day: 9, year: null }, null, null)).toBeNull();
  });

  it('always lands within a year of the arXiv month (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 7, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (yy, idMonth, month) => {
        const id = `${String(yy).padStart(2, '0')}${String(idMonth).padStart(2, '0')}.12345`;
        const year = resolveYear({ month, day: 1, year: null }, id, null) as number;
        const distance = Math.abs(year * 12 + month - ((2000 + yy) * 12 + idMonth));
        expect(distance).toBeLessThanOrEqual(6);
      }),
    );
  });
});

describe('toIsoDate', () => {
  it('rejects days that do not exist', () => {
    expect(toIsoDate(2024, 2, 29)).toBe('2024-02-29');
    expect(toIsoDate(2025, 2, 29)).toBeNull();
    expect(toIsoDate(2025, 4, 31)).toBeNull();
  });
});
