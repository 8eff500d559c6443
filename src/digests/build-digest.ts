import type { Paper } from '../digest/paper.js';
import type { Logger } from '../log.js';
import { chartAltText } from '../present/chart-alt-text.js';
import type { RemoteLibrary } from '../worker/library-api.js';
import { periodDays, periodLabel } from './digest-period.js';
import type { DigestPost } from './digest-post.js';
import type { PlannedDigest } from './plan-digests.js';
import type { RefreshCounts } from './refresh-counts.js';

export interface BuildDigestDeps {
  library: Pick<RemoteLibrary, 'periodPapers' | 'digestChart' | 'topics'>;
  /** Fetches the period's days again for current upvotes; absent without a feed. */
  refresh: RefreshCounts | undefined;
  now: () => Date;
  log: Logger;
  signal?: AbortSignal;
}

/** The oldest known day, or null. */
function oldest(days: readonly (string | null)[]): string | null {
  return days.reduce<string | null>((min, day) => (day !== null && (min === null || day < min) ? day : min), null);
}

/**
 * Prepares one digest: refreshes the period's upvote counts through the feed when there is
 * one, takes the period's top papers in the subscription's scope and has the worker draw
 * the period's chart. Returns null when the period has no papers (nothing is posted). A
 * chart that fails to draw leaves the post without a picture rather than without a digest.
 */
export async function buildDigest({ subscription, period }: PlannedDigest, deps: BuildDigestDeps): Promise<(DigestPost & { papers: Paper[] }) | null> {
  const { library, log } = deps;
  let countsCurrent = false;
  if (deps.refresh) {
    const outcome = await deps.refresh(periodDays(period), deps.signal);
    // Stopping: queue nothing half-refreshed; the next start prepares the digest again.
    deps.signal?.throwIfAborted();
    countsCurrent = outcome.failed.length === 0;
    if (!countsCurrent)
      log.warn(
        { subscription: subscription.id, period: period.start, failed: outcome.failed },
        'digest: some days could not be fetched again; counts may be stale',
      );
  }
  const scope = { from: period.start, to: period.end, topicId: subscription.topicId, keywords: subscription.keywords };
  const { top, total } = await library.periodPapers({ ...scope, limit: subscription.top });
  if (total === 0) return null;
  const topicName =
    subscription.topicId === null
      ? null
      : ((await library.topics()).find(({ topic }) => topic.id === subscription.topicId)?.topic.name ?? subscription.topicId);
  const subject = [topicName, subscription.keywords].filter((part): part is string => part !== null).join(' · ') || null;

  let chart: DigestPost['chart'] = null;
  try {
    const image = await library.digestChart({ ...scope, title: `${subject ?? 'All papers'} · ${periodLabel(period)}`, nowIso: deps.now().toISOString() });
    chart = { name: `digest-${period.start}.png`, description: chartAltText(image.stats), pngBase64: Buffer.from(image.png).toString('base64') };
  } catch (error) {
    log.warn({ err: error, subscription: subscription.id, period: period.start }, 'digest chart could not be drawn; posting without it');
  }
  return {
    papers: top,
    subscriptionId: subscription.id,
    period: { schedule: period.schedule, start: period.start, end: period.end },
    subject,
    total,
    countsCurrent,
    countsAsOf: countsCurrent ? null : oldest(top.map((paper) => paper.countsAsOf)),
    chart,
  };
}
