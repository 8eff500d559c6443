import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.js';
import { addDays } from '../../src/feed/import-arguments.js';
import { importHistory, type ImportDayEvent, type ImportHistoryOptions } from '../../src/feed/import-history.js';
import { formatDayLine, formatDuration } from '../../src/feed/import-progress.js';
import { PoliteFetcher } from '../../src/feed/polite-fetch.js';
import { sendJson, startFeedServer } from './feed-server.js';

/** A tiny listing of `day`: one paper, submitted that day. */
const listing = (day: string) =>
  JSON.stringify([{ paper: { id: `2608.${day.slice(-2)}001`, title: `Paper of ${day}`, summary: 'S.', submittedOnDailyAt: `${day}T00:00:00.000Z` } }]);

describe('importHistory', () => {
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  let answer: (day: string) => { status: number; body: string };
  let digestDir: string;
  let events: ImportDayEvent[];
  let notes: string[];
  let remembered: { keys: string[]; fileExisted: boolean }[];
  beforeAll(async () => {
    server = await startFeedServer((request, res) => {
      const { status, body } = answer(request.url.searchParams.get('date') ?? '');
      sendJson(res, status, body);
    });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    digestDir = await mkdtemp(path.join(tmpdir(), 'import-history-'));
    server.requests.length = 0;
    events = [];
    notes = [];
    remembered = [];
    answer = (day) => ({ status: 200, body: listing(day) });
    return () => rm(digestDir, { recursive: true, force: true });
  });

  const DAYS = ['2026-08-17', '2026-08-18', '2026-08-19', '2026-08-20', '2026-08-21'];
  const run = (options: Partial<ImportHistoryOptions> = {}) =>
    importHistory({
      days: DAYS,
      baseUrl: server.url,
      digestDir,
      store: {
        rememberPapers: (papers: readonly Paper[]) => {
          // Recorded with whether the day file existed yet: it must not.
          remembered.push({ keys: papers.map((paper) => paper.key), fileExisted: papers.some((paper) => existsSync(path.join(digestDir, paper.source.file))) });
          return [...papers];
        },
      },
      fetcher: new PoliteFetcher({ minIntervalMs: 5, attempts: 2 }),
      progress: { start: () => {}, day: (event) => events.push(event), note: (text) => notes.push(text), stop: () => {} },
      ...options,
    });
  const saved = () => (existsSync(path.join(digestDir, 'feed')) ? readdirSync(path.join(digestDir, 'feed')).sort() : []);
  const askedDates = () => server.requests.map((request) => request.url.searchParams.get('date'));

  it('marks each day known before its file exists, and reports every day', async () => {
    const summary = await run();
    expect(remembered).toEqual(DAYS.map((day) => ({ keys: [`2608.${day.slice(-2)}001`], fileExisted: false })));
    expect(saved()).toEqual(DAYS.map((day) => `${day}.json`));
    expect(summary).toMatchObject({ days: 5, fetched: 5, skipped: 0, failed: [], notTried: 0, stoppedEarly: null, papers: 5, newPapers: 5, requests: 5 });
    expect(events.map((event) => [event.index, event.status, event.papersSoFar])).toEqual([1, 2, 3, 4, 5].map((n) => [n, 'fetched', n]));
    // The ETA counts down the days left to fetch, reaching 0 on the last.
    expect(events.at(-1)?.etaMs).toBe(0);
  });

  it('does not save a failed day, says why, and fetches only that day on the next run', async () => {
    answer = (day) => (day === '2026-08-19' ? { status: 503, body: '' } : { status: 200, body: listing(day) });
    const first = await run();
    expect(first.failed).toEqual([{ day: '2026-08-19', reason: 'HTTP 503 (2 attempts)' }]);
    expect(first).toMatchObject({ fetched: 4, stoppedEarly: null });
    expect(saved()).not.toContain('2026-08-19.json');
    expect(formatDayLine(events[2] as ImportDayEvent)).toMatch(/^day 3 of 5: 2026-08-19 FAILED: HTTP 503 \(2 attempts\) \| 2 papers so far \| ETA \d+s$/);
    expect(notes).toEqual([]);

    answer = (day) => ({ status: 200, body: listing(day) });
    server.requests.length = 0;
    events = [];
    const second = await run();
    expect(askedDates()).toEqual(['2026-08-19']);
    expect(second).toMatchObject({ fetched: 1, skipped: 4, failed: [], requests: 1 });
    // Skipped days come before any fetch: no average yet, so no ETA.
    expect(events.slice(0, 2).map((event) => [event.status, event.etaMs])).toEqual([
      ['skipped', null],
      ['skipped', null],
    ]);
  });

  it('gives up after 5 failed days in a row instead of waiting on a sick server for hours', async () => {
    answer = () => ({ status: 500, body: '' });
    const days = Array.from({ length: 8 }, (_, i) => addDays('2026-08-01', i));
    const summary = await run({ days, fetcher: new PoliteFetcher({ minIntervalMs: 5, attempts: 1 }) });
    expect(summary).toMatchObject({ fetched: 0, notTried: 3, stoppedEarly: '5 days failed in a row; the server seems unwell', requests: 5 });
    expect(summary.failed.map((failure) => failure.day)).toEqual(days.slice(0, 5));
  });

  it('refuses an answer for another day (a server that ignored date=), and one that is not a list', async () => {
    answer = (day) => (day === '2026-08-17' ? { status: 200, body: listing('2026-08-21') } : { status: 200, body: '{"error":"maintenance"}' });
    const summary = await run({ days: DAYS.slice(0, 2) });
    expect(summary.failed).toEqual([
      { day: '2026-08-17', reason: 'the answer lists papers of 2026-08-21, not of 2026-08-17 (was date= ignored?)' },
      { day: '2026-08-18', reason: 'the answer is a JSON object, not a list of daily_papers entries' },
    ]);
    expect(saved()).toEqual([]);
    expect(remembered).toEqual([]);
  });

  it('saves an empty day as [] and reports bad entries as notes', async () => {
    answer = (day) => ({ status: 200, body: day === '2026-08-17' ? '[]' : JSON.stringify([...JSON.parse(listing(day)), { paper: { id: 'x' } }]) });
    const summary = await run({ days: DAYS.slice(0, 2) });
    expect(summary).toMatchObject({ fetched: 2, papers: 1 });
    expect(saved()).toEqual(['2026-08-17.json', '2026-08-18.json']);
    expect(notes).toEqual([expect.stringMatching(/^2026-08-18: feed\/2026-08-18\.json: entry 1: paper\.title/)]);
  });

  it('fails a day, unsaved, when the store cannot mark its papers known (the bot holds the database)', async () => {
    const busy = {
      rememberPapers: (papers: readonly Paper[]) => {
        if (papers[0]?.source.file === 'feed/2026-08-18.json') throw new Error('database is locked');
        return [...papers];
      },
    };
    const summary = await run({ days: DAYS.slice(0, 3), store: busy });
    expect(summary.failed).toEqual([{ day: '2026-08-18', reason: 'could not mark its papers known: database is locked' }]);
    // Saving it anyway would let a watching bot announce its papers as new.
    expect(saved()).toEqual(['2026-08-17.json', '2026-08-19.json']);
  });

  it('stops at the next request when interrupted, leaving the rest for the next run', async () => {
    const interrupt = new AbortController();
    const summary = await run({
      signal: interrupt.signal,
      progress: { start: () => {}, day: () => interrupt.abort(new Error('interrupted')), note: () => {}, stop: () => {} },
    });
    expect(summary).toMatchObject({ fetched: 1, notTried: 4, stoppedEarly: 'interrupted', requests: 1 });
    expect(saved()).toEqual(['2026-08-17.json']);
  });
});

describe('progress text', () => {
  it('formats durations for people', () => {
    expect([null, 0, 950, 59_000, 125_000, 3_720_000].map(formatDuration)).toEqual(['?', '0s', '1s', '59s', '2m 05s', '1h 02m']);
  });

  it('writes one line per day', () => {
    const event: ImportDayEvent = { index: 3, total: 20, day: '2026-07-10', status: 'fetched', papers: 19, papersSoFar: 53, etaMs: 17_000 };
    expect(formatDayLine(event)).toBe('day 3 of 20: 2026-07-10 fetched, 19 papers | 53 papers so far | ETA 17s');
    expect(formatDayLine({ ...event, status: 'skipped', papers: 0, etaMs: null })).toBe(
      'day 3 of 20: 2026-07-10 skipped (already saved) | 53 papers so far | ETA ?',
    );
  });
});
