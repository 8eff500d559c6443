import { beforeAll, describe, expect, it } from 'vitest';
import {
  Baselines,
  evaluate,
  loadQuestionSet,
  loadRealLibrary,
  loadSeedLibrary,
  REAL_NOW,
  SEED_NOW,
  type EvalCase,
  type Evaluation,
  type Tally,
} from '../../scripts/answer-evaluation.js';
import type { Library } from '../../src/library/library.js';
import { hasRealDigest, skipReasonUnlessRealDigest } from '../support/real-digest.js';

skipReasonUnlessRealDigest();

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

/** The three measures of the real question sets, as shares. */
const measures = {
  'right paper first': (tally: Tally) => tally.topPaper / tally.answerable,
  'figure quoted': (tally: Tally) => tally.figureQuoted / tally.figureQuestions,
  'absent refused': (tally: Tally) => tally.absentRefused / tally.absent,
};

/**
 * The levels /ask reached when the held-out half was first run, after the last ranking and
 * answering change (train: the same run). Nothing was tuned on the held-out half. One fix
 * came after that first run: a pattern had a backspace where it meant a word boundary (`\b`);
 * both halves measured the same before and after it. Re-measured unchanged on commit 19f2cb4
 * (`npm run eval:answers -- --set all`). The bar is each half's own level: the train half
 * quotes 41 of its 42 figures where the held-out half quotes all 42, so one shared bar would
 * either fail train or sit below held-out.
 */
const LEVELS = {
  train: { topPaper: 127, answerable: 133, figureQuoted: 41, figureQuestions: 42, absentRefused: 10, absent: 10 },
  heldout: { topPaper: 124, answerable: 132, figureQuoted: 42, figureQuestions: 42, absentRefused: 10, absent: 10 },
} as const;

/**
 * The baselines on the same questions and digest, from `npm run eval:answers -- --set all`
 * (which computes them side by side with /ask in every run; last on commit 19f2cb4). They
 * are MiniSearch with its default options over the papers and over their sentences, so they
 * depend on the data, the digest readers, the sentence splitter and the minisearch version;
 * they never refuse. The suite compares with these recorded levels instead of spending three
 * minutes recomputing them.
 */
const BASELINES = {
  train: { minisearch: { topPaper: 121, figureQuoted: 24, absentRefused: 0 }, sentences: { topPaper: 98, figureQuoted: 21, absentRefused: 0 } },
  heldout: { minisearch: { topPaper: 113, figureQuoted: 24, absentRefused: 0 }, sentences: { topPaper: 92, figureQuoted: 24, absentRefused: 0 } },
} as const;

/**
 * The real question sets on the real digest (the seed plus 12,675 Hugging Face papers):
 * 143 train and 142 held-out questions written from random real abstracts by someone who
 * never saw the code. `npm run eval:answers -- --set all` prints the same, per kind.
 */
describe.skipIf(!hasRealDigest)('the real question sets', () => {
  const evaluations = new Map<keyof typeof LEVELS, Evaluation>();
  beforeAll(async () => {
    const library = await loadRealLibrary();
    for (const set of ['train', 'heldout'] as const) evaluations.set(set, evaluate(library, await loadQuestionSet(set), REAL_NOW, null));
  }, 900_000);

  it.each(['train', 'heldout'] as const)('%s: right paper first, figure quoted and absent refused at the levels reached', (set) => {
    const total = evaluations.get(set)?.tallies.ask.get('total') as Tally;
    const level = LEVELS[set];
    expect(total).toMatchObject({ answerable: level.answerable, figureQuestions: level.figureQuestions, absent: level.absent });
    expect(total.topPaper).toBeGreaterThanOrEqual(level.topPaper);
    expect(total.figureQuoted).toBeGreaterThanOrEqual(level.figureQuoted);
    expect(total.absentRefused).toBeGreaterThanOrEqual(level.absentRefused);
  });

  it.each(['train', 'heldout'] as const)('%s: /ask beats plain MiniSearch and a plain sentence index on every measure', (set) => {
    const ask = (evaluations.get(set) as Evaluation).tallies.ask.get('total') as Tally;
    for (const system of ['minisearch', 'sentences'] as const) {
      const baseline = { ...ask, ...BASELINES[set][system] };
      for (const [name, share] of Object.entries(measures)) expect(share(ask), `${name} vs ${system}`).toBeGreaterThan(share(baseline));
    }
  });
});
