import type { Paper } from '../digest/paper.js';
import type { Library } from './library.js';
import { byUpvotes } from './paper-order.js';
import { subscriptionMatches } from './subscription-match.js';

/** Which papers a digest, a chart or /trending looks at. */
export interface PeriodScope {
  /** The first and last day, inclusive, `YYYY-MM-DD` (of each paper's periodDay). */
  from: string;
  to: string;
  /** Only papers of this topic, when set. */
  topicId: string | null;
  /** Only papers matching one of these comma-separated phrases, when set (as subscriptions match). */
  keywords: string | null;
}

const NO_TOPICS: ReadonlySet<string> = new Set();

/**
 * The day a paper counts on in a period: the day Hugging Face listed it (`listedOn`), else
 * its publication day, else null. Listed is what "new this day" means on a listing site, and
 * it is the day `daily_papers?date=` answers for, so refreshing a period's listing days
 * refreshes exactly its papers. By the arXiv date, a paper (listed a day or more later)
 * would fall in a period already posted.
 */
export function periodDay(paper: Pick<Paper, 'listedOn' | 'publishedAt'>): string | null {
  return paper.listedOn ?? paper.publishedAt;
}

/**
 * The papers listed from `from` to `to` (see periodDay) that a subscription with this topic
 * and these keywords would get (`subscriptionMatches`, as announcements route), most
 * upvoted first, ties by newest (`byUpvotes`). Papers without a day are in no period. The
 * day is checked first, so keywords are matched against the period's papers only.
 */
export function periodPapers(library: Library, scope: PeriodScope): Paper[] {
  const pool = scope.topicId === null ? library.all() : library.papersInTopic(scope.topicId);
  const topics = scope.topicId === null ? NO_TOPICS : new Set([scope.topicId]);
  return pool
    .filter((paper) => {
      const day = periodDay(paper);
      return day !== null && day >= scope.from && day <= scope.to;
    })
    .filter((paper) => subscriptionMatches(scope, paper, topics))
    .sort(byUpvotes);
}
