import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedDayFile, isDay, listingDayOf, writeFeedDay } from '../../src/feed/feed-day.js';

const NOW = new Date('2026-08-23T10:00:00Z');
const item = (submittedOnDailyAt?: unknown) => ({ paper: { id: '2608.00001', title: 't', submittedOnDailyAt } });

describe('feedDayFile and isDay', () => {
  it('names the day file inside feed/', () => {
    expect(feedDayFile('2026-08-21')).toBe('feed/2026-08-21.json');
  });

  it('refuses anything that is not a real day, so a URL parameter cannot name a path', () => {
    for (const bad of ['../../etc/passwd', '2026-02-30', '2026-13-01', '2026-8-21', '2026-08-21.json', '']) {
      expect(isDay(bad), bad).toBe(false);
      expect(() => feedDayFile(bad)).toThrow('not a day');
    }
    expect(isDay('2024-02-29')).toBe(true); // a leap day
  });
});

describe('listingDayOf', () => {
  it('prefers the date= parameter, even over the items', () => {
    expect(listingDayOf('https://hf.co/api/daily_papers?date=2026-07-08', [item('2026-08-21T00:00:00.000Z')], NOW)).toBe('2026-07-08');
    // An empty answer for an asked day still belongs to that day.
    expect(listingDayOf('https://hf.co/api/daily_papers?date=2026-07-11', [], NOW)).toBe('2026-07-11');
  });

  it('else takes the latest submittedOnDailyAt day (the latest listing is often not today)', () => {
    const items = [item('2026-08-20T00:00:00.000Z'), item('2026-08-21T00:00:00.000Z'), item('2026-08-19T23:59:59.000Z')];
    expect(listingDayOf('https://hf.co/api/daily_papers', items, NOW)).toBe('2026-08-21');
  });

  it('ignores a date= that is not a day, and items without a usable submittedOnDailyAt', () => {
    const items = [item(), item(42), item('not a date'), null, 'x', item('2026-08-20T00:00:00.000Z')];
    expect(listingDayOf('https://hf.co/api/daily_papers?date=../../x', items, NOW)).toBe('2026-08-20');
  });

  it('falls back to the UTC day of now', () => {
    expect(listingDayOf('https://hf.co/api/daily_papers', [], new Date('2026-08-23T23:30:00-05:00'))).toBe('2026-08-24');
    expect(listingDayOf('https://hf.co/api/daily_papers', [item()], NOW)).toBe('2026-08-23');
  });
});

describe('writeFeedDay', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'feed-day-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates feed/, writes the text unchanged, replaces an older file and leaves no temp file', async () => {
    const text = '[{"paper":{"id":"2608.00001","title":"Ünïcode ✓"}}]\n';
    const file = await writeFeedDay(dir, '2026-08-21', 'old');
    expect(file).toBe(path.join(dir, 'feed', '2026-08-21.json'));
    expect(await writeFeedDay(dir, '2026-08-21', text)).toBe(file);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(await readdir(path.join(dir, 'feed'))).toEqual(['2026-08-21.json']);
  });

  it('writes concurrent days without clobbering each other', async () => {
    const days = ['2026-08-17', '2026-08-18', '2026-08-19', '2026-08-20'];
    await Promise.all(days.map((day) => writeFeedDay(dir, day, `[${JSON.stringify(day)}]`)));
    expect((await readdir(path.join(dir, 'feed'))).sort()).toEqual(days.map((day) => `${day}.json`));
    for (const day of days) expect(await readFile(path.join(dir, feedDayFile(day)), 'utf8')).toBe(`[${JSON.stringify(day)}]`);
  });

  it('refuses a bad day before touching the disk', async () => {
    await expect(writeFeedDay(dir, '../escape', '[]')).rejects.toThrow('not a day');
    expect(await readdir(dir)).toEqual([]);
  });
});
