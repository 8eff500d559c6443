import type { Paper } from '../digest/paper.js';

/** Newest first; papers with unknown dates last; ties by upvotes, then title. */
export function byNewest(a: Paper, b: Paper): number {
  if (a.publishedAt !== b.publishedAt) {
    if (a.publishedAt === null) return 1;
    if (b.publishedAt === null) return -1;
    return a.publishedAt < b.publishedAt ? 1 : -1;
  }
  return byUpvotesOnly(a, b) || a.title.localeCompare(b.title);
}

/** Most upvoted first; unknown upvotes last; ties by date. */
export function byUpvotes(a: Paper, b: Paper): number {
  return byUpvotesOnly(a, b) || byNewest(a, b);
}

function byUpvotesOnly(a: Paper, b: Paper): number {
  return (b.upvotes ?? -1) - (a.upvotes ?? -1);
}
