import { parseArgs } from 'node:util';
import { isDay } from './feed-day.js';

const DEFAULT_FEED_URL = 'https://huggingface.co/api/daily_papers';
/** Three years of days: about 1,100 requests, some 20 minutes at one per second. */
export const MAX_IMPORT_DAYS = 3 * 366;

export const IMPORT_USAGE = `Usage: npm run import -- --from YYYY-MM-DD [--to YYYY-MM-DD] [--dir DIGEST_DIR] [--data DATA_DIR]
  --from  the first listing day to fetch
  --to    the last one (default: yesterday, UTC; today's listing is still growing)
  --dir   the digest folder; days are saved to <dir>/feed/ (default: DIGEST_DIR)
  --data  where the announcement store lives (default: DATA_DIR)
Days already saved are skipped, so an interrupted import resumes where it stopped.`;

/** A bad command line, with a message for the person who typed it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ImportPlan {
  /** Every day from `--from` to `--to`, oldest first. */
  days: string[];
  digestDir: string;
  dataDir: string;
  /** The `daily_papers` URL without its query; `?date=` is added per day. */
  baseUrl: string;
}

/**
 * Reads `npm run import` arguments against the config's defaults (`feedUrl` is FEED_URL,
 * whose query is dropped). Throws a UsageError saying what is wrong.
 */
export function parseImportArguments(argv: string[], defaults: { digestDir: string; dataDir: string; feedUrl: string | undefined }, now: Date): ImportPlan {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, dir: { type: 'string' }, data: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const today = now.toISOString().slice(0, 10);
  const from = requireDay('--from', values.from);
  const to = values.to === undefined ? addDays(today, -1) : requireDay('--to', values.to);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (to >= today) {
    throw new UsageError(`--to ${to} is not before today (${today}, UTC): a day's listing grows until the day is over, and a saved day is never fetched again`);
  }
  const count = daysBetween(from, to) + 1;
  if (count > MAX_IMPORT_DAYS) {
    throw new UsageError(`${from} to ${to} is ${count} days; import at most ${MAX_IMPORT_DAYS} days (3 years) per run, then run again with the next range`);
  }
  const base = new URL(defaults.feedUrl ?? DEFAULT_FEED_URL);
  base.search = '';
  base.hash = '';
  return {
    days: Array.from({ length: count }, (_, i) => addDays(from, i)),
    digestDir: nonEmpty('--dir', values.dir) ?? defaults.digestDir,
    dataDir: nonEmpty('--data', values.data) ?? defaults.dataDir,
    baseUrl: base.toString(),
  };
}

function requireDay(flag: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`${flag} is required: the first day to import, as YYYY-MM-DD`);
  if (!isDay(value)) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a day written YYYY-MM-DD`);
  return value;
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} needs a folder`);
  return value;
}

/** The day `count` days after `day` (before, when negative). */
export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * 86_400_000).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
