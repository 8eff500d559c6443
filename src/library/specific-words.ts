import type { PaperCandidate } from './answer-evidence.js';
import { TermMatcher, type QueryTerm } from './question-terms.js';

/** A word in at most this share of papers (or 3 papers) is specific: it names the topic rather than the field. */
const SPECIFIC_SHARE = 0.01;
const SPECIFIC_MIN_PAPERS = 3;

/**
 * A top paper holding this weighted share of the question is close enough to show, whatever
 * its specific words: a frame word the parser kept ("put out"), or a typo the stemmer cut too
 * short to match ("agregation" → agreg), is no reason for a flat refusal. On the train halves
 * no answerable question is refused flatly from 0.4 up to 0.5 (`npm run eval:answers`).
 */
export const FLAT_COVERAGE = 0.4;

/** The question's specific words: those at most 1% of the digest's papers (or 3) contain, or none do. */
export function specificTerms(terms: readonly QueryTerm[], size: number): QueryTerm[] {
  return terms.filter((term) => term.documents <= Math.max(SPECIFIC_MIN_PAPERS, size * SPECIFIC_SHARE));
}

/**
 * Whether the closest papers are worth showing as "not sure, these look closest": the top one
 * holds FLAT_COVERAGE of the question, or one of them holds a specific word of it (a typo of
 * one counts, see `TermMatcher`). A question with no specific word at all ("papers about training
 * models") is only common words, which every candidate shares: its candidates are shown too.
 * Only a question whose specific words are in none of them ("tokamak plasma disruptions"),
 * and of which the top paper holds little, gets the flat "nothing in the digest covers this".
 */
export function holdsSpecificWords(terms: readonly QueryTerm[], candidates: readonly PaperCandidate[], size: number): boolean {
  if (candidates.length === 0) return false;
  if ((candidates[0]?.coverage ?? 0) >= FLAT_COVERAGE) return true;
  const specific = specificTerms(terms, size);
  if (specific.length === 0) return true;
  // One matcher for all candidates: it remembers each stem's verdict.
  const matcher = new TermMatcher(specific);
  return candidates.some((candidate) => matcher.coveredBy(candidate.stems).size > 0);
}
