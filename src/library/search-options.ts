import type { SearchOptions } from 'minisearch';

/** Fields of the paper index, and how much a match in each counts. */
export const INDEX_FIELDS = ['title', 'abstract', 'organization', 'keywords'] as const;
export type IndexField = (typeof INDEX_FIELDS)[number];

export const FIELD_BOOST: Record<IndexField, number> = {
  // A title names what the paper is about; the abstract mentions many things in passing.
  title: 3,
  keywords: 2,
  organization: 2,
  abstract: 1,
};

/**
 * Prefix matching from 3 characters; one typo allowed from 4 characters and two from 7
 * (a swapped pair of letters is two edits), so "sparse atten" and "retreival" both find
 * what people mean, while short words like "kv" or "rl" stay exact.
 */
export const TYPO_TOLERANT: SearchOptions = {
  boost: FIELD_BOOST,
  prefix: (term) => term.length >= 3,
  fuzzy: (term) => (term.length >= 7 ? 2 : term.length >= 4 ? 1 : false),
  maxFuzzy: 2,
  // A prefix or fuzzy match is a guess: count it less than the word itself.
  weights: { prefix: 0.4, fuzzy: 0.3 },
};
