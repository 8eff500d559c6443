import type { SentenceCandidate } from './answer-evidence.js';
import { bestFigure, type Figure } from './figures.js';
import type { Question } from './question.js';
import { stemsOf, TermMatcher, type QueryTerm } from './question-terms.js';

/** A sentence chosen for the answer, and the figure it answers with (when one was asked). */
export interface ChosenSentence {
  sentence: SentenceCandidate;
  figure: Figure | null;
}

/** How much a fitting figure counts against the words a sentence shares with the question. */
const FIGURE_WEIGHT = 1;

/**
 * The sentences of one paper that answer a question, best first: the one covering most of
 * the question (read with the paper's title); for a figure question, the one whose figure
 * best fits the asked unit, weighed with that coverage. A second sentence follows when it
 * covers words the first missed, or, for a figure question, when it states another figure
 * of the asked kind.
 */
export function chooseSentences(question: Question, terms: readonly QueryTerm[], sentences: readonly SentenceCandidate[]): ChosenSentence[] {
  const ask =
    question.figureKind === null
      ? null
      : { kind: question.figureKind, countedUnit: question.countedUnit, questionText: question.text, questionStems: stemsOf(question.text) };
  const scored = sentences.map((sentence) => {
    const answer = ask === null ? null : bestFigure(sentence.text, ask);
    const fit = answer?.fit ?? 0;
    // Earlier sentences state what a paper is; a small tie-breaker, not a preference over content.
    const score = sentence.titledCoverage + sentence.coverage * 0.5 + FIGURE_WEIGHT * fit - sentence.position * 0.001;
    return { sentence, figure: answer?.figure ?? null, fit, score };
  });
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return [];
  const chosen: ChosenSentence[] = [{ sentence: best.sentence, figure: best.figure }];
  const rest = scored.slice(1);
  const matcher = new TermMatcher(terms);
  const second =
    (question.figureKind !== null ? rest.find((candidate) => candidate.fit >= 0.5 && candidate.fit >= best.fit - 0.1) : undefined) ??
    rest.find((candidate) => matcher.coverage(best.sentence.stems, candidate.sentence.stems) > best.sentence.coverage + 0.15);
  if (second) chosen.push({ sentence: second.sentence, figure: second.figure });
  return chosen;
}
