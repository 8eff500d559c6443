import { subscriptionMatches } from '../announce/announcer.js';
import type { Paper } from '../digest/paper.js';
import type { Library } from './library.js';
import { byUpvotes } from './paper-order.js';

/** Which papers a digest, a chart or /trending looks at. */
export interface PeriodScope {
  /** The first and last day, inclusive, `YYYY-MM-DD` (by `publishedAt`). */
  from: string;
  to: string;
  /** Only papers of this topic, when set. */
  topicId: string | null;
  /** Only papers matching one of these comma-separated phrases, when set (as subscriptions match). */
  keywords: string | null;
}

const NO_TOPICS: ReadonlySet<string> = new Set();

/**
 * The papers published from `from` to `to` that a subscription with this topic and these
 * keywords would get (`subscriptionMatches`, as announcements route), most upvoted first,
 * ties by newest (`byUpvotes`). Papers without a date are in no period. The date is
 * checked first, so keywords are matched against the period's papers only.
 */
export function periodPapers(library: Library, scope: PeriodScope): Paper[] {
  const pool = scope.topicId === null ? library.all() : library.papersInTopic(scope.topicId);
  const topics = scope.topicId === null ? NO_TOPICS : new Set([scope.topicId]);
  return pool
    .filter((paper) => paper.publishedAt !== null && paper.publishedAt >= scope.from && paper.publishedAt <= scope.to)
    .filter((paper) => subscriptionMatches(scope, paper, topics))
    .sort(byUpvotes);
}
