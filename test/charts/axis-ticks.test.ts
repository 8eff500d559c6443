import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countTicks, formatCount, periodTicks } from '../../src/charts/axis-ticks.js';
import { digestStats } from '../../src/library/digest-stats.js';
import { makePaper } from '../support/make-paper.js';

const periodsBetween = (first: string, last: string) =>
  digestStats([makePaper('a', first), makePaper('b', last)], { now: new Date('2030-01-01T00:00:00Z'), title: 't', labelsOf: () => [] });

describe('countTicks', () => {
  it('uses round steps with the least headroom over the tallest bar', () => {
    // 857 (the real digest's busiest month): 0/500/1000 leaves less headroom than 0/250/…/1000.
    expect(countTicks(857)).toEqual([0, 500, 1000]);
    // 12,675: three steps of 5,000 (top 15,000) beat two of 10,000 (top 20,000).
    expect(countTicks(12_675)).toEqual([0, 5000, 10_000, 15_000]);
    expect(countTicks(1000)).toEqual([0, 500, 1000]); // a round maximum is the top itself
    expect(countTicks(3)).toEqual([0, 1, 2, 3]); // whole papers only: no 1.5
    expect(countTicks(1)).toEqual([0, 1]);
    expect(countTicks(0)).toEqual([0, 1]); // an all-empty chart still has a scale
  });

  it('always gives 2 to 4 whole, increasing ticks from 0 reaching the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (max) => {
        const ticks = countTicks(max);
        expect(ticks[0]).toBe(0);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(4);
        expect(ticks.every((tick, i) => Number.isInteger(tick) && (i === 0 || tick > (ticks[i - 1] as number)))).toBe(true);
        expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      }),
    );
  });

  it('writes large counts short', () => {
    expect([formatCount(950), formatCount(1500), formatCount(15_000), formatCount(12_675)]).toEqual(['950', '1,500', '15k', '12.7k']);
  });
});

describe('periodTicks', () => {
  it('labels years over a long span of months, the first with nothing else to add', () => {
    // The real digest: Jan 2024 … Aug 2026 by month.
    const stats = periodsBetween('2024-01-18', '2026-08-20');
    expect(periodTicks(stats.perPeriod, stats.unit)).toEqual([
      { start: '2024-01-01', text: '2024' },
      { start: '2025-01-01', text: '2025' },
      { start: '2026-01-01', text: '2026' },
    ]);
  });

  it('labels quarters over a shorter span of months, the first with its year', () => {
    const stats = periodsBetween('2025-02-10', '2025-11-03');
    expect(periodTicks(stats.perPeriod, stats.unit).map((tick) => tick.text)).toEqual(['Apr 2025', 'Jul', 'Oct']);
  });

  it('labels weeks by the month their Monday opens, with the year at January', () => {
    // 1 Mar 2026 is a Sunday: its week (from 23 Feb) opens no month, so the first label is
    // the week of Monday 2 Mar. Six month labels are thinned to every other one.
    const since = periodsBetween('2026-03-01', '2026-08-20');
    expect(periodTicks(since.perPeriod, since.unit).map((tick) => `${tick.start} ${tick.text}`)).toEqual([
      '2026-03-02 Mar 2026',
      '2026-05-04 May',
      '2026-07-06 Jul',
    ]);
    const yearEnd = periodsBetween('2025-11-03', '2026-02-20');
    expect(periodTicks(yearEnd.perPeriod, yearEnd.unit).map((tick) => tick.text)).toEqual(['Nov 2025', 'Dec', '2026', 'Feb']);
  });

  it('labels a few weeks by day when they open fewer than three months', () => {
    const stats = periodsBetween('2025-12-10', '2026-01-20');
    expect(periodTicks(stats.perPeriod, stats.unit).map((tick) => tick.text)).toEqual(['8 Dec 2025', '22 Dec', '5 Jan', '19 Jan']);
  });

  it('never gives more than 5 labels, in period order', () => {
    const day = fc
      .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const stats = periodsBetween(a < b ? a : b, a < b ? b : a);
        const ticks = periodTicks(stats.perPeriod, stats.unit);
        const starts = stats.perPeriod.map((period) => period.start);
        expect(ticks.length).toBeGreaterThanOrEqual(stats.perPeriod.length > 0 ? 1 : 0);
        expect(ticks.length).toBeLessThanOrEqual(5);
        expect(ticks.map((tick) => starts.indexOf(tick.start))).toEqual([...ticks.map((tick) => starts.indexOf(tick.start))].sort((x, y) => x - y));
        expect(ticks.every((tick) => starts.includes(tick.start))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
