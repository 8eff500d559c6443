import type { Paper } from '../digest/paper.js';
import type { Logger } from '../log.js';
import { chartAltText } from '../present/chart-alt-text.js';
import { periodDays, periodLabel } from '../time/digest-period.js';
import type { RemoteLibrary } from '../worker/library-api.js';
import type { DigestPost } from './digest-post.js';
import type { PlannedDigest } from './plan-digests.js';
import type { RefreshOutcome } from './refresh-counts.js';

export interface BuildDigestDeps {
  library: Pick<RemoteLibrary, 'periodPapers' | 'digestChart' | 'topics'>;
  /** The listing days fetched again just before (the tick refreshes every due period once); null without a feed. */
  refreshed: RefreshOutcome | null;
  now: () => Date;
  log: Logger;
}

/** The oldest known day, or null. */
function oldest(days: readonly (string | null)[]): string | null {
  return days.reduce<string | null>((min, day) => (day !== null && (min === null || day < min) ? day : min), null);
}

/**
 * Prepares one digest: takes the period's top papers in the subscription's scope (ranked by
 * the counts the tick's refresh just read, when there is a feed) and has the worker draw the
 * period's chart. Returns null when the period has no papers (nothing is posted). The counts
 * are current when every paper SHOWN was listed on a day fetched again (a paper counts in
 * the period of its listing day, so a refreshed period refreshes all of its papers; one
 * without a listing day never is); otherwise the post says as of when. A chart that fails to
 * draw leaves the post without a picture rather than without a digest.
 */
export async function buildDigest({ subscription, period }: PlannedDigest, deps: BuildDigestDeps): Promise<(DigestPost & { papers: Paper[] }) | null> {
  const { library, log } = deps;
  const scope = { from: period.start, to: period.end, topicId: subscription.topicId, keywords: subscription.keywords };
  const { top, total } = await library.periodPapers({ ...scope, limit: subscription.top });
  if (total === 0) return null;
  const refreshed = deps.refreshed === null ? null : new Set(deps.refreshed.refreshed);
  // Without a feed nothing was fetched again; with one, a shown paper listed on a day that failed (or on no known day) is stale.
  const stale = refreshed === null ? top : top.filter((paper) => paper.listedOn === null || !refreshed.has(paper.listedOn));
  const countsCurrent = stale.length === 0;
  if (deps.refreshed !== null && !countsCurrent) {
    const days = new Set(periodDays(period));
    log.warn(
      {
        subscription: subscription.id,
        period: period.start,
        failed: deps.refreshed.failed.filter(({ day }) => days.has(day)),
        stale: stale.map((paper) => paper.key),
      },
      'digest: some papers shown could not be fetched again; counts may be stale',
    );
  }
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
