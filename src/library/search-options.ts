import type { SearchOptions } from 'minisearch';
import type { Paper } from '../digest/paper.js';

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

/** The text of every indexed field of a paper. */
export function indexedText(paper: Paper): string {
  return INDEX_FIELDS.map((field) => fieldText(paper, field)).join(' ');
}

/** The text of one indexed field of a paper. */
export function fieldText(paper: Paper, field: IndexField): string {
  switch (field) {
    case 'organization':
      return paper.organization ? `${paper.organization.id} ${paper.organization.name}` : '';
    case 'keywords':
      return paper.keywords.join(' ');
    default:
      return paper[field];
  }
}

/**
 * Prefix matching from 3 characters for the last word and unknown words ("atten",
 * "qwen" → "qwenlong"), and typo matching only
 * for query terms that are not words of the digest: a word the digest contains is meant as
 * typed ("test" must not also find "text" and "best"), while "retreival" is a typo. One
 * edit is allowed from 4 characters and two from 7 (a swapped pair of letters is two
 * edits); short words like "kv" or "rl" stay exact.
 */
export function typoTolerance(isKnownTerm: (term: string) => boolean): SearchOptions {
  return {
    boost: FIELD_BOOST,
    // Prefixes for the word being typed (the last) and for words the digest lacks ("atten").
    prefix: (term, index, terms) => term.length >= 3 && (index === terms.length - 1 || !isKnownTerm(term)),
    fuzzy: (term) => typoEdits(term, isKnownTerm),
    maxFuzzy: 2,
    // A prefix or fuzzy match is a guess: count it less than the word itself.
    weights: { prefix: 0.3, fuzzy: 0.3 },
  };
}

/** The edits a query term may be matched with (see typoTolerance): none (false) for a digest word or a short one. */
export function typoEdits(term: string, isKnownTerm: (term: string) => boolean): number | false {
  return isKnownTerm(term) ? false : term.length >= 7 ? 2 : term.length >= 4 ? 1 : false;
}
