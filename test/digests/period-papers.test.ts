import { beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/library/library.js';
import { periodPapers, type PeriodScope } from '../../src/library/period-papers.js';
import { seedLibrary } from '../support/seed-library.js';

const FEBRUARY_2025 = { from: '2025-02-01', to: '2025-02-28' };

describe('periodPapers on the seed', () => {
  let library: Library;
  beforeAll(async () => {
    library = await seedLibrary();
  });
  const keys = (scope: Omit<PeriodScope, 'from' | 'to'>, days = FEBRUARY_2025) => periodPapers(library, { ...days, ...scope }).map((paper) => paper.key);

  it('ranks the papers of a period by upvotes, ties by newest', () => {
    // 6 upvotes first; then three with 2 (Feb 21, Feb 19, Feb 6: newest first); Long-VITA has none.
    expect(keys({ topicId: null, keywords: null })).toEqual(['2502.17129', '2502.15920', '2502.13922', '2502.03860', '2502.05177']);
    // Both ends of the period count; the day after does not.
    expect(keys({ topicId: null, keywords: null }, { from: '2025-02-19', to: '2025-02-21' })).toEqual(['2502.15920', '2502.13922']);
  });

  it("keeps to a subscription's topic and keywords, as announcements match them", () => {
    // Of February's papers only Long-VITA (multimodal, 1M tokens) is about video.
    expect(keys({ topicId: 'video-multimodal', keywords: null })).toEqual(['2502.05177']);
    // Either phrase: LongPO ("Self-Evolution") and BOLT ("Chain-of-Thought").
    expect(keys({ topicId: null, keywords: 'self-evolution, chain-of-thought' })).toEqual(['2502.13922', '2502.03860']);
    // Topic AND keywords: BOLT is a reasoning paper that bootstraps; the other reasoning papers do not.
    expect(keys({ topicId: 'reasoning-rl', keywords: 'bootstrap' })).toEqual(['2502.03860']);
    expect(keys({ topicId: 'robotics', keywords: 'bootstrap' })).toEqual([]);
  });
});
