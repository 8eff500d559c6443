import type { Paper } from './paper.js';

/**
 * Combines the records of one paper seen in several files. The first record wins for
 * text; unknown fields are filled from later ones; upvotes keep the highest count seen;
 * links and keywords are united.
 */
export function mergePaper(first: Paper, later: Paper): Paper {
  return {
    ...first,
    arxivId: first.arxivId ?? later.arxivId,
    abstract: first.abstract || later.abstract,
    publishedAt: first.publishedAt ?? later.publishedAt,
    upvotes: first.upvotes === null ? later.upvotes : Math.max(first.upvotes, later.upvotes ?? 0),
    organization: first.organization ?? later.organization,
    authorCount: first.authorCount ?? later.authorCount,
    authors: first.authors ?? later.authors,
    aiSummary: first.aiSummary ?? later.aiSummary,
    githubStars: first.githubStars ?? later.githubStars,
    comments: first.comments ?? later.comments,
    countsAsOf: first.countsAsOf ?? later.countsAsOf,
    thumbnail: first.thumbnail ?? later.thumbnail,
    links: [...first.links, ...later.links.filter((link) => !first.links.some((known) => known.url === link.url))],
    keywords: [...new Set([...first.keywords, ...later.keywords])],
  };
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
