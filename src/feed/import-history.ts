import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Paper } from '../digest/paper.js';
import { formatProblem } from '../digest/digest-problem.js';
import { readDailyPapersJson } from '../digest/read-daily-papers-json.js';
import { describeJsonValue } from './describe-json.js';
import { feedDayFile, submittedDaysOf, writeFeedDay } from './feed-day.js';
import type { PoliteFetcher } from './polite-fetch.js';

/** What the progress display is told after each day. */
export interface ImportDayEvent {
  /** 1-based position of the day in the range. */
  index: number;
  total: number;
  day: string;
  status: 'fetched' | 'skipped' | 'failed';
  /** Papers in this day's answer (0 when skipped or failed). */
  papers: number;
  papersSoFar: number;
  /** Time left for the days still to fetch, from the average so far; null before the first fetch. */
  etaMs: number | null;
  reason?: string;
}

export interface ImportProgress {
  start(total: number, toFetch: number): void;
  day(event: ImportDayEvent): void;
  /** A line that is not a day (a retry, a bad entry). */
  note(text: string): void;
  stop(): void;
}

export interface ImportHistoryOptions {
  days: readonly string[];
  /** `daily_papers` without query: `?date=<day>` is added. */
  baseUrl: string;
  digestDir: string;
  /** Marks papers as known before their day is saved (the store's KnownPaperStore fits). Returns the new ones. */
  store: { rememberPapers(papers: readonly Paper[], source: string): Paper[] | Promise<Paper[]> };
  fetcher: PoliteFetcher;
  progress: ImportProgress;
  signal?: AbortSignal;
  now?: () => number;
  /** Give up after this many failed days in a row: the server is unwell, try later. Default 5. */
  maxFailuresInARow?: number;
}

export interface ImportSummary {
  days: number;
  fetched: number;
  skipped: number;
  failed: { day: string; reason: string }[];
  /** Days neither saved nor failed, when the run stopped early. */
  notTried: number;
  /** Why the run stopped before the last day, or null. */
  stoppedEarly: string | null;
  papers: number;
  /** Papers the store did not know before. */
  newPapers: number;
  requests: number;
  /** The shortest time between one answer and the next request (null with fewer than 2 requests). */
  shortestGapMs: number | null;
  elapsedMs: number;
}

/**
 * Fetches `daily_papers?date=<day>` for each day, oldest first, through the polite fetcher
 * (one request at a time, at most one per `minIntervalMs`, Retry-After honoured). A day
 * whose `feed/<day>.json` exists is skipped without a request. Each fetched day's papers
 * are marked known in the store with source `import` BEFORE its file is written, so a bot
 * watching the folder never announces history; then the raw answer is written atomically,
 * as the feed poller writes it (`[]` included, so an empty day is not asked for again).
 * A failed day is not saved: the next run asks for it again.
 */
export async function importHistory(options: ImportHistoryOptions): Promise<ImportSummary> {
  const { days, digestDir, fetcher, progress, signal } = options;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const requestsBefore = fetcher.requests;
  const saved = (day: string) => existsSync(path.join(digestDir, feedDayFile(day)));
  let toFetch = days.filter((day) => !saved(day)).length;
  const summary: ImportSummary = {
    days: days.length,
    fetched: 0,
    skipped: 0,
    failed: [],
    notTried: 0,
    stoppedEarly: null,
    papers: 0,
    newPapers: 0,
    requests: 0,
    shortestGapMs: null,
    elapsedMs: 0,
  };
  let fetchingMs = 0;
  let attempted = 0;
  let failuresInARow = 0;
  progress.start(days.length, toFetch);

  for (const [position, day] of days.entries()) {
    const event = { index: position + 1, total: days.length, day, papers: 0 };
    const eta = () => (attempted === 0 ? null : Math.round((fetchingMs / attempted) * toFetch));
    if (signal?.aborted) {
      summary.stoppedEarly = 'interrupted';
      summary.notTried = days.length - position;
      break;
    }
    if (saved(day)) {
      summary.skipped++;
      progress.day({ ...event, status: 'skipped', papersSoFar: summary.papers, etaMs: eta() });
      continue;
    }
    const dayStartedAt = now();
    const fetched = await fetchDay(options, day);
    const result = fetched.kind === 'ok' ? await saveDay(options, day, fetched) : fetched;
    fetchingMs += now() - dayStartedAt;
    attempted++;
    toFetch--;
    if (result.kind === 'interrupted') {
      summary.stoppedEarly = 'interrupted';
      summary.notTried = days.length - position;
      break;
    }
    if (result.kind === 'failed') {
      summary.failed.push({ day, reason: result.reason });
      failuresInARow++;
      progress.day({ ...event, status: 'failed', papersSoFar: summary.papers, etaMs: eta(), reason: result.reason });
      if (failuresInARow >= (options.maxFailuresInARow ?? 5)) {
        summary.stoppedEarly = `${failuresInARow} days failed in a row; the server seems unwell`;
        summary.notTried = days.length - position - 1;
        break;
      }
      continue;
    }
    failuresInARow = 0;
    for (const problem of result.problems) progress.note(`${day}: ${problem}`);
    summary.newPapers += result.newPapers;
    summary.fetched++;
    summary.papers += result.papers.length;
    progress.day({ ...event, status: 'fetched', papers: result.papers.length, papersSoFar: summary.papers, etaMs: eta() });
  }
  progress.stop();
  summary.requests = fetcher.requests - requestsBefore;
  summary.shortestGapMs = fetcher.shortestGapMs;
  summary.elapsedMs = now() - startedAt;
  return summary;
}

type DayResult = { kind: 'ok'; text: string; papers: Paper[]; problems: string[] } | { kind: 'failed'; reason: string } | { kind: 'interrupted' };

/**
 * Marks the day's papers known, then writes its file. A store that is busy (the bot holds
 * it) or a full disk fails the day, which the next run fetches again.
 */
async function saveDay(
  { store, digestDir }: ImportHistoryOptions,
  day: string,
  fetched: Extract<DayResult, { kind: 'ok' }>,
): Promise<(Extract<DayResult, { kind: 'ok' }> & { newPapers: number }) | { kind: 'failed'; reason: string }> {
  let newPapers: number;
  try {
    newPapers = (await store.rememberPapers(fetched.papers, 'import')).length;
  } catch (error) {
    return { kind: 'failed', reason: `could not mark its papers known: ${(error as Error).message}` };
  }
  try {
    await writeFeedDay(digestDir, day, fetched.text);
  } catch (error) {
    return { kind: 'failed', reason: `could not save ${feedDayFile(day)}: ${(error as Error).message}` };
  }
  return { ...fetched, newPapers };
}

/** GETs `daily_papers?date=<day>` through the polite fetcher and reads it; never throws. Also used to refresh a digest's counts. */
export async function fetchDay({ baseUrl, fetcher, signal }: Pick<ImportHistoryOptions, 'baseUrl' | 'fetcher' | 'signal'>, day: string): Promise<DayResult> {
  const url = new URL(baseUrl);
  url.searchParams.set('date', day);
  let fetched;
  try {
    fetched = await fetcher.get(url.toString(), { headers: { accept: 'application/json' }, signal });
  } catch (error) {
    if (signal?.aborted) return { kind: 'interrupted' };
    return { kind: 'failed', reason: (error as Error).message };
  }
  if (fetched.status !== 200) return { kind: 'failed', reason: `HTTP ${fetched.status}` };
  let data: unknown;
  try {
    data = JSON.parse(fetched.text);
  } catch (error) {
    return { kind: 'failed', reason: `the answer is not JSON (${(error as Error).message})` };
  }
  if (!Array.isArray(data)) return { kind: 'failed', reason: `the answer is ${describeJsonValue(data)}, not a list of daily_papers entries` };
  // A server that ignored date= would answer its latest day; saved under this day's name,
  // that would never be fetched again. Papers listed on the asked day prove it was heard.
  const listed = submittedDaysOf(data);
  if (listed.length > 0 && !listed.includes(day)) {
    return { kind: 'failed', reason: `the answer lists papers of ${listed.join(', ')}, not of ${day} (was date= ignored?)` };
  }
  const { items, problems } = readDailyPapersJson(fetched.text, feedDayFile(day));
  return { kind: 'ok', text: fetched.text, papers: items, problems: problems.map(formatProblem) };
}
