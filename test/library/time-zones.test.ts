import { afterEach, describe, expect, it } from 'vitest';
import { parseSince } from '../../src/library/parse-since.js';
import { parseQuestion } from '../../src/library/question.js';

/**
 * Dates are UTC days everywhere (/stats, the feed, the import): /ask's time filters and
 * `since:` must not follow the server's time zone. Node reads a new process.env.TZ at once
 * (it resets its time zone cache), so these tests can move the "server" around the world,
 * and put back the zone the run started with after each (files share a worker: vitest.config.ts). Chatham is UTC+12:45 (+13:45 in its
 * summer), New York UTC−4/−5: each is on another calendar day than UTC near midnight.
 */
const ZONES = ['Pacific/Chatham', 'America/New_York', 'UTC'];
const original = process.env.TZ;
afterEach(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

/** 02:00 UTC on Thursday 1 January 2026: still 31 December 2025 in New York. */
const NEW_YEAR = new Date('2026-01-01T02:00:00Z');
/** 12:00 UTC on Monday 31 August 2026: already 1 September in Chatham. */
const MONTH_END = new Date('2026-08-31T12:00:00Z');

const bounds = (question: string, now: Date) => {
  const { since, until } = parseQuestion(question, now, []);
  return [since, until];
};

describe('time zones', () => {
  it('really moves the local calendar (the premise of these tests)', () => {
    process.env.TZ = 'America/New_York';
    expect(NEW_YEAR.getFullYear()).toBe(2025);
    process.env.TZ = 'Pacific/Chatham';
    expect(MONTH_END.getMonth()).toBe(8);
  });

  it.each(ZONES)('/ask reads relative and month spans as UTC days in %s', (zone) => {
    process.env.TZ = zone;
    expect(bounds('any paper on RAG this year', NEW_YEAR)).toEqual(['2026-01-01', null]);
    expect(bounds('any paper on RAG this month', NEW_YEAR)).toEqual(['2026-01-01', null]);
    // Thursday 1 January 2026 is in the week from Monday 29 December.
    expect(bounds('any paper on RAG this week', NEW_YEAR)).toEqual(['2025-12-29', null]);
    expect(bounds('any paper on RAG last week', NEW_YEAR)).toEqual(['2025-12-22', '2025-12-28']);
    expect(bounds('any paper on RAG last month', NEW_YEAR)).toEqual(['2025-12-01', '2025-12-31']);
    expect(bounds('any paper on RAG last year', NEW_YEAR)).toEqual(['2025-01-01', '2025-12-31']);
    expect(bounds('RAG papers from the past week', NEW_YEAR)).toEqual(['2025-12-25', null]);
    expect(bounds('RAG papers in the last 3 days', NEW_YEAR)).toEqual(['2025-12-29', null]);
    expect(bounds('a RAG paper from 2 months ago', NEW_YEAR)).toEqual(['2025-11-01', null]);
    // "May" is the latest May on or before now; "December" is the one just ended.
    expect(bounds("what's new since May?", NEW_YEAR)).toEqual(['2025-05-01', null]);
    expect(bounds('since December, anything on RAG?', NEW_YEAR)).toEqual(['2025-12-01', null]);
    expect(bounds('papers from March 2025 on RAG', NEW_YEAR)).toEqual(['2025-03-01', '2025-03-31']);
    expect(bounds('anything after October 2025 on RAG', NEW_YEAR)).toEqual(['2025-11-01', null]);
    expect(bounds('RAG papers before March 2025', NEW_YEAR)).toEqual([null, '2025-02-28']);

    expect(bounds('anything on RAG this month?', MONTH_END)).toEqual(['2026-08-01', null]);
    expect(bounds('anything on RAG last month?', MONTH_END)).toEqual(['2026-07-01', '2026-07-31']);
    expect(bounds('RAG papers in the past 1 day', MONTH_END)).toEqual(['2026-08-30', null]);
    expect(bounds('since September, anything on RAG?', MONTH_END)).toEqual(['2025-09-01', null]);
  });

  it.each(ZONES)('since: counts back from the UTC day in %s', (zone) => {
    process.env.TZ = zone;
    expect(parseSince('30d', NEW_YEAR)).toBe('2025-12-02');
    expect(parseSince('2 weeks', NEW_YEAR)).toBe('2025-12-18');
    expect(parseSince('6 months', NEW_YEAR)).toBe('2025-07-01');
    expect(parseSince('1 year ago', NEW_YEAR)).toBe('2025-01-01');
    expect(parseSince('1d', MONTH_END)).toBe('2026-08-30');
    expect(parseSince('1 month', MONTH_END)).toBe('2026-07-31');
    expect(parseSince('2025-01-31', NEW_YEAR)).toBe('2025-01-31');
    expect(parseSince('2025-01', NEW_YEAR)).toBe('2025-01-01');
    expect(parseSince('Jan 2025', NEW_YEAR)).toBe('2025-01-01');
    expect(parseSince('Oct 2, 2024', NEW_YEAR)).toBe('2024-10-02');
    expect(parseSince('2025-02-30', NEW_YEAR)).toBeNull();
  });
});
