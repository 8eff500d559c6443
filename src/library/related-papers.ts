import type { Paper } from '../digest/paper.js';
import type { PaperCandidate } from './answer-evidence.js';
import { covers, type QueryTerm } from './question-terms.js';

/** A word in at most this share of papers (or 3 papers) is specific: "maybe related" papers must hold all of them. */
const SPECIFIC_SHARE = 0.01;
const SPECIFIC_MIN_PAPERS = 3;
const MAX_RELATED = 3;

/** The question's specific words: those at most 1% of the digest's papers (or 3) contain, or none do. */
function specificTerms(terms: readonly QueryTerm[], size: number): QueryTerm[] {
  return terms.filter((term) => term.documents <= Math.max(SPECIFIC_MIN_PAPERS, size * SPECIFIC_SHARE));
}

/**
 * "Maybe related" papers for a question the digest does not answer: candidates that hold
 * every specific word of the question. A question without such words, or with one no paper
 * holds ("truffles"), gets none: a paper that shares only common words is nearby, not related
 * (a latent-diffusion paper is no lead for a question on speech phone boundaries).
 */
export function relatedPapers(terms: readonly QueryTerm[], candidates: readonly PaperCandidate[], size: number): Paper[] {
  const specific = specificTerms(terms, size);
  if (specific.length === 0) return [];
  return candidates
    .filter((candidate) => specific.every((term) => covers(term, candidate.stems)))
    .slice(0, MAX_RELATED)
    .map((candidate) => candidate.paper);
}
