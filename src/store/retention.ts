import type { Logger } from '../log.js';
import { RepeatingTask } from '../time/repeating-task.js';
import type { PrunedCopies } from './outbox-store.js';
import type { Stores } from './stores.js';

const DAY_MS = 86_400_000;

/** What one run of the retention job dropped. */
export interface Pruned extends PrunedCopies {
  /** Query memos forgotten. */
  queries: number;
}

interface RetentionOptions {
  stores: Pick<Stores, 'outbox' | 'queryMemo'>;
  /** Copies and memos older than this many days go (RETENTION_DAYS). */
  days: number;
  log: Logger;
  /** The clock; injectable for tests. */
  now?: () => Date;
  /** From the end of one run to the start of the next. Default a day. */
  intervalMs?: number;
}

/**
 * Keeps the database from growing forever: at start and then daily, drops the copies of
 * papers that settled posts no longer need (OutboxStore.pruneSettled: sent or parked
 * deliveries and parked batches older than `days`; the rows stay, so nothing is ever
 * delivered twice) and forgets query memos unused for `days` (a page shown or paged within
 * that time renewed its memo, so a page in use keeps working). A run that fails is logged
 * and the next run tries again.
 */
export class Retention {
  readonly #options: RetentionOptions & { now: () => Date; intervalMs: number };
  readonly #task: RepeatingTask<Pruned | null>;

  constructor(options: RetentionOptions) {
    if (!Number.isInteger(options.days) || options.days < 1) throw new Error(`retention must be a whole number of days, at least 1 (got ${options.days})`);
    this.#options = { now: () => new Date(), intervalMs: DAY_MS, ...options };
    this.#task = new RepeatingTask(
      () => this.#prune(),
      this.#options.intervalMs,
      'retention stopped',
      (error) => this.#options.log.error({ err: error }, 'pruning old copies failed; trying again at the next run'),
    );
  }

  /** Prunes now, then `intervalMs` after each run ends, until stop(). */
  start(): void {
    this.#task.start();
  }

  stop(): Promise<void> {
    return this.#task.stop();
  }

  /** One run now (a call while one runs gets that one); null when it failed (logged). */
  prune(): Promise<Pruned | null> {
    return this.#task.runOnce();
  }

  async #prune(): Promise<Pruned | null> {
    const { stores, days, log } = this.#options;
    const before = new Date(this.#options.now().getTime() - days * DAY_MS);
    try {
      const copies = await stores.outbox.pruneSettled(before);
      const queries = await stores.queryMemo.forgetUnusedSince(before);
      const pruned = { ...copies, queries };
      log[pruned.deliveries + pruned.batches + pruned.queries > 0 ? 'info' : 'debug']({ ...pruned, days, before: before.toISOString() }, 'old copies pruned');
      return pruned;
    } catch (error) {
      log.error({ err: error, days }, 'pruning old copies failed; trying again at the next run');
      return null;
    }
  }
}
