import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PaperCandidate, RetrievalEvidence } from '../../src/library/answer-evidence.js';
import { answerConfidence, isAnswerable, MIN_CONFIDENCE, RARE_WORD_WEIGHT } from '../../src/library/answerability.js';
import { inverseDocumentFrequency, queryTermsOf, stemsOf } from '../../src/library/question-terms.js';
import { FLAT_COVERAGE, holdsSpecificWords } from '../../src/library/specific-words.js';
import { makePaper } from '../support/make-paper.js';

/** A word no paper of 12,715 holds, and one three papers hold: both count as rare. */
const UNKNOWN = inverseDocumentFrequency(0, 12_715);
const THREE_PAPERS = inverseDocumentFrequency(3, 12_715);

describe('the answerability decision', () => {
  it('decides from the retrieval evidence (cases from the train half of the real questions)', () => {
    const cases: [string, RetrievalEvidence, boolean][] = [
      // The top paper holds every word and leads the next one in score and in its best sentence.
      ['a named benchmark ("How many items are in ImplicitMemBench?")', { coverage: 1, missingWeight: 0, margin: 0.79, sentenceLead: 0.66 }, true],
      // Holds most of a long paraphrase, lacks a middling word, leads clearly.
      ['a month question with a loose paraphrase', { coverage: 0.6, missingWeight: 5.63, margin: 0.49, sentenceLead: 0.24 }, true],
      // Lacks a word no paper holds (a colloquial "thrown away"), yet holds the rest and leads.
      ['a paraphrase with one unknown word', { coverage: 0.9, missingWeight: UNKNOWN, margin: 0.5, sentenceLead: 0.3 }, true],
      // "self-supervised anomaly detection for carpet manufacturing defects": holds the common words, not "carpet".
      ['an absent topic sharing common words', { coverage: 0.65, missingWeight: UNKNOWN, margin: 0.37, sentenceLead: 0.09 }, false],
      // "a paper on transformer models for predicting tides in the Baltic Sea": lacks "Baltic".
      ['an absent topic lacking a word three papers hold', { coverage: 0.47, missingWeight: THREE_PAPERS, margin: 0.27, sentenceLead: 0.12 }, false],
      // Half the words, no lead: the top paper is near the question, not about it.
      ['a question half covered with no lead', { coverage: 0.52, missingWeight: 6.07, margin: 0.15, sentenceLead: -0.02 }, false],
      // After an organization filter, the best paper covers a third of a loosely worded question.
      ['a filtered paper covering little', { coverage: 0.38, missingWeight: 4.87, margin: 0.44, sentenceLead: 0.04 }, false],
      ['nothing retrieved', { coverage: 0, missingWeight: Number.POSITIVE_INFINITY, margin: 0, sentenceLead: -1 }, false],
    ];
    for (const [name, evidence, answerable] of cases)
      expect(isAnswerable(evidence), `${name}: confidence ${answerConfidence(evidence).toFixed(2)}`).toBe(answerable);
  });

  it('is more confident with more coverage, margin and sentence lead, and less when a rare word is missing (property)', () => {
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    const evidence = fc.record({
      coverage: share,
      missingWeight: fc.double({ min: 0, max: 12, noNaN: true }),
      margin: share,
      sentenceLead: fc.double({ min: -1, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(evidence, share, (base, more) => {
        const confidence = answerConfidence(base);
        for (const field of ['coverage', 'margin', 'sentenceLead'] as const)
          expect(answerConfidence({ ...base, [field]: base[field] + more })).toBeGreaterThanOrEqual(confidence);
        expect(answerConfidence({ ...base, missingWeight: RARE_WORD_WEIGHT })).toBeLessThanOrEqual(answerConfidence({ ...base, missingWeight: 0 }));
        expect(isAnswerable(base)).toBe(confidence >= MIN_CONFIDENCE);
      }),
    );
  });
});

describe('unsure or nothing: whether the closest papers are worth showing', () => {
  const SIZE = 12_715;
  /** Document counts: "phone" and "boundaries" are specific (under 1% of papers), the others common. */
  const documents: Record<string, number> = { speech: 400, phone: 30, boundari: 90, diffus: 1970, model: 11557, latent: 600 };
  const terms = (query: string) => queryTermsOf(query, (stem) => documents[stem] ?? 0, SIZE);
  const candidate = (key: string, title: string, abstract: string, coverage: number): PaperCandidate => ({
    paper: { ...makePaper(key, '2025-01-01', title), abstract },
    searchScore: 1,
    coverage,
    score: 1 + coverage,
    sentences: [],
    stems: stemsOf(`${title} ${abstract}`),
  });
  // Each holds a small share of the question: below FLAT_COVERAGE, only the specific words decide.
  const diffusion = candidate('2501.00001', 'Latent Diffusion Models', 'A latent diffusion model for speech synthesis.', 0.2);
  const phones = candidate('2501.00002', 'Phone Boundaries in Speech', 'We detect phone boundaries in speech with a small model.', 0.2);

  it('shows them when one holds a specific word of the question, or a typo of one', () => {
    expect(holdsSpecificWords(terms('speech model phone boundaries'), [diffusion, phones], SIZE)).toBe(true);
    // "boundaires" is in no paper (0 documents): read as a typo of "boundaries".
    expect(holdsSpecificWords(terms('speech boundaires'), [phones], SIZE)).toBe(true);
  });

  it('says nothing covers it when no candidate holds any specific word ("truffles"), or there is no candidate', () => {
    expect(holdsSpecificWords(terms('speech model phone boundaries'), [diffusion], SIZE)).toBe(false);
    expect(holdsSpecificWords(terms('speech truffles'), [diffusion, phones], SIZE)).toBe(false);
    expect(holdsSpecificWords(terms('speech model phone boundaries'), [], SIZE)).toBe(false);
  });

  it('shows them for a question of common words only, and whenever the top paper holds FLAT_COVERAGE of the question', () => {
    expect(holdsSpecificWords(terms('speech diffusion model'), [diffusion, phones], SIZE)).toBe(true);
    const close = candidate('2501.00003', 'Latent Diffusion Models', 'A latent diffusion model.', FLAT_COVERAGE);
    expect(holdsSpecificWords(terms('speech truffles'), [close], SIZE)).toBe(true);
    expect(holdsSpecificWords(terms('speech truffles'), [{ ...close, coverage: FLAT_COVERAGE - 0.01 }], SIZE)).toBe(false);
  });
});
