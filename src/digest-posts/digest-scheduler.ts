import type { Logger } from '../log.js';
import type { Stores } from '../store/stores.js';
import { periodDays } from '../time/digest-period.js';
import { RepeatingTask } from '../time/repeating-task.js';
import { buildDigest, type BuildDigestDeps } from './build-digest.js';
import { DIGEST_BATCH_KIND } from './digest-post.js';
import { planDigests, type PlannedDigest } from './plan-digests.js';
import type { RefreshCounts, RefreshOutcome } from './refresh-counts.js';
import { shareCharts } from './shared-charts.js';

interface DigestSchedulerOptions {
  stores: Pick<Stores, 'subscriptions' | 'digestOutcomes' | 'outbox'>;
  library: BuildDigestDeps['library'];
  log: Logger;
  /** Minutes after midnight UTC when digests are posted (DIGEST_POST_TIME). */
  postMinutes: number;
  /** Fetches listing days again before digests rank their papers; absent without a feed. */
  refresh?: RefreshCounts | undefined;
  /** Told after a tick queued digests: the outbox should look now. */
  onQueued: () => void;
  /** The clock; injectable for tests. */
  now?: () => Date;
  /** From the end of one look to the start of the next. Default 30 s. */
  tickMs?: number;
}

/**
 * Queues scheduled digests when they are due. Each tick looks at every scheduled
 * subscription's latest due period (planDigests). The listing days of every period to post
 * are fetched again first, each day once however many subscriptions share it (N daily
 * subscriptions refetch one day, not N; the fetcher is shared with the feed poller). Then
 * each digest not queued yet is prepared (buildDigest; digests of one tick with the same
 * scope and period share one chart, drawn once: shareCharts) and queued in the outbox under
 * its dedupe key, so it is queued once ever whatever restarts happen, and the outbox posts it
 * with a nonce fixed before posting. A period whose post time passed more than a day ago is
 * skipped, and a period without papers posts nothing; both are recorded (so logged once) in
 * the store. Runs in the one process that owns announcements.
 */
export class DigestScheduler {
  readonly #options: DigestSchedulerOptions & { now: () => Date; tickMs: number };
  readonly #task: RepeatingTask<number>;

  constructor(options: DigestSchedulerOptions) {
    this.#options = { now: () => new Date(), tickMs: 30_000, ...options };
    this.#task = new RepeatingTask(
      (signal) => this.#tick(signal),
      this.#options.tickMs,
      'digest scheduler stopped',
      (error) => this.#options.log.error({ err: error }, 'digest scheduler look failed'),
    );
  }

  /** Looks now, then `tickMs` after each look ends, until stop(). */
  start(): void {
    this.#task.start();
  }

  /** Stops looking; a refresh in flight is cancelled and its digest is not queued. */
  stop(): Promise<void> {
    return this.#task.stop();
  }

  /** One look; a call while one runs gets that one. Resolves to the number of digests queued. */
  tick(): Promise<number> {
    return this.#task.runOnce();
  }

  async #tick(signal: AbortSignal): Promise<number> {
    const { stores, log, postMinutes } = this.#options;
    let plans: PlannedDigest[];
    try {
      plans = await planDigests(await stores.subscriptions.list(), this.#options.now(), postMinutes, (key) => stores.digestOutcomes.decided(key));
    } catch (error) {
      log.error({ err: error }, 'cannot read the subscriptions for digests; trying again at the next tick');
      return 0;
    }
    const refreshed = await this.#refresh(plans, signal);
    // Stopping: queue nothing half-refreshed; the next start prepares the digests again.
    if (signal.aborted) return 0;
    let queued = 0;
    const library = shareCharts(this.#options.library);
    for (const plan of plans) {
      if (signal.aborted) break;
      if (await this.#handle(plan, { library, refreshed }, signal)) queued++;
    }
    if (queued > 0) this.#options.onQueued();
    return queued;
  }

  /** Fetches again, once each, every listing day of the periods to post; null without a feed. */
  async #refresh(plans: readonly PlannedDigest[], signal: AbortSignal): Promise<RefreshOutcome | null> {
    const { refresh, log } = this.#options;
    if (!refresh) return null;
    const days = [...new Set(plans.filter((plan) => plan.action === 'post').flatMap((plan) => periodDays(plan.period)))].sort();
    if (days.length === 0) return { refreshed: [], failed: [] };
    try {
      return await refresh(days, signal);
    } catch (error) {
      // It should not throw; if it does, every day is stale, and the digests still go out saying so.
      log.error({ err: error, days: days.length }, 'digest: fetching the listing days again failed');
      return { refreshed: [], failed: days.map((day) => ({ day, reason: (error as Error).message })) };
    }
  }

  /** Skips, or prepares and queues, one digest. True when it was queued. */
  async #handle(plan: PlannedDigest, { library, refreshed }: Pick<BuildDigestDeps, 'library' | 'refreshed'>, signal: AbortSignal): Promise<boolean> {
    const { stores, log } = this.#options;
    const { subscription, period, dedupeKey } = plan;
    const fields = { subscription: subscription.id, channel: subscription.channelId, schedule: period.schedule, period: period.start };
    try {
      if (plan.action === 'skip') {
        await stores.digestOutcomes.record(dedupeKey, 'skipped');
        log.warn({ ...fields, postAt: period.postAt.toISOString() }, 'digest skipped: its post time passed more than a day ago (the bot was not running)');
        return false;
      }
      const post = await buildDigest(plan, { library, refreshed, now: this.#options.now, log });
      if (post === null) {
        await stores.digestOutcomes.record(dedupeKey, 'empty');
        log.info(fields, 'digest: no papers in the period, nothing to post');
        return false;
      }
      const id = await stores.outbox.queueBatch({ kind: DIGEST_BATCH_KIND, channelId: subscription.channelId, payload: post, dedupeKey });
      if (id !== null) log.info({ ...fields, batch: id, papers: post.papers.length, countsCurrent: post.countsCurrent }, 'digest queued');
      return id !== null;
    } catch (error) {
      if (signal.aborted) return false;
      log.error({ err: error, ...fields }, 'digest could not be prepared; trying again at the next tick');
      return false;
    }
  }
}
