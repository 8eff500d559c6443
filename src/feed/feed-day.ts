import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isRealDay } from '../digest/iso-day.js';

/** The folder of the digest that holds one raw `daily_papers` response per listing day. */
const FEED_FOLDER = 'feed';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written `YYYY-MM-DD` (so never a path such as `../x`). */
export function isDay(value: string): boolean {
  return DAY.test(value) && isRealDay(value);
}

/** `2026-08-21` → `feed/2026-08-21.json`, relative to the digest folder. */
export function feedDayFile(day: string): string {
  if (!isDay(day)) throw new Error(`not a day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return `${FEED_FOLDER}/${day}.json`;
}

/**
 * The newest listing day saved in `<digestDir>/feed/` (the day the feed poller last wrote, as
 * it always asks for the current listing), or null when there is none.
 */
export async function newestFeedDay(digestDir: string): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(path.join(digestDir, FEED_FOLDER));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const days = names.filter((name) => name.endsWith('.json') && isDay(name.slice(0, -'.json'.length))).map((name) => name.slice(0, -'.json'.length));
  return days.length === 0 ? null : days.reduce((newest, day) => (day > newest ? day : newest));
}

/**
 * Writes one listing day's raw response to `<digestDir>/feed/<day>.json` atomically: the text
 * goes to `.<day>.json.<random>.tmp` in the same folder, is flushed to disk, then renamed
 * over the day file. A reader or watcher sees the old file or the new one, never half of
 * one, and ignores the dot-files. Returns the day file's path.
 */
export async function writeFeedDay(digestDir: string, day: string, text: string): Promise<string> {
  const file = path.join(digestDir, feedDayFile(day));
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true });
  const temp = path.join(folder, `.${day}.json.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return file;
}

/**
 * The listing day a `daily_papers` response belongs to, which names its file:
 * 1. the `date=` query parameter of the URL, when it is a day: the API answered for exactly
 *    that day (this is how `npm run import` asks, and an empty answer still has a day);
 * 2. else the latest `paper.submittedOnDailyAt` day among the items: without `date=` the API
 *    answers its latest listing, which is often not today's date (before the day's first
 *    submission, at weekends, and across time zones), and `submittedOnDailyAt` is the very
 *    field `date=` selects on, so a polled day and an imported day land in the same file.
 *    The item-level `publishedAt` is not used: its meaning changed in 2025;
 * 3. else today's UTC day (an empty or dateless list): the only day left to name.
 */
export function listingDayOf(url: string, items: readonly unknown[], now: Date): string {
  const asked = new URL(url).searchParams.get('date');
  if (asked !== null && isDay(asked)) return asked;
  return submittedDaysOf(items).at(-1) ?? now.toISOString().slice(0, 10);
}

/** The distinct UTC days of `paper.submittedOnDailyAt` among `daily_papers` items, sorted. */
export function submittedDaysOf(items: readonly unknown[]): string[] {
  const days = new Set<string>();
  for (const item of items) {
    const submitted = (item as { paper?: { submittedOnDailyAt?: unknown } } | null)?.paper?.submittedOnDailyAt;
    const day = typeof submitted === 'string' ? utcDayOf(submitted) : null;
    if (day !== null) days.add(day);
  }
  return [...days].sort();
}

function utcDayOf(timestamp: string): string | null {
  const time = Date.parse(timestamp);
  if (Number.isNaN(time)) return null;
  const day = new Date(time).toISOString().slice(0, 10);
  return isDay(day) ? day : null;
}
