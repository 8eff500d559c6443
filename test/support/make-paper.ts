import type { Paper } from '../../src/digest/paper.js';

/** A small valid paper for store and announcer tests. */
export function makePaper(key: string, publishedAt: string | null, title = `Paper ${key}`): Paper {
  return {
    key,
    arxivId: /^\d{4}\.\d{5}$/.test(key) ? key : null,
    title,
    abstract: `About ${title}.`,
    publishedAt,
    listedOn: null,
    upvotes: 1,
    organization: null,
    authorCount: 2,
    links: [],
    keywords: [],
    authors: null,
    aiSummary: null,
    githubStars: null,
    comments: null,
    countsAsOf: null,
    thumbnail: null,
    source: { file: 'new.json', line: null },
  };
}
