import type { Paper } from '../digest/paper.js';

/**
 * The year to cite: the publication day's, else the year of the arXiv id's `YYMM` (the
 * month the paper was first submitted; new-style ids began in 2007, so `YY` is 20YY),
 * else null. Never today's year.
 */
export function paperYear(paper: Pick<Paper, 'publishedAt' | 'arxivId'>): string | null {
  if (paper.publishedAt) return paper.publishedAt.slice(0, 4);
  const yy = paper.arxivId ? /^(\d{2})\d{2}\./.exec(paper.arxivId)?.[1] : undefined;
  return yy === undefined ? null : `20${yy}`;
}
