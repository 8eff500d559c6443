import { beforeAll, describe, expect, it } from 'vitest';
import {
  Baselines,
  evaluate,
  loadQuestionSet,
  loadRealLibrary,
  loadSeedLibrary,
  QUESTION_SETS,
  REAL_NOW,
  SEED_NOW,
  type EvalCase,
  type Evaluation,
  type QuestionSet,
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

/**
 * The levels /ask reached on every real set in one run of `npm run eval:answers -- --set all`
 * (issue 19, on the code of this commit; the same run computed MiniSearch's), after the last
 * ranking and answering change: the papers the two index rankings find, ranked again by the
 * question's words as typed (src/library/rank-as-typed.ts) and fused with them. Nothing was
 * tuned on a held-out half (`*-heldout`, frozen in test/fixtures/eval/ before any change;
 * `heldout` is the issue-9 set's). A level is what that half reached, never lowered to pass.
 * Two levels went down with that change, which put 11 more right papers first on the train
 * halves and 4 more on the held-out ones: absent-train from 25 to 24 of 28 refused or hedged
 * (a question on electricity demand forecasting is now answered with a time-series model
 * paper naming electricity data), and tidy2-heldout from 39 to 38 right papers first. `topPaper` counts the first paper shown, answered or offered as closest;
 * `confidentRight` only confident answers with the right paper first. `minisearchTopPaper` is
 * plain MiniSearch (defaults, title + abstract) on the same questions. Held-out, /ask is behind
 * plain MiniSearch on four sets (tidy 37 vs 38, casual 45 vs 47, orgmonth2 29 vs 30, casual3
 * 29 vs 30) and ahead overall (509 vs 483 of 532, with tidy4 and casual4): see docs/evaluation.md.
 */
const LEVELS: Record<Exclude<QuestionSet, 'seed'>, Partial<Record<keyof Tally | 'minisearchTopPaper' | 'absentRefusedOrHedged', number>>> = {
  train: {
    answerable: 133,
    topPaper: 133,
    minisearchTopPaper: 121,
    shownPaper: 133,
    confidentRight: 129,
    refusedAnswerable: 0,
    figureQuestions: 42,
    figureQuoted: 42,
    absent: 10,
    absentRefusedOrHedged: 10,
  },
  heldout: {
    answerable: 132,
    topPaper: 132,
    minisearchTopPaper: 113,
    shownPaper: 132,
    confidentRight: 124,
    refusedAnswerable: 0,
    figureQuestions: 42,
    figureQuoted: 42,
    absent: 10,
    absentRefusedOrHedged: 10,
  },
  'tidy-train': { answerable: 40, topPaper: 37, minisearchTopPaper: 34, shownPaper: 38, confidentRight: 34, refusedAnswerable: 0 },
  'tidy-heldout': { answerable: 40, topPaper: 37, minisearchTopPaper: 38, shownPaper: 40, confidentRight: 28, refusedAnswerable: 0 },
  'casual-train': { answerable: 50, topPaper: 50, minisearchTopPaper: 43, shownPaper: 50, confidentRight: 33, refusedAnswerable: 0 },
  'casual-heldout': { answerable: 50, topPaper: 45, minisearchTopPaper: 47, shownPaper: 47, confidentRight: 29, refusedAnswerable: 0 },
  'figures-train': {
    answerable: 40,
    topPaper: 40,
    minisearchTopPaper: 40,
    shownPaper: 40,
    confidentRight: 40,
    refusedAnswerable: 0,
    figureQuestions: 40,
    figureQuoted: 37,
  },
  'figures-heldout': {
    answerable: 40,
    topPaper: 39,
    minisearchTopPaper: 37,
    shownPaper: 40,
    confidentRight: 38,
    refusedAnswerable: 0,
    figureQuestions: 40,
    figureQuoted: 39,
  },
  'orgmonth-train': { answerable: 40, topPaper: 40, minisearchTopPaper: 37, shownPaper: 40, confidentRight: 38, refusedAnswerable: 0 },
  'orgmonth-heldout': { answerable: 40, topPaper: 37, minisearchTopPaper: 36, shownPaper: 37, confidentRight: 33, refusedAnswerable: 0 },
  'absent-train': { absent: 28, absentRefusedOrHedged: 24 },
  'absent-heldout': { absent: 32, absentRefusedOrHedged: 32 },
  'tidy2-train': { answerable: 40, topPaper: 37, minisearchTopPaper: 33, shownPaper: 39, confidentRight: 32, refusedAnswerable: 0 },
  'tidy2-heldout': { answerable: 40, topPaper: 38, minisearchTopPaper: 37, shownPaper: 40, confidentRight: 30, refusedAnswerable: 0 },
  'casual2-train': { answerable: 40, topPaper: 40, minisearchTopPaper: 39, shownPaper: 40, confidentRight: 24, refusedAnswerable: 0 },
  'casual2-heldout': { answerable: 40, topPaper: 40, minisearchTopPaper: 37, shownPaper: 40, confidentRight: 25, refusedAnswerable: 0 },
  'orgmonth2-train': { answerable: 30, topPaper: 30, minisearchTopPaper: 30, shownPaper: 30, confidentRight: 22, refusedAnswerable: 0 },
  'orgmonth2-heldout': { answerable: 30, topPaper: 29, minisearchTopPaper: 30, shownPaper: 29, confidentRight: 26, refusedAnswerable: 0 },
  // A third writer per style, added 2026-12-05; measured on the same code, nothing tuned on them.
  'tidy3-train': { answerable: 30, topPaper: 27, minisearchTopPaper: 27, shownPaper: 30, confidentRight: 18, refusedAnswerable: 0 },
  'tidy3-heldout': { answerable: 30, topPaper: 29, minisearchTopPaper: 27, shownPaper: 30, confidentRight: 24, refusedAnswerable: 0 },
  'casual3-train': { answerable: 30, topPaper: 30, minisearchTopPaper: 28, shownPaper: 30, confidentRight: 17, refusedAnswerable: 0 },
  'casual3-heldout': { answerable: 30, topPaper: 29, minisearchTopPaper: 30, shownPaper: 29, confidentRight: 12, refusedAnswerable: 0 },
  // A fourth writer per style, added 2026-12-06 after the as-typed ranking was chosen, nothing
  // tuned on them; measured one set at a time (`--set tidy4-train` …) on the code of this commit.
  'tidy4-train': { answerable: 30, topPaper: 26, minisearchTopPaper: 22, shownPaper: 26, confidentRight: 9, refusedAnswerable: 0 },
  'tidy4-heldout': { answerable: 30, topPaper: 27, minisearchTopPaper: 26, shownPaper: 28, confidentRight: 7, refusedAnswerable: 0 },
  'casual4-train': { answerable: 30, topPaper: 30, minisearchTopPaper: 30, shownPaper: 30, confidentRight: 16, refusedAnswerable: 0 },
  'casual4-heldout': { answerable: 30, topPaper: 27, minisearchTopPaper: 25, shownPaper: 27, confidentRight: 11, refusedAnswerable: 0 },
};

/**
 * The real question sets on the real digest (the seed plus 12,675 Hugging Face papers): the
 * issue-9 set (one writer) and the twelve issue-19 sets (twelve writers who saw neither the code
 * nor each other's sets), each in a train and a held-out half. `npm run eval:answers -- --set all`
 * prints the same, per set, style and kind.
 */
describe.skipIf(!hasRealDigest)('the real question sets', () => {
  const sets = QUESTION_SETS.filter((set): set is Exclude<QuestionSet, 'seed'> => set !== 'seed');
  const totals = new Map<string, Tally>();
  beforeAll(async () => {
    const library = await loadRealLibrary();
    for (const set of sets) totals.set(set, evaluate(library, await loadQuestionSet(set), REAL_NOW, null).tallies.ask.get('total') as Tally);
  }, 900_000);

  it.each(sets)('%s: every measure at the level it reached', (set) => {
    const total = totals.get(set) as Tally;
    const level = LEVELS[set];
    expect(total.answerable).toBe(level.answerable ?? 0);
    expect(total.absent).toBe(level.absent ?? 0);
    expect(total.figureQuestions).toBe(level.figureQuestions ?? 0);
    expect(total.topPaper).toBeGreaterThanOrEqual(level.topPaper ?? 0);
    expect(total.shownPaper).toBeGreaterThanOrEqual(level.shownPaper ?? 0);
    expect(total.confidentRight).toBeGreaterThanOrEqual(level.confidentRight ?? 0);
    expect(total.figureQuoted).toBeGreaterThanOrEqual(level.figureQuoted ?? 0);
    expect(total.refusedAnswerable).toBeLessThanOrEqual(level.refusedAnswerable ?? 0);
    expect(total.absentRefused + total.absentHedged).toBeGreaterThanOrEqual(level.absentRefusedOrHedged ?? 0);
  });

  it('over all held-out halves: the right paper first at least 92% of the time, and more often than plain MiniSearch', () => {
    const heldout = sets.filter((set) => set.endsWith('heldout'));
    const sum = (pick: (tally: Tally) => number) => heldout.reduce((total, set) => total + pick(totals.get(set) as Tally), 0);
    const answerable = sum((tally) => tally.answerable);
    const right = sum((tally) => tally.topPaper);
    const minisearch = heldout.reduce((total, set) => total + (LEVELS[set].minisearchTopPaper ?? 0), 0);
    expect(answerable).toBe(532);
    expect(right / answerable).toBeGreaterThanOrEqual(0.92);
    expect(right).toBeGreaterThan(minisearch);
    // Flat refusals of answerable questions: at most 2%.
    expect(sum((tally) => tally.refusedAnswerable) / answerable).toBeLessThanOrEqual(0.02);
  });
});
