import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatProblem } from '../digest/digest-problem.js';
import { readDailyPapersJson } from '../digest/read-daily-papers-json.js';
import type { Logger } from '../log.js';
import { RepeatingTask } from '../time/repeating-task.js';
import { feedDayFile, isDay, listingDayOf, writeFeedDay } from './feed-day.js';
import { describeJsonValue } from './describe-json.js';
import { PoliteFetcher, systemClock, type PoliteFetchOptions } from './polite-fetch.js';

/** Where the poller keeps what must survive a restart (the store's MetaStore fits). */
export interface FeedMeta {
  get(key: string): Promise<string | null> | string | null;
  set(key: string, value: string): Promise<void> | void;
}

/** The meta keys the poller reads and writes. `lastPoll` is read by the health endpoint. */
export const FEED_META_KEYS = { etag: 'feed_etag', lastModified: 'feed_last_modified', day: 'feed_day', lastPoll: 'feed_last_poll' } as const;

export interface FeedPollerOptions extends PoliteFetchOptions {
  /** A `daily_papers` URL; without `date=` the API answers its latest listing day. */
  url: string;
  /** From the end of one poll to the start of the next. */
  intervalMs: number;
  /** The digest folder: responses are written to `<digestDir>/feed/<day>.json`. */
  digestDir: string;
  meta: FeedMeta;
  log: Logger;
  /** Reads a day file just written into the digest; given its name relative to the digest folder (`feed/<day>.json`). */
  ingest: (file: string) => Promise<void>;
  /** Shares a fetcher (and its politeness) with other callers; else one is made from the options. */
  fetcher?: PoliteFetcher;
}

type PollOutcome =
  | { kind: 'new-data'; day: string; file: string; papers: number; problems: number }
  | { kind: 'not-modified' }
  | { kind: 'empty'; day: string }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'stopped' };

/**
 * Polls a Hugging Face `daily_papers` URL and keeps the digest folder, not memory, as the
 * truth: each new response is written unchanged to `feed/<listing day>.json`, then handed
 * to `ingest`, and only when that resolved are its ETag / Last-Modified remembered (so a
 * failed ingest is fetched and tried again next poll instead of hiding behind 304s).
 * Requests go through a PoliteFetcher: one at a time, at least `minIntervalMs` apart,
 * 429 / 5xx retried after Retry-After or a doubling backoff that carries over between polls.
 */
export class FeedPoller {
  readonly #options: FeedPollerOptions;
  readonly #fetcher: PoliteFetcher;
  readonly #task: RepeatingTask<PollOutcome>;

  constructor(options: FeedPollerOptions) {
    this.#options = options;
    this.#fetcher = options.fetcher ?? new PoliteFetcher(options);
    this.#task = new RepeatingTask(
      (signal) => this.#poll(signal).catch((error: unknown) => this.#finish(null, { kind: 'failed', reason: (error as Error).message })),
      options.intervalMs,
      'feed poller stopped',
      (error) => options.log.error({ err: error }, 'feed poll failed unexpectedly'),
    );
  }

  /** Polls now, then `intervalMs` after each poll ends, until `stop()`. */
  start(): void {
    this.#task.start();
  }

  /** Stops polling: cancels a wait or request in flight, and waits for an ingest in flight. */
  stop(): Promise<void> {
    return this.#task.stop();
  }

  /**
   * One poll. Never throws; a call while a poll runs gets that poll's outcome. After
   * `stop()` it answers `stopped` until `start()`.
   */
  pollOnce(): Promise<PollOutcome> {
    return this.#task.runOnce();
  }

  async #poll(signal: AbortSignal): Promise<PollOutcome> {
    const { url, log } = this.#options;
    const headers: Record<string, string> = { accept: 'application/json', ...(await this.#conditions()) };
    let fetched;
    try {
      fetched = await this.#fetcher.get(url, { headers, signal });
    } catch (error) {
      if (signal.aborted) return { kind: 'stopped' };
      const status = (error as { status?: number | null }).status ?? null;
      return this.#finish(status, { kind: 'failed', reason: (error as Error).message });
    }
    const { status, text } = fetched;
    if (status === 304) return this.#finish(status, { kind: 'not-modified' });
    if (status < 200 || status > 299) return this.#finish(status, { kind: 'failed', reason: `HTTP ${status}` });
    const validators = { etag: fetched.headers.get('etag'), lastModified: fetched.headers.get('last-modified') };

    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return this.#finish(status, { kind: 'unreadable', reason: `the feed answered text that is not JSON (${(error as Error).message})` });
    }
    if (!Array.isArray(data)) {
      return this.#finish(status, { kind: 'unreadable', reason: `the feed answered ${describeJsonValue(data)}, not a list of daily_papers entries` });
    }
    const day = listingDayOf(url, data, new Date((this.#options.clock ?? systemClock).now()));
    if (data.length === 0) {
      await this.#remember(validators, null);
      return this.#finish(status, { kind: 'empty', day });
    }

    const { items, problems } = readDailyPapersJson(text, feedDayFile(day));
    for (const problem of problems) log.warn({ url, day }, `feed problem: ${formatProblem(problem)}`);
    try {
      const file = await writeFeedDay(this.#options.digestDir, day, text);
      await this.#options.ingest(path.relative(this.#options.digestDir, file));
      await this.#remember(validators, day);
      return await this.#finish(status, { kind: 'new-data', day, file, papers: items.length, problems: problems.length });
    } catch (error) {
      return this.#finish(status, { kind: 'failed', reason: `could not save or ingest ${feedDayFile(day)}: ${(error as Error).message}` });
    }
  }

  /**
   * If-None-Match / If-Modified-Since from the last response fully handled, unless the day
   * file it was saved to is gone: the folder is the truth, so a deleted day is fetched again.
   */
  async #conditions(): Promise<Record<string, string>> {
    const { meta, digestDir } = this.#options;
    const day = await meta.get(FEED_META_KEYS.day);
    if (day && isDay(day) && !existsSync(path.join(digestDir, feedDayFile(day)))) return {};
    const etag = await meta.get(FEED_META_KEYS.etag);
    const lastModified = await meta.get(FEED_META_KEYS.lastModified);
    return { ...(etag ? { 'if-none-match': etag } : {}), ...(lastModified ? { 'if-modified-since': lastModified } : {}) };
  }

  /** Remembers the validators of a response fully handled. If that fails, the next poll just fetches it again. */
  async #remember(validators: { etag: string | null; lastModified: string | null }, day: string | null): Promise<void> {
    const { meta, log } = this.#options;
    try {
      await meta.set(FEED_META_KEYS.day, day ?? '');
      await meta.set(FEED_META_KEYS.etag, validators.etag ?? '');
      await meta.set(FEED_META_KEYS.lastModified, validators.lastModified ?? '');
    } catch (error) {
      log.warn({ err: error }, 'could not remember the feed validators; the next poll fetches the same day again');
    }
  }

  /** Records the poll for the health endpoint and logs it: failures at warn, an empty day at info. */
  async #finish(status: number | null, outcome: PollOutcome): Promise<PollOutcome> {
    const { meta, log, url } = this.#options;
    const at = new Date((this.#options.clock ?? systemClock).now()).toISOString();
    try {
      await meta.set(FEED_META_KEYS.lastPoll, JSON.stringify({ at, status, outcome: outcome.kind }));
    } catch (error) {
      log.warn({ err: error }, 'could not record the feed poll');
    }
    if (outcome.kind === 'failed') log.warn({ url, status, reason: outcome.reason }, `feed poll failed: ${outcome.reason}`);
    else if (outcome.kind === 'unreadable') log.warn({ url, status, reason: outcome.reason }, `feed answer unreadable: ${outcome.reason}`);
    else if (outcome.kind === 'empty') log.info({ url, day: outcome.day }, `no papers listed yet for ${outcome.day}`);
    else if (outcome.kind === 'new-data') log.info({ url, day: outcome.day, file: outcome.file, papers: outcome.papers }, 'feed day saved and ingested');
    else log.debug({ url }, 'feed not modified');
    return outcome;
  }
}
