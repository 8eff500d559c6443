import { setTimeout as delay } from 'node:timers/promises';
import { readCapped } from '../http/read-capped.js';
import type { Logger } from '../log.js';
import { parseRetryAfter } from './retry-after.js';

/** Time, injectable so tests can run hours of backoff in microseconds. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    try {
      await delay(ms, undefined, { signal });
    } catch (error) {
      // timers/promises rejects with an AbortError whose cause is the reason: give the reason itself.
      if (signal?.aborted) throw signal.reason;
      throw error;
    }
  },
};

export interface PoliteFetchOptions {
  /** A request starts at least this long after the previous one ended, whatever the server says. Default 1000. */
  minIntervalMs?: number;
  /** Per request, headers and body included. Default 15 s. */
  timeoutMs?: number;
  /** Response bodies over this are refused (not retried: they would be as big again). Default 5 MiB. */
  maxBytes?: number;
  /** Requests per `get()` call, first one included. Default 4. */
  attempts?: number;
  /** The longest single wait, whatever Retry-After asks or the doubling reaches. Default 15 min. */
  maxWaitMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Where retries are reported (warn), unless `onRetry` is given. */
  log?: Logger;
  /** Told of each failed attempt and the wait before the next request. */
  onRetry?: (notice: RetryNotice) => void;
}

interface RetryNotice {
  url: string;
  /** `HTTP 503`, a network error, or a timeout. */
  failure: string;
  attempt: number;
  of: number;
  waitMs: number;
}

interface FetchedText {
  status: number;
  headers: Headers;
  /** The body of a 2xx response (at most `maxBytes`); '' for any other status. */
  text: string;
}

/** A `get()` that gave up: retries spent on 429/5xx/network failures, or a body over the cap. */
export class PoliteFetchError extends Error {
  override readonly name = 'PoliteFetchError';
  constructor(
    message: string,
    /** The last HTTP status, or null when no response came (network failure, timeout). */
    readonly status: number | null,
  ) {
    super(message);
  }
}

const USER_AGENT = 'paper-digest-bot/0.1 (Discord bot; one request at a time, at most one per second)';

/**
 * GETs one URL at a time, politely, for everything that asks Hugging Face: the feed poller
 * and `npm run import`. Requests are queued, and one starts no sooner than `minIntervalMs`
 * after the previous one ended (not started: a request that took long to reach the server
 * must not make the next one arrive early). 429 and 5xx (and network failures, timeouts) are retried: after
 * the Retry-After the server asked for, held between `minIntervalMs` and `maxWaitMs`, or
 * else after `minIntervalMs × 2^failures` (no jitter: there is only one of us). The wait
 * outlives the call: when a `get()` gives up, the next one still waits it out, and the
 * doubling goes on until a request succeeds. So a caller that loops on failures cannot
 * hammer the server.
 */
export class PoliteFetcher {
  readonly #minIntervalMs: number;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #attempts: number;
  readonly #maxWaitMs: number;
  readonly #fetch: typeof fetch;
  readonly #clock: Clock;
  readonly #onRetry: (notice: RetryNotice) => void;
  #queue: Promise<unknown> = Promise.resolve();
  /** When the last request ended: the gap is kept from there, so the server sees it too. */
  #lastDoneAt = -Infinity;
  #notBefore = -Infinity;
  #failures = 0;
  #requests = 0;
  #shortestGapMs = Infinity;

  constructor(options: PoliteFetchOptions = {}) {
    this.#minIntervalMs = options.minIntervalMs ?? 1000;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.#attempts = Math.max(1, options.attempts ?? 4);
    this.#maxWaitMs = Math.max(this.#minIntervalMs, options.maxWaitMs ?? 15 * 60_000);
    this.#fetch = options.fetch ?? fetch;
    this.#clock = options.clock ?? systemClock;
    this.#onRetry = options.onRetry ?? ((notice) => options.log?.warn(notice, 'request failed; waiting before the next one'));
  }

  /** Requests sent so far, retries included. */
  get requests(): number {
    return this.#requests;
  }

  /** The shortest time so far between the end of one request and the start of the next; null before the second. */
  get shortestGapMs(): number | null {
    return Number.isFinite(this.#shortestGapMs) ? this.#shortestGapMs : null;
  }

  /**
   * GETs `url` when its turn comes. Resolves with any response that is not worth retrying
   * (2xx, 304, 4xx other than 429); rejects with a PoliteFetchError when the attempts are
   * spent, or with the signal's reason when `signal` aborts (waits included).
   */
  get(url: string, init: { headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<FetchedText> {
    const run = this.#queue.then(() => this.#getWithRetries(url, init.headers ?? {}, init.signal));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #getWithRetries(url: string, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<FetchedText> {
    let failure = '';
    let status: number | null = null;
    for (let attempt = 1; attempt <= this.#attempts; attempt++) {
      // Timers may fire a millisecond early by the wall clock: sleep until it agrees.
      for (let wait = this.#earliestNextSend() - this.#clock.now(); wait > 0; wait = this.#earliestNextSend() - this.#clock.now()) {
        await this.#clock.sleep(wait, signal);
      }
      signal?.throwIfAborted();
      this.#requests++;
      this.#shortestGapMs = Math.min(this.#shortestGapMs, this.#clock.now() - this.#lastDoneAt);
      let outcome;
      try {
        outcome = await this.#send(url, headers, signal);
      } finally {
        this.#lastDoneAt = this.#clock.now();
      }
      if ('fetched' in outcome) {
        this.#failures = 0;
        return outcome.fetched;
      }
      ({ failure, status } = outcome);
      this.#failures++;
      const waitMs = this.#waitAfterFailure(outcome.retryAfterMs);
      this.#notBefore = this.#clock.now() + waitMs;
      this.#onRetry({ url, failure, attempt, of: this.#attempts, waitMs });
    }
    throw new PoliteFetchError(`${failure} (${this.#attempts} attempt${this.#attempts === 1 ? '' : 's'})`, status);
  }

  async #send(
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<{ fetched: FetchedText } | { failure: string; status: number | null; retryAfterMs: number | null }> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await this.#fetch(url, { headers: { 'user-agent': USER_AGENT, ...headers }, signal: both });
      if (response.status === 429 || response.status >= 500) {
        await response.body?.cancel();
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), new Date(this.#clock.now()));
        return { failure: `HTTP ${response.status}`, status: response.status, retryAfterMs };
      }
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel();
        return { fetched: { status: response.status, headers: response.headers, text: '' } };
      }
      const text = await readCapped(response, this.#maxBytes, `response of ${url}`);
      return { fetched: { status: response.status, headers: response.headers, text } };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!isTransient(error)) throw new PoliteFetchError((error as Error).message, null);
      const reason = timeout.aborted ? `no complete answer within ${this.#timeoutMs} ms` : describeNetworkError(error);
      return { failure: reason, status: null, retryAfterMs: null };
    }
  }

  #earliestNextSend(): number {
    return Math.max(this.#lastDoneAt + this.#minIntervalMs, this.#notBefore);
  }

  #waitAfterFailure(retryAfterMs: number | null): number {
    const asked = retryAfterMs ?? this.#minIntervalMs * 2 ** Math.min(this.#failures, 30);
    return Math.min(this.#maxWaitMs, Math.max(this.#minIntervalMs, asked));
  }
}

/** Network failures (TypeError from fetch or the body stream) and timeouts; not the size cap. */
function isTransient(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.message ?? cause?.code ?? (error as Error).message;
}
