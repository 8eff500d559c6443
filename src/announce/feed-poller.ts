import type { Paper } from '../digest/paper.js';
import { formatProblem } from '../digest/digest-problem.js';
import { readDailyPapersJson } from '../digest/read-daily-papers-json.js';
import { readCapped } from '../http/read-capped.js';
import type { Logger } from '../log.js';
import type { AnnouncementStore } from './announcement-store.js';

export interface FeedPollerOptions {
  url: string;
  intervalMs: number;
  store: AnnouncementStore;
  log: Logger;
  onPapers: (papers: Paper[]) => void;
  timeoutMs?: number;
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

export type PollOutcome = 'new-data' | 'not-modified' | 'empty' | 'failed';

const MAX_BACKOFF_MS = 6 * 60 * 60_000;

/**
 * Polls a Hugging Face `daily_papers`-shaped JSON endpoint. Each request has a timeout and
 * a response size cap, and is conditional (ETag / Last-Modified, remembered in the store
 * across restarts). 429 and 5xx back off exponentially (honouring Retry-After); an empty
 * list, as on weekends, is a normal answer.
 */
export class FeedPoller {
  readonly #options: Required<FeedPollerOptions>;
  #failures = 0;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;
  #current: Promise<PollOutcome> | null = null;

  constructor(options: FeedPollerOptions) {
    this.#options = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, fetchImpl: fetch, ...options };
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#current?.catch(() => undefined);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#current = this.pollOnce();
      void this.#current.then((outcome) => this.#schedule(outcome === 'failed' ? this.#backoff : this.#options.intervalMs));
    }, delayMs);
    this.#timer.unref();
  }

  #retryAfterMs = 0;
  get #backoff(): number {
    const exponential = Math.min(MAX_BACKOFF_MS, this.#options.intervalMs * 2 ** Math.min(this.#failures, 20));
    return Math.max(exponential, this.#retryAfterMs);
  }

  /** One request. Never throws: failures are logged and counted for the backoff. */
  async pollOnce(): Promise<PollOutcome> {
    const { url, store, log, fetchImpl } = this.#options;
    const headers: Record<string, string> = { accept: 'application/json' };
    const etag = store.getMeta('feed_etag');
    const lastModified = store.getMeta('feed_last_modified');
    if (etag) headers['if-none-match'] = etag;
    if (lastModified) headers['if-modified-since'] = lastModified;
    this.#retryAfterMs = 0;
    try {
      const response = await fetchImpl(url, { headers, signal: AbortSignal.timeout(this.#options.timeoutMs) });
      store.setMeta('feed_last_poll', JSON.stringify({ at: new Date().toISOString(), status: response.status }));
      if (response.status === 304) return this.#succeeded('not-modified');
      if (response.status === 429 || response.status >= 500) {
        this.#retryAfterMs = Number(response.headers.get('retry-after') ?? 0) * 1000;
        await response.body?.cancel();
        return this.#failed(`HTTP ${response.status}`);
      }
      if (!response.ok) {
        await response.body?.cancel();
        return this.#failed(`HTTP ${response.status}`);
      }
      const text = await readCapped(response, this.#options.maxBytes, 'feed response');
      const { items, problems } = readDailyPapersJson(text, 'feed');
      for (const problem of problems) log.warn({ url }, `feed problem: ${formatProblem(problem)}`);
      if (problems.length > 0 && items.length === 0 && text.trim() !== '[]') return this.#failed('unreadable feed');
      const newEtag = response.headers.get('etag');
      const newLastModified = response.headers.get('last-modified');
      if (newEtag) store.setMeta('feed_etag', newEtag);
      if (newLastModified) store.setMeta('feed_last_modified', newLastModified);
      if (items.length === 0) return this.#succeeded('empty');
      this.#options.onPapers(items);
      return this.#succeeded('new-data');
    } catch (error) {
      return this.#failed((error as Error).message);
    }
  }

  #succeeded(outcome: PollOutcome): PollOutcome {
    this.#failures = 0;
    this.#options.log.debug({ outcome }, 'feed polled');
    return outcome;
  }

  #failed(reason: string): PollOutcome {
    this.#failures++;
    this.#options.log.warn({ url: this.#options.url, reason, failures: this.#failures, nextInMs: this.#backoff }, 'feed poll failed; backing off');
    return 'failed';
  }
}
