import { beforeAll, describe, expect, it } from 'vitest';
import { Baselines, evaluate, loadQuestionSet, loadSeedLibrary, SEED_NOW, type EvalCase, type Evaluation } from '../../scripts/answer-evaluation.js';
import type { Library } from '../../src/library/library.js';

/**
 * The /ask quality bar on the seed: 63 questions about the 58 seed papers, 29 of them
 * asking for a figure (test/fixtures/questions.json). `npm run eval:answers` prints the same.
 */
describe('the /ask question set on the seed', () => {
  let library: Library;
  let cases: EvalCase[];
  let evaluation: Evaluation;
  beforeAll(async () => {
    library = await loadSeedLibrary();
    cases = await loadQuestionSet('seed');
    evaluation = evaluate(library, cases, SEED_NOW, new Baselines(library));
  });

  it('has at least 40 questions, each naming a seed paper, with figures for the numeric ones', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const item of cases) expect(library.get(item.paper as string), item.question).toBeDefined();
    for (const item of cases.filter((c) => c.figure !== undefined)) expect(library.get(item.paper as string)?.abstract, item.question).toContain(item.figure);
  });

  it('cites the right paper first for every question, and quotes every figure', () => {
    const total = evaluation.tallies.ask.get('total');
    expect(evaluation.misses).toEqual([]);
    expect(total).toMatchObject({ answerable: 63, topPaper: 63, figureQuestions: 29, figureQuoted: 29 });
  });

  it('beats plain MiniSearch on the top paper and a plain sentence index on the figure', () => {
    const [ask, minisearch, sentences] = (['ask', 'minisearch', 'sentences'] as const).map((system) => evaluation.tallies[system].get('total'));
    expect(ask?.topPaper).toBeGreaterThan(minisearch?.topPaper ?? 0);
    expect(ask?.topPaper).toBeGreaterThan(sentences?.topPaper ?? 0);
    expect(ask?.figureQuoted).toBeGreaterThan(minisearch?.figureQuoted ?? 0);
    expect(ask?.figureQuoted).toBeGreaterThan(sentences?.figureQuoted ?? 0);
  });
});
