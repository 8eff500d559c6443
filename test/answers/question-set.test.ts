import { beforeAll, describe, expect, it } from 'vitest';
import { loadQuestions, scoreAnswers, scoreBaselines, type QuestionCase } from '../../scripts/evaluate-answers.js';
import type { Library } from '../../src/library/library.js';
import { SEED_NOW, seedLibrary } from '../support/seed-library.js';

/**
 * The /ask quality bar, on the question set in test/fixtures/questions.json (63 questions
 * about the seed, 29 of them asking for a figure). `npm run eval:answers` prints the same.
 */
describe('the /ask question set', () => {
  let library: Library;
  let cases: QuestionCase[];
  beforeAll(async () => {
    library = await seedLibrary();
    cases = loadQuestions();
  });

  it('has at least 40 questions, each naming a seed paper, with figures for the numeric ones', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const item of cases) expect(library.get(item.paper), item.question).toBeDefined();
    for (const item of cases.filter((c) => c.figure !== undefined)) expect(library.get(item.paper)?.abstract, item.question).toContain(item.figure);
  });

  it('cites the right paper first for at least 95% of the questions, and quotes every figure', () => {
    const scores = scoreAnswers(library, cases, SEED_NOW);
    expect(scores.failures).toEqual([]);
    expect(scores.topPaper / scores.questions).toBeGreaterThanOrEqual(0.95);
    expect(scores.figureQuoted).toBe(scores.figureQuestions);
  });

  it('beats plain MiniSearch on the top paper and a plain sentence index on the figure', () => {
    const ours = scoreAnswers(library, cases, SEED_NOW);
    const baseline = scoreBaselines(library, cases);
    expect(ours.topPaper).toBeGreaterThan(baseline.topPaper);
    expect(ours.figureQuoted).toBeGreaterThan(baseline.figureQuoted);
  });
});
