import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatPostTime,
  latestDuePeriod,
  nextPeriod,
  parsePostTime,
  periodDays,
  periodLabel,
  previousPeriod,
  type DigestPeriod,
  type DigestSchedule,
} from '../../src/time/digest-period.js';

const NINE = 9 * 60;
const at = (iso: string) => new Date(iso);
/** The period as plain values, for exact comparisons. */
const plain = (period: DigestPeriod) => ({ start: period.start, end: period.end, postAt: period.postAt.toISOString() });

describe('parsePostTime', () => {
  it('reads HH:MM on a 24-hour clock, and nothing else', () => {
    expect([parsePostTime('09:00'), parsePostTime('00:00'), parsePostTime('23:59'), parsePostTime(' 17:30 ')]).toEqual([540, 0, 1439, 1050]);
    // Ambiguous or impossible times are refused rather than guessed.
    for (const bad of ['24:00', '9:00', '09:60', '0900', '09:00Z', '9am', '', '12:00:00']) expect(parsePostTime(bad)).toBeNull();
  });

  it('reads back every minute of the day it formats (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1439 }), (minutes) => parsePostTime(formatPostTime(minutes)) === minutes));
  });
});

describe('latestDuePeriod', () => {
  it('is yesterday after the post time, and the day before until then (daily)', () => {
    // 08:59 on Nov 29: Nov 28's digest is not due before 09:00, so Nov 27's is the latest due.
    expect(plain(latestDuePeriod('daily', at('2026-11-29T08:59:59Z'), NINE))).toEqual({
      start: '2026-11-27',
      end: '2026-11-27',
      postAt: '2026-11-28T09:00:00.000Z',
    });
    expect(plain(latestDuePeriod('daily', at('2026-11-29T09:00:00Z'), NINE))).toEqual({
      start: '2026-11-28',
      end: '2026-11-28',
      postAt: '2026-11-29T09:00:00.000Z',
    });
  });

  it('crosses month ends, including February of leap and common years', () => {
    expect(plain(latestDuePeriod('daily', at('2026-03-01T09:00:00Z'), NINE))).toMatchObject({ start: '2026-02-28' });
    expect(plain(latestDuePeriod('daily', at('2028-03-01T09:00:00Z'), NINE))).toMatchObject({ start: '2028-02-29' });
    expect(plain(latestDuePeriod('monthly', at('2026-03-01T09:00:00Z'), NINE))).toEqual({
      start: '2026-02-01',
      end: '2026-02-28',
      postAt: '2026-03-01T09:00:00.000Z',
    });
    expect(plain(latestDuePeriod('monthly', at('2028-03-01T09:00:00Z'), NINE))).toMatchObject({ start: '2028-02-01', end: '2028-02-29' });
    // Before the post time on the 1st, the month before last is still the latest due.
    expect(plain(latestDuePeriod('monthly', at('2026-05-01T08:00:00Z'), NINE))).toMatchObject({ start: '2026-03-01', end: '2026-03-31' });
  });

  it('crosses the year end for each schedule', () => {
    expect(plain(latestDuePeriod('daily', at('2027-01-01T09:00:00Z'), NINE))).toEqual({
      start: '2026-12-31',
      end: '2026-12-31',
      postAt: '2027-01-01T09:00:00.000Z',
    });
    // 2027-01-04 is a Monday: the week of Monday Dec 28 to Sunday Jan 3 spans both years.
    expect(plain(latestDuePeriod('weekly', at('2027-01-04T09:00:00Z'), NINE))).toEqual({
      start: '2026-12-28',
      end: '2027-01-03',
      postAt: '2027-01-04T09:00:00.000Z',
    });
    expect(plain(latestDuePeriod('monthly', at('2027-01-01T09:00:00Z'), NINE))).toEqual({
      start: '2026-12-01',
      end: '2026-12-31',
      postAt: '2027-01-01T09:00:00.000Z',
    });
  });

  it('runs weeks Monday to Sunday and posts them on Monday', () => {
    // Sunday Nov 29, 2026: the week of Nov 23 is not over, so the week of Nov 16 is the latest due.
    expect(plain(latestDuePeriod('weekly', at('2026-11-29T23:59:00Z'), NINE))).toEqual({
      start: '2026-11-16',
      end: '2026-11-22',
      postAt: '2026-11-23T09:00:00.000Z',
    });
    expect(plain(latestDuePeriod('weekly', at('2026-11-30T09:00:00Z'), NINE))).toEqual({
      start: '2026-11-23',
      end: '2026-11-29',
      postAt: '2026-11-30T09:00:00.000Z',
    });
  });

  it('posts at midnight and just before it too', () => {
    expect(plain(latestDuePeriod('daily', at('2026-11-29T00:00:00Z'), 0))).toEqual({
      start: '2026-11-28',
      end: '2026-11-28',
      postAt: '2026-11-29T00:00:00.000Z',
    });
    expect(plain(latestDuePeriod('daily', at('2026-11-29T23:58:59Z'), 1439))).toMatchObject({ start: '2026-11-27', postAt: '2026-11-28T23:59:00.000Z' });
  });

  describe('in any time zone of the machine', () => {
    const original = process.env.TZ;
    afterEach(() => {
      // Assigning undefined would set the string "undefined".
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it('gives the same UTC periods (no DST: the days Europe and America change clocks are 24 h like any other)', () => {
      const cases: [DigestSchedule, string][] = [
        ['daily', '2026-03-30T09:00:00Z'], // the day after Europe moved its clocks (Mar 29)
        ['weekly', '2026-11-02T09:00:00Z'], // the Monday after the US moved back (Nov 1)
        ['monthly', '2026-04-01T09:00:00Z'],
      ];
      const inZone = (zone: string) => {
        process.env.TZ = zone;
        return cases.map(([schedule, now]) => plain(latestDuePeriod(schedule, at(now), NINE)));
      };
      const utcResult = inZone('UTC');
      expect(utcResult).toEqual([
        { start: '2026-03-29', end: '2026-03-29', postAt: '2026-03-30T09:00:00.000Z' },
        { start: '2026-10-26', end: '2026-11-01', postAt: '2026-11-02T09:00:00.000Z' },
        { start: '2026-03-01', end: '2026-03-31', postAt: '2026-04-01T09:00:00.000Z' },
      ]);
      for (const zone of ['Europe/Paris', 'America/New_York', 'Pacific/Chatham', 'Asia/Kolkata']) expect(inZone(zone)).toEqual(utcResult);
    });
  });

  it('is the one period due at any instant: posted at or before now, the next one after (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom<DigestSchedule>('daily', 'weekly', 'monthly'),
        fc.integer({ min: 0, max: 1439 }),
        (now, schedule, minutes) => {
          const period = latestDuePeriod(schedule, now, minutes);
          const next = nextPeriod(period, minutes);
          expect(period.postAt.getTime()).toBeLessThanOrEqual(now.getTime());
          expect(next.postAt.getTime()).toBeGreaterThan(now.getTime());
          // Periods tile the calendar: the next starts the day after this one ends.
          expect(periodDays({ start: period.end, end: next.start })).toHaveLength(2);
          expect(previousPeriod(next, minutes)).toEqual(period);
          const days = periodDays(period).length;
          if (schedule === 'daily') expect(days).toBe(1);
          else if (schedule === 'weekly') expect([days, new Date(`${period.start}T00:00:00Z`).getUTCDay()]).toEqual([7, 1]);
          else expect(days >= 28 && days <= 31 && period.start.endsWith('-01')).toBe(true);
          // Posted the day after the last day, at the post time.
          expect(period.postAt.toISOString()).toBe(`${next.start}T${formatPostTime(minutes)}:00.000Z`);
        },
      ),
    );
  });
});

describe('periodLabel and periodDays', () => {
  it('names a period as the post header does', () => {
    expect(periodLabel({ schedule: 'daily', start: '2026-11-27' })).toBe('Nov 27');
    expect(periodLabel({ schedule: 'weekly', start: '2026-11-23' })).toBe('week of Nov 23');
    expect(periodLabel({ schedule: 'monthly', start: '2026-11-01' })).toBe('November 2026');
  });

  it('lists the days of a week that spans a year end', () => {
    expect(periodDays({ start: '2026-12-28', end: '2027-01-03' })).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]);
  });
});
