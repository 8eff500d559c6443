import { beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../src/library/library.js';
import { periodDay, periodPapers, type PeriodScope } from '../../src/library/period-papers.js';
import { makePaper } from '../support/make-paper.js';
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

describe('periodPapers: which day a paper counts on', () => {
  it('its listing day when known, else its publication day; a paper with neither is in no period', () => {
    const listed = { ...makePaper('2611.00001', '2026-11-18'), listedOn: '2026-11-20' };
    const unlisted = makePaper('2611.00002', '2026-11-19');
    const undated = makePaper('2611.00003', null);
    expect([listed, unlisted, undated].map(periodDay)).toEqual(['2026-11-20', '2026-11-19', null]);
    const library = new Library([listed, unlisted, undated]);
    const day = (from: string, to = from) => periodPapers(library, { from, to, topicId: null, keywords: null }).map((paper) => paper.key);
    // Published Nov 18 but listed Nov 20: in Nov 20's digest, not Nov 18's (posted before it was listed).
    expect(day('2026-11-18')).toEqual([]);
    expect(day('2026-11-20')).toEqual(['2611.00001']);
    expect(day('2026-11-19')).toEqual(['2611.00002']);
    // One upvote each: the newer publication first.
    expect(day('2000-01-01', '2099-12-31')).toEqual(['2611.00002', '2611.00001']);
  });
});
