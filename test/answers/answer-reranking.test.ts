import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, retrieve } from '../../src/library/answer-question.js';
import type { Library } from '../../src/library/library.js';
import { SEED_NOW, seedLibrary } from '../support/seed-library.js';

let library: Library;
beforeAll(async () => {
  library = await seedLibrary();
});

/** The reranked candidates' keys, and the fused score of each (its share of the best). */
function ranking(question: string, count: number) {
  const { candidates } = retrieve(library, question, SEED_NOW);
  return {
    keys: candidates.slice(0, count).map((candidate) => candidate.paper.key),
    fused: new Map(candidates.map((candidate) => [candidate.paper.key, candidate.searchScore])),
  };
}

/**
 * rankCandidates (src/library/answer-evidence.ts) ranks by the fused score plus the weighted
 * share of the question a paper holds (its coverage). On the seed, each question here has a
 * rare word that one paper holds in its abstract (IDF weight 3.67, the seed's highest), beside
 * common words ("long", "context", "language", "model": 0.03–0.2) that other papers carry in
 * their titles, where the fused rankings weigh them most. By the fused score alone those
 * titles lead; only the coverage term puts the paper with the rare word where it belongs.
 */
describe('the /ask rerank on the seed digest: fused score plus coverage', () => {
  it('"ZeroSCROLLS": the test-time training paper, the one naming it, before the titles about evaluating long context', () => {
    const question = 'Which paper evaluates long-context language models on ZeroSCROLLS?';
    const { keys, fused } = ranking(question, 3);
    // 2512.13898 ("Let's (not) just put things in Context") reports its gains on LongBench-v2 and
    // ZeroSCROLLS: it holds 0.80 of the question. L-Eval ("Standardized Evaluation for Long Context
    // Language Models") and the long-context survey ("A Comprehensive Survey on Long Context
    // Language Modeling") hold only the common words and "evaluate" (0.23) but lead the fused
    // rankings with them in their titles.
    expect(keys).toEqual(['2512.13898', '2307.11088', '2503.17407']);
    expect(fused.get('2512.13898')).toBeLessThan(fused.get('2307.11088') as number);
    expect(fused.get('2512.13898')).toBeLessThan(fused.get('2503.17407') as number);
    const answer = answerQuestion(library, question, SEED_NOW);
    expect(answer.status).toBe('answered');
    expect(answer.sources[0]?.key).toBe('2512.13898');
    expect(answer.parts[0]?.text).toContain('ZeroScrolls');
  });

  it('"GSM8K": the hybrid-upcycling paper before the papers titled "long-context language model"', () => {
    // HyLo (2604.24715) reports GSM8K; it holds 0.95 of the question. The long-context survey
    // is titled with every common word and leads the fused rankings, holding 0.08 of the
    // question; the papers after HyLo hold as little, and their order is the fused one.
    const { keys, fused } = ranking('Which long context language model paper uses GSM8K?', 3);
    expect(keys).toEqual(['2604.24715', '2503.17407', '2409.04774']);
    expect(fused.get('2604.24715')).toBeLessThan(fused.get('2503.17407') as number);
    expect(fused.get('2503.17407')).toBeGreaterThan(fused.get('2409.04774') as number);
  });

  it('"EgoSchema": after InternVideo3, a paper holding more of the rest of the question passes one the fused rankings put ahead', () => {
    // InternVideo3 (2606.12195) names EgoSchema and leads either way. Then the visual context
    // window paper (2409.20018), titled "… Long Video Understanding" (0.37 of the question), which
    // the fused rankings put second. Third: DenseStep2M (2604.26565), which holds "long", "video",
    // "understanding" and "evaluate" (0.48), before the hour-scale video paper (2506.05332: all
    // but "evaluate" and "EgoSchema", 0.37), which the fused rankings put ahead of it.
    const { keys, fused } = ranking('Which long video understanding paper evaluates on EgoSchema?', 4);
    expect(keys).toEqual(['2606.12195', '2409.20018', '2604.26565', '2506.05332']);
    expect(fused.get('2604.26565')).toBeLessThan(fused.get('2506.05332') as number);
  });
});
