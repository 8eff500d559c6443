import path from 'node:path';
import { newestFeedDay, writeFeedDay } from '../feed/feed-day.js';
import { fetchDay } from '../feed/import-history.js';
import type { PoliteFetcher } from '../feed/polite-fetch.js';
import type { KnownPaperStore } from '../store/known-paper-store.js';

export interface RefreshOutcome {
  /** Days fetched again and read into the library (or listed no papers). */
  refreshed: string[];
  failed: { day: string; reason: string }[];
}

/** Fetches these listing days again so the library has today's upvote counts. Never throws. */
export type RefreshCounts = (days: readonly string[], signal?: AbortSignal) => Promise<RefreshOutcome>;

interface CountsRefresherOptions {
  /** The `daily_papers` URL (FEED_URL); `?date=<day>` is set on it. */
  feedUrl: string;
  digestDir: string;
  /** Shared with the feed poller, so both together stay polite. */
  fetcher: PoliteFetcher;
  /** Reads a day file just written (relative to the digest folder, e.g. `feed/2026-11-23.json`) into the library. */
  ingest: (name: string) => Promise<unknown>;
  /** Where papers are recorded as known: a paper only a refresh brings in is history, never announced. */
  known: Pick<KnownPaperStore, 'rememberKeys'>;
}

/** The `source` of papers a refresh recorded as known (known_papers.source). */
const REFRESH_SOURCE = 'digest refresh';

/**
 * Upvotes keep growing after a paper is listed, so before a digest ranks a period's papers
 * its listing days are fetched again, one polite request at a time, written over their
 * `feed/<day>.json` files (the folder stays the truth) and read into the library, where a
 * paper's counts become the latest seen (see mergePaper). A day that lists nothing is not
 * written: there is nothing to update, and an existing file is not replaced by an empty one.
 *
 * Each day's papers are recorded as known BEFORE its file is written, as `npm run import`
 * does: the library reports papers it did not have as added, and the pipeline announces
 * those the store does not know. A refresh reaches back up to a month, so after a fresh
 * deployment or downtime its papers are weeks old: they go in the digest, not out as new.
 * A day whose papers cannot be recorded is not written (it counts as failed). The exception
 * is the day the feed poller is still reading (the newest day in `feed/`) and any later one:
 * papers listed there since its last poll are news, so they are left for the pipeline to
 * announce, as the poller's next pass would have.
 */
export function createCountsRefresher({ feedUrl, digestDir, fetcher, ingest, known }: CountsRefresherOptions): RefreshCounts {
  return async (days, signal) => {
    const outcome: RefreshOutcome = { refreshed: [], failed: [] };
    let pollerDay: string | null;
    try {
      pollerDay = await newestFeedDay(digestDir);
    } catch (error) {
      return { refreshed: [], failed: days.map((day) => ({ day, reason: `cannot read the feed folder: ${(error as Error).message}` })) };
    }
    for (const day of days) {
      const fetched = await fetchDay({ baseUrl: feedUrl, fetcher, signal }, day);
      if (fetched.kind === 'interrupted') {
        outcome.failed.push({ day, reason: 'interrupted' });
        continue;
      }
      if (fetched.kind === 'failed') {
        outcome.failed.push({ day, reason: fetched.reason });
        continue;
      }
      // Nothing listed: nothing to update, and an existing file is not replaced by an empty one.
      if (fetched.papers.length === 0) {
        outcome.refreshed.push(day);
        continue;
      }
      // Papers of the day the poller still reads, or later, may be news: not recorded (see above).
      if (pollerDay === null || day < pollerDay) {
        try {
          await known.rememberKeys(
            fetched.papers.map((paper) => paper.key),
            REFRESH_SOURCE,
          );
        } catch (error) {
          outcome.failed.push({ day, reason: `could not record its papers as known: ${(error as Error).message}` });
          continue;
        }
      }
      try {
        const file = await writeFeedDay(digestDir, day, fetched.text);
        await ingest(path.relative(digestDir, file));
        outcome.refreshed.push(day);
      } catch (error) {
        outcome.failed.push({ day, reason: `could not save or read it: ${(error as Error).message}` });
      }
    }
    return outcome;
  };
}
