import { describe, expect, it } from 'vitest';
import { addPapers, mergePaper } from '../../src/digest/merge-papers.js';
import type { Paper } from '../../src/digest/paper.js';
import { makePaper } from '../support/make-paper.js';

function record(fields: Partial<Paper>): Paper {
  return { ...makePaper('2608.12313', '2026-08-12'), ...fields };
}

describe('mergePaper', () => {
  const monday = record({
    title: 'First Title',
    upvotes: 2,
    githubStars: null,
    comments: 0,
    countsAsOf: '2026-08-13',
    source: { file: 'feed/2026-08-13.json', line: null },
  });
  const nextWeek = record({
    title: 'Later Title',
    upvotes: 27,
    githubStars: 1,
    comments: 3,
    countsAsOf: '2026-08-19',
    organization: { id: 'QwenBusinessUnit', name: 'Qwen' },
    source: { file: 'feed/2026-08-19.json', line: null },
  });

  it('keeps the earliest listing day: a paper listed again is not new on the later day', () => {
    const first = record({ listedOn: '2026-08-13' });
    const again = record({ listedOn: '2026-08-19' });
    expect(mergePaper(first, again).listedOn).toBe('2026-08-13');
    expect(mergePaper(again, first).listedOn).toBe('2026-08-13');
    expect(mergePaper(record({ listedOn: null }), again).listedOn).toBe('2026-08-19');
    expect(mergePaper(again, record({ listedOn: null })).listedOn).toBe('2026-08-19');
  });

  it('takes the counts of the record read latest, with its day; text and source stay from the first; unknowns are filled', () => {
    expect(mergePaper(monday, nextWeek)).toEqual({
      ...monday,
      upvotes: 27,
      githubStars: 1,
      comments: 3,
      countsAsOf: '2026-08-19',
      // Unknown in the first record, so taken from the other.
      organization: { id: 'QwenBusinessUnit', name: 'Qwen' },
    });
  });

  it('keeps the newer counts when the newer record comes first, even if an older one had more', () => {
    // A count can drop (an upvote withdrawn): the newer reading is still the truth.
    const older = record({ upvotes: 40, comments: 9, githubStars: 5, countsAsOf: '2026-08-01' });
    const newer = record({ upvotes: 38, comments: 9, githubStars: null, countsAsOf: '2026-08-02' });
    expect(mergePaper(newer, older)).toMatchObject({ upvotes: 38, comments: 9, countsAsOf: '2026-08-02', githubStars: 5 });
    expect(mergePaper(older, newer)).toMatchObject({ upvotes: 38, comments: 9, countsAsOf: '2026-08-02', githubStars: 5 });
  });

  it('without two different days, each count is the highest known, and the known day stays', () => {
    const unknownDay = record({ upvotes: 50, githubStars: null, comments: 1, countsAsOf: null });
    const knownDay = record({ upvotes: 10, githubStars: 7, comments: 4, countsAsOf: '2025-01-01' });
    expect(mergePaper(unknownDay, knownDay)).toMatchObject({ upvotes: 50, githubStars: 7, comments: 4, countsAsOf: '2025-01-01' });
    const sameDay = record({ upvotes: 3, comments: null, countsAsOf: '2025-01-01' });
    expect(mergePaper(sameDay, knownDay)).toMatchObject({ upvotes: 10, comments: 4, countsAsOf: '2025-01-01' });
    expect(mergePaper(record({ upvotes: null, countsAsOf: null }), record({ upvotes: null, countsAsOf: null }))).toMatchObject({ upvotes: null });
  });

  it('fills the new fields from the other record and unites links and keywords', () => {
    const bare = record({ authors: null, authorCount: null, aiSummary: null, thumbnail: null, keywords: ['a'], links: [] });
    const rich = record({
      authors: ['Ada'],
      authorCount: 1,
      aiSummary: 'HF says.',
      thumbnail: 'https://example.org/t.png',
      keywords: ['a', 'b'],
      links: [{ url: 'https://github.com/x/y', kind: 'code' }],
    });
    expect(mergePaper(bare, rich)).toMatchObject({
      authors: ['Ada'],
      authorCount: 1,
      aiSummary: 'HF says.',
      thumbnail: 'https://example.org/t.png',
      keywords: ['a', 'b'],
      links: [{ url: 'https://github.com/x/y', kind: 'code' }],
    });
  });

  it('addPapers merges a repeated paper and reports only new keys', () => {
    const map = new Map<string, Paper>();
    expect(addPapers(map, [monday])).toEqual(['2608.12313']);
    expect(addPapers(map, [nextWeek])).toEqual([]);
    expect(map.get('2608.12313')).toMatchObject({ title: 'First Title', upvotes: 27, countsAsOf: '2026-08-19' });
  });
});
