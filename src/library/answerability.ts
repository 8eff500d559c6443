import type { RetrievalEvidence } from './answer-evidence.js';

/**
 * A question word this specific (IDF ≥ 7: in about ten of 12,700 papers or fewer, or in
 * none) is usually the topic itself ("truffles", "glacier", "sourdough"): a top paper
 * without it probably answers a different question.
 */
export const RARE_WORD_WEIGHT = 7;
/**
 * What lacking such a word costs, and what the leads add. Chosen on the train half by a grid
 * over 0–1 for each: these separate the absent topics and the questions whose paper was
 * removed from the right answers best, and neighbouring values do nearly as well.
 */
const RARE_WORD_PENALTY = 0.3;
const MARGIN_WEIGHT = 0.25;
const SENTENCE_LEAD_WEIGHT = 0.5;
/**
 * The confidence below which the bot is not sure (it then shows the closest papers, or says
 * nothing covers the question: see specific-words.ts). First calibrated on the train half
 * of the issue-9 question set (143 questions on 12,715 papers) and on the same questions
 * with their paper removed from the digest (`npm run eval:answers -- --calibrate`).
 * Re-measured with the fused ranking (issue 19) on that train half: 0.6 keeps 127 of 130
 * right top papers confident and refuses 106 of the 133 questions whose paper was removed
 * (0.7: 124 and 112); on the absent-topic train half 25 of 28 fall below it (0.7: 26).
 */
export const MIN_CONFIDENCE = 0.6;

/**
 * How strongly the retrieval says the top paper answers the question: the weighted share of
 * the question it holds, raised by its lead over the next paper (in ranking score and in
 * its best sentence: when the sentence ranking agrees with the paper ranking, the paper is
 * about the question rather than near it), lowered when it lacks a rare word of the question.
 */
export function answerConfidence(evidence: RetrievalEvidence): number {
  return (
    evidence.coverage +
    MARGIN_WEIGHT * evidence.margin +
    SENTENCE_LEAD_WEIGHT * evidence.sentenceLead -
    (evidence.missingWeight >= RARE_WORD_WEIGHT ? RARE_WORD_PENALTY : 0)
  );
}

/** Whether the retrieval evidence says the top paper answers the question. */
export function isAnswerable(evidence: RetrievalEvidence): boolean {
  return answerConfidence(evidence) >= MIN_CONFIDENCE;
}
