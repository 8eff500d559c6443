import type { Subscription } from '../store/subscription-store.js';
import { latestDuePeriod, previousPeriod, type DigestPeriod, type DigestSchedule } from '../time/digest-period.js';

/** A digest missed by more than this (the bot was down at its post time) is skipped, not posted late. */
const MISSED_DIGEST_GRACE_MS = 24 * 60 * 60_000;

export interface PlannedDigest {
  subscription: Subscription & { schedule: DigestSchedule };
  period: DigestPeriod;
  /** The outbox dedupe key: one digest per subscription, schedule and period, ever. */
  dedupeKey: string;
  /** `post` when due now (on time, or late by less than the grace); `skip` when missed by more. */
  action: 'post' | 'skip';
}

/** `digest:<subscription id>:<schedule>:<period start>`: a schedule change never reuses another schedule's key. */
export function digestKey(subscriptionId: number, period: Pick<DigestPeriod, 'schedule' | 'start'>): string {
  return `digest:${subscriptionId}:${period.schedule}:${period.start}`;
}

/**
 * The digests to act on at `now`, for each scheduled subscription: the latest period whose
 * post time has come (posted if at most `graceMs` late, else skipped), and the period
 * before it, which, if still undecided, was missed while the bot was down (skipped: it is
 * always at least a whole period late). A period already decided (`isDecided`: queued, or
 * recorded as empty or skipped) is left out, and so is one whose post time came before the
 * subscription existed or took its schedule (the later of `createdAt` and
 * `scheduleChangedAt`): a new subscription, and a changed schedule, waits for its first post
 * time, and no period before that counts as missed.
 */
export async function planDigests(
  subscriptions: readonly Subscription[],
  now: Date,
  postMinutes: number,
  isDecided: (dedupeKey: string) => boolean | Promise<boolean>,
  graceMs = MISSED_DIGEST_GRACE_MS,
): Promise<PlannedDigest[]> {
  const planned: PlannedDigest[] = [];
  for (const subscription of subscriptions) {
    if (subscription.schedule === 'new') continue;
    const since = Math.max(Date.parse(subscription.createdAt), Date.parse(subscription.scheduleChangedAt ?? subscription.createdAt));
    const latest = latestDuePeriod(subscription.schedule, now, postMinutes);
    for (const period of [previousPeriod(latest, postMinutes), latest]) {
      if (since > period.postAt.getTime()) continue;
      const dedupeKey = digestKey(subscription.id, period);
      if (await isDecided(dedupeKey)) continue;
      const late = now.getTime() - period.postAt.getTime();
      planned.push({ subscription: subscription as PlannedDigest['subscription'], period, dedupeKey, action: late < graceMs ? 'post' : 'skip' });
    }
  }
  return planned;
}
