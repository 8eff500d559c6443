import type { Paper } from './paper.js';

type Counts = Pick<Paper, 'upvotes' | 'githubStars' | 'comments' | 'countsAsOf'>;

/**
 * Combines the records of one paper seen in several files (or read again later). Text and
 * identity stay from the first record; any unknown (null) field is filled from the other;
 * links and keywords are united; the listing day is the earliest of the two. Counts are snapshots that only grow, so they come from the
 * record read latest: the one with the later `countsAsOf`, with its `countsAsOf`. When that
 * cannot tell (a day unknown, or the same day) each count is the highest of the two, which
 * is also the latest reading, and `countsAsOf` is the day that is known (a count may then be
 * a little newer than it says).
 */
export function mergePaper(first: Paper, later: Paper): Paper {
  return {
    ...first,
    arxivId: first.arxivId ?? later.arxivId,
    abstract: first.abstract || later.abstract,
    publishedAt: first.publishedAt ?? later.publishedAt,
    listedOn: earliest(first.listedOn, later.listedOn),
    organization: first.organization ?? later.organization,
    authorCount: first.authorCount ?? later.authorCount,
    authors: first.authors ?? later.authors,
    aiSummary: first.aiSummary ?? later.aiSummary,
    thumbnail: first.thumbnail ?? later.thumbnail,
    ...latestCounts(first, later),
    links: [...first.links, ...later.links.filter((link) => !first.links.some((known) => known.url === link.url))],
    keywords: [...new Set([...first.keywords, ...later.keywords])],
  };
}

/** The counts of the record read latest; a count it lacks is taken from the other record. */
function latestCounts(a: Paper, b: Paper): Counts {
  if (a.countsAsOf !== null && b.countsAsOf !== null && a.countsAsOf !== b.countsAsOf) {
    const [newer, older] = a.countsAsOf > b.countsAsOf ? [a, b] : [b, a];
    return {
      upvotes: newer.upvotes ?? older.upvotes,
      githubStars: newer.githubStars ?? older.githubStars,
      comments: newer.comments ?? older.comments,
      countsAsOf: newer.countsAsOf,
    };
  }
  return {
    upvotes: highest(a.upvotes, b.upvotes),
    githubStars: highest(a.githubStars, b.githubStars),
    comments: highest(a.comments, b.comments),
    countsAsOf: a.countsAsOf ?? b.countsAsOf,
  };
}

/** A paper listed again keeps its first listing day: the day it was new. */
function earliest(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : a < b ? a : b;
}

function highest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** Adds papers to a map keyed by identity, merging duplicates. Returns the keys that were new. */
export function addPapers(into: Map<string, Paper>, papers: Iterable<Paper>): string[] {
  const added: string[] = [];
  for (const paper of papers) {
    const known = into.get(paper.key);
    if (known) {
      into.set(paper.key, mergePaper(known, paper));
    } else {
      into.set(paper.key, paper);
      added.push(paper.key);
    }
  }
  return added;
}
