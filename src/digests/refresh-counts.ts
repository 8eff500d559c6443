import path from 'node:path';
import { writeFeedDay } from '../feed/feed-day.js';
import { fetchDay } from '../feed/import-history.js';
import type { PoliteFetcher } from '../feed/polite-fetch.js';

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
}

/**
 * Upvotes keep growing after a paper is listed, so before a digest ranks a period's papers
 * its listing days are fetched again, one polite request at a time, written over their
 * `feed/<day>.json` files (the folder stays the truth) and read into the library, where a
 * paper's counts become the highest seen (see mergePaper). A day that lists nothing is not
 * written: there is nothing to update, and an existing file is not replaced by an empty one.
 */
export function createCountsRefresher({ feedUrl, digestDir, fetcher, ingest }: CountsRefresherOptions): RefreshCounts {
  return async (days, signal) => {
    const outcome: RefreshOutcome = { refreshed: [], failed: [] };
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
      try {
        if (fetched.papers.length > 0) {
          const file = await writeFeedDay(digestDir, day, fetched.text);
          await ingest(path.relative(digestDir, file));
        }
        outcome.refreshed.push(day);
      } catch (error) {
        outcome.failed.push({ day, reason: `could not save or read it: ${(error as Error).message}` });
      }
    }
    return outcome;
  };
}
