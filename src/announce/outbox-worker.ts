import type { Logger } from '../log.js';
import { DatabaseUnavailableError } from '../store/database-unavailable.js';
import type { Batch, ClaimScope, OutboxStore, UnreadableBatch } from '../store/outbox-store.js';

/**
 * What to do after a failed post: `retry` later (5xx, network), `park` the batch because
 * Discord will never accept it (a missing channel or permission, an invalid payload), or
 * `halt` the outbox because nothing can be posted (the token was rejected).
 */
type DeliveryFailure = 'retry' | 'park' | 'halt';

/** Why a post failed, as the poster classifies it. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly failure: DeliveryFailure,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/**
 * Posts one batch with its nonce; resolves to the message id. Throws DeliveryError. A
 * multi-step post records each step done with `saveProgress`, and finds them in
 * `batch.progress` when it is retried.
 */
export type PostBatch = (batch: Batch, saveProgress: (progress: unknown) => Promise<void>) => Promise<string>;

/**
 * How long a machine's claim on a batch holds when several machines share the outbox: far
 * longer than a post takes, and far shorter than Discord's nonce window ("a few minutes"),
 * so a batch whose claimer died mid-post is posted again within it and Discord returns the
 * first message.
 */
export const CLAIM_LEASE_MS = 30_000;

interface OutboxOptions {
  store: OutboxStore;
  post: PostBatch;
  log: Logger;
  /** How often to look for work queued by other processes (backfill, other shards). */
  pollMs?: number;
  /**
   * Which batches this machine posts when several share the outbox (asked at each claim, as
   * the lead can change); undefined, or a function that returns undefined: every batch.
   */
  scope?: () => ClaimScope | undefined;
  retryBaseMs?: number;
  retryMaxMs?: number;
  now?: () => number;
}

/**
 * Drains the outbox: forms batches, posts each due batch, and records the result. A 5xx
 * or network failure retries with exponential backoff; a missing channel or permission, or
 * a payload Discord rejects, parks the batch with its reason; a rejected token halts the
 * outbox (nothing more is attempted until a restart). One post at a time, so stop() can
 * wait for it. Each post is claimed from the store in turn between guilds (claimNext), and
 * work queued while a drain runs (wake) is formed into batches before the next claim, so a
 * guild whose papers arrive during another guild's thousands of posts waits one turn, not
 * for the whole drain.
 */
export class OutboxWorker {
  readonly #options: Required<Omit<OutboxOptions, 'now' | 'scope'>> & Pick<OutboxOptions, 'scope'> & { now: () => number };
  #running = false;
  /** Why the outbox halted, when it did. */
  #halted: string | null = null;
  #wake: (() => void) | null = null;
  /** Set by wake(): deliveries were queued, so the drain in progress forms batches again before its next claim. */
  #queuedSinceFormed = false;
  #loop: Promise<void> | null = null;
  /** Whether the last drain found the database unreachable (told once per outage). */
  #waitingForDatabase = false;

  constructor(options: OutboxOptions) {
    this.#options = { pollMs: 2000, retryBaseMs: 1000, retryMaxMs: 5 * 60_000, now: Date.now, ...options };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Why the outbox stopped posting (a rejected token), or null while it works. */
  get halted(): string | null {
    return this.#halted;
  }

  /** Look at the outbox now (new deliveries were queued). */
  wake(): void {
    this.#queuedSinceFormed = true;
    this.#wake?.();
  }

  /** Stops taking new work, lets the post in flight finish. */
  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        await this.drainOnce();
        if (this.#waitingForDatabase) this.#options.log.info('database reachable again; the outbox posts what waited');
        this.#waitingForDatabase = false;
      } catch (error) {
        if (error instanceof DatabaseUnavailableError) {
          // An outage is told once, not at every poll: announcements wait in the outbox meanwhile.
          if (!this.#waitingForDatabase) this.#options.log.warn({ reason: error.message }, 'outbox waits: the database is unreachable');
          this.#waitingForDatabase = true;
        } else this.#options.log.error({ err: error }, 'outbox failed; retrying');
      }
      if (!this.#running) break;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        setTimeout(resolve, this.#options.pollMs).unref();
      });
      this.#wake = null;
    }
    this.#options.log.debug({ halted: this.#halted }, 'outbox stopped');
  }

  /**
   * Forms batches and posts due ones until none is due. A failed batch waits out its backoff
   * like any other: it is tried again in the same drain only when its next attempt comes
   * before the drain ends. Returns how many were posted.
   */
  async drainOnce(): Promise<number> {
    const { store } = this.#options;
    let posted = 0;
    const unreadable = (batch: UnreadableBatch) =>
      this.#options.log.error(
        { batch: batch.id, kind: batch.kind, channel: batch.channelId, reason: batch.reason },
        'announcement parked: its stored row no longer reads',
      );
    this.#queuedSinceFormed = true;
    // After stop() or a halt, the post in flight finishes; no new one starts.
    while ((this.#running || this.#loop === null) && this.#halted === null) {
      if (this.#queuedSinceFormed) {
        this.#queuedSinceFormed = false;
        await store.formBatches();
      }
      const batch = await store.claimNext(this.#options.now(), unreadable, this.#options.scope?.());
      if (batch === null) break;
      if (await this.#deliver(batch)) posted++;
    }
    return posted;
  }

  async #deliver(batch: Batch): Promise<boolean> {
    const { store, post, log } = this.#options;
    try {
      const messageId = await post(batch, (progress) => store.saveProgress(batch.id, progress));
      await store.markSent(batch.id, messageId);
      log.info({ batch: batch.id, channel: batch.channelId, papers: batch.papers.length, message: messageId }, 'announcement posted');
      return true;
    } catch (error) {
      const reason = (error as Error).message;
      const failure = error instanceof DeliveryError ? error.failure : 'retry';
      if (failure === 'park') {
        await store.park(batch.id, reason);
        log.warn({ batch: batch.id, channel: batch.channelId, papers: batch.papers.length, reason }, 'announcement parked: Discord will not accept it');
        return false;
      }
      if (failure === 'halt') {
        this.#halted = reason;
        this.#running = false;
        log.fatal({ batch: batch.id, reason }, 'Discord rejected the bot token: announcements stopped. Fix DISCORD_TOKEN and restart the bot');
        return false;
      }
      const delay = Math.min(this.#options.retryMaxMs, this.#options.retryBaseMs * 2 ** batch.attempts);
      await store.markRetry(batch.id, reason, this.#options.now() + delay);
      log.warn({ batch: batch.id, channel: batch.channelId, attempt: batch.attempts + 1, retryInMs: delay, reason }, 'announcement failed; will retry');
      return false;
    }
  }
}
