import type { Paper } from '../digest/paper.js';
import type { SearchHit } from './library-search.js';
import { covers, stemsOf, TermMatcher, type QueryTerm } from './question-terms.js';
import { splitSentences } from './sentences.js';

/** A paper the search ranked for the question, with what it shares with the question. */
export interface PaperCandidate {
  paper: Paper;
  /** The fused ranking's score (reciprocal rank fusion, see answer-question.ts `retrieve`), as a share of the best one (0–1]. */
  searchScore: number;
  /** Weighted share of the question's words its title, abstract, keywords and organization hold (0–1). */
  coverage: number;
  /** The answer's ranking: `searchScore + coverage`. */
  score: number;
  /** The abstract's sentences, read against the question. */
  sentences: SentenceCandidate[];
  /** Every stem of its title, abstract, keywords and organization name, read once here for the later steps. */
  stems: ReadonlySet<string>;
}

export interface SentenceCandidate {
  paper: Paper;
  text: string;
  /** 0-based position in the abstract. */
  position: number;
  /** Weighted share of the question's words the sentence holds. */
  coverage: number;
  /** The same, reading the sentence with its paper's title ("… we introduce a Slow-Fast Memory" under "Context Forcing"). */
  titledCoverage: number;
  /** The sentence's stems (stemsOf), read once for ranking and reused to choose sentences. */
  stems: ReadonlySet<string>;
}

/** What the retrieval says about whether the digest answers the question (see answerability.ts). */
export interface RetrievalEvidence {
  /** Weighted share of the question's words that the top paper holds (0–1). */
  coverage: number;
  /** The weight (IDF) of the most specific question word the top paper lacks; 0 when it lacks none. */
  missingWeight: number;
  /** (s1 − s2) / s1 between the first two papers' ranking scores; 1 when only one paper matched. */
  margin: number;
  /** How much more of the question the top paper's best sentence covers than any other candidate's (−1–1). */
  sentenceLead: number;
}

/**
 * Papers of the fused ranking the answer reranks. 40, not 20: a paper that only the plain
 * ranking puts near the top fuses to about 20th-30th (the train halves: tidy 35 → 37 of 40
 * right first, KnowUnDo-style rare names reach the rerank).
 */
const RERANKED_PAPERS = 40;

/**
 * The first papers of the fused ranking (see answer-question.ts `retrieve`), reranked by
 * their fused score (as a share of the best) plus the weighted share of the question they
 * hold: the rankings see only the question's less common words in a large digest, so a
 * paper holding a rare name the question asks about ("Ptah") can trail papers that repeat
 * its common words. Reading the first papers in full puts it first. On the train halves of
 * issue 19, 1 and 1½ times the coverage put the same 294 of 303 right papers first.
 */
export function rankCandidates(terms: readonly QueryTerm[], hits: readonly SearchHit[]): PaperCandidate[] {
  const best = hits[0]?.score ?? 1;
  const matcher = new TermMatcher(terms);
  const candidates = hits.slice(0, RERANKED_PAPERS).map((hit) => {
    const { paper } = hit;
    const titleStems = stemsOf(paper.title);
    const stems = new Set(titleStems);
    const inTitle = matcher.coveredBy(titleStems);
    const inAbstract: Set<number>[] = [];
    const sentences = splitSentences(paper.abstract).map((text, position) => {
      const sentenceStems = stemsOf(text);
      for (const stem of sentenceStems) stems.add(stem);
      const inSentence = matcher.coveredBy(sentenceStems);
      inAbstract.push(inSentence);
      return { paper, text, position, coverage: matcher.share(inSentence), titledCoverage: matcher.share(inSentence, inTitle), stems: sentenceStems };
    });
    const otherStems = stemsOf(`${paper.keywords.join(' ')} ${paper.organization?.name ?? ''}`);
    for (const stem of otherStems) stems.add(stem);
    const inOthers = matcher.coveredBy(otherStems);
    const share = matcher.share(inTitle, inOthers, ...inAbstract);
    return { paper, searchScore: hit.score / best, coverage: share, score: hit.score / best + share, sentences, stems };
  });
  return candidates.sort((a, b) => b.score - a.score);
}

/** The evidence of the ranking: the top paper against the question and against the next papers. */
export function retrievalEvidence(terms: readonly QueryTerm[], candidates: readonly PaperCandidate[]): RetrievalEvidence {
  const [top, second] = candidates;
  if (!top) return { coverage: 0, missingWeight: Number.POSITIVE_INFINITY, margin: 0, sentenceLead: -1 };
  const missing = terms.filter((term) => !covers(term, top.stems));
  const bestSentence = (candidate: PaperCandidate) => Math.max(0, ...candidate.sentences.map((sentence) => sentence.titledCoverage));
  const othersBest = Math.max(0, ...candidates.slice(1).map(bestSentence));
  return {
    coverage: top.coverage,
    missingWeight: Math.max(0, ...missing.map((term) => term.weight)),
    margin: second ? (top.score - second.score) / top.score : 1,
    sentenceLead: bestSentence(top) - othersBest,
  };
}
