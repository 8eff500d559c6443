import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PaperSchema } from '../../src/digest/paper.js';
import { readDailyPapersJson } from '../../src/digest/read-daily-papers-json.js';
import { HF_API_SOURCE, readHfPaper } from '../../src/digest/read-hf-paper.js';
import { hasRealDigest, REAL_DIGEST_DIR, skipReasonUnlessRealDigest } from '../support/real-digest.js';

skipReasonUnlessRealDigest();

/** The shape `GET /api/papers/<id>` returns (the `paper` object of a daily_papers item). */
const API_PAPER = {
  id: '2611.00042',
  authors: [
    { _id: 'a1', name: 'Ada Lovelace', hidden: false },
    { _id: 'a2', name: 'Hidden Person', hidden: true },
    { _id: 'a3', name: 'Grace Hopper', hidden: false },
  ],
  mediaUrls: ['https://cdn.example.org/demo.mp4', 'https://cdn.example.org/figure.webp'],
  publishedAt: '2026-11-20T09:00:00.000Z',
  submittedOnDailyAt: '2026-11-22T00:00:00.000Z',
  title: 'Paged Sparse Attention for\n  Million-Token Agents',
  summary: 'We page the KV cache of long-\nrunning agents into sparse blocks.',
  upvotes: 31,
  discussionId: 'd1',
  ai_summary: 'Sparse paging cuts agent memory.',
  ai_keywords: ['sparse attention', ' KV cache ', ''],
  githubRepo: 'https://github.com/example/paged-sparse',
  githubStars: 120,
  organization: { _id: 'o1', name: 'example-lab', fullname: 'Example Lab', avatar: 'https://example.org/a.png' },
};

describe('readHfPaper (GET /api/papers/<arxiv id>)', () => {
  it('maps every field the API offers, names the source hf-api, and takes the fetch day as countsAsOf', () => {
    expect(readHfPaper(API_PAPER, { countsAsOf: '2026-11-25' })).toEqual({
      problem: null,
      paper: {
        key: '2611.00042',
        arxivId: '2611.00042',
        title: 'Paged Sparse Attention for Million-Token Agents',
        // "long-\nrunning": a word hyphenated at a wrap is joined.
        abstract: 'We page the KV cache of long-running agents into sparse blocks.',
        publishedAt: '2026-11-20',
        // The day of submittedOnDailyAt.
        listedOn: '2026-11-22',
        upvotes: 31,
        organization: { id: 'example-lab', name: 'Example Lab' },
        // The hidden author is dropped and not counted.
        authorCount: 2,
        authors: ['Ada Lovelace', 'Grace Hopper'],
        links: [{ url: 'https://github.com/example/paged-sparse', kind: 'code' }],
        // Trimmed, empty ones dropped.
        keywords: ['sparse attention', 'KV cache'],
        aiSummary: 'Sparse paging cuts agent memory.',
        githubStars: 120,
        // Comments are counted at the daily_papers item level, which this object is not.
        comments: null,
        countsAsOf: '2026-11-25',
        // No item thumbnail: the first image of mediaUrls (the .mp4 is a video).
        thumbnail: 'https://cdn.example.org/figure.webp',
        source: { file: HF_API_SOURCE, line: null },
      },
    });
  });

  it('without a fetch day, counts are as of the day it was submitted to the daily list', () => {
    expect(readHfPaper(API_PAPER).paper?.countsAsOf).toBe('2026-11-22');
    expect(readHfPaper({ ...API_PAPER, submittedOnDailyAt: undefined }).paper?.countsAsOf).toBeNull();
  });

  it('an object that is not a paper is one problem naming hf-api; odd optional fields are unknown', () => {
    expect(readHfPaper({ id: '2611.00042' })).toEqual({
      paper: null,
      problem: { file: 'hf-api', line: null, message: 'paper 2611.00042: title: Invalid input: expected string, received undefined' },
    });
    expect(readHfPaper(null).problem?.file).toBe('hf-api');
    const odd = readHfPaper({ ...API_PAPER, githubStars: '12', upvotes: -1, organization: 'x', mediaUrls: 'no', authors: [1, null, { name: 7 }] });
    expect(odd.paper).toMatchObject({ githubStars: null, upvotes: null, organization: null, thumbnail: null, authors: [], authorCount: 0 });
  });

  it('never throws and returns only valid papers, whatever JSON it is given (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ id: fc.string(), title: fc.string(), summary: fc.string(), upvotes: fc.double() })), (value) => {
        const result = readHfPaper(value);
        if (result.paper) expect(PaperSchema.safeParse(result.paper).success).toBe(true);
        else expect(result.problem.file).toBe('hf-api');
      }),
      { numRuns: 300 },
    );
  });

  it.skipIf(!hasRealDigest)('shares the daily_papers mapping: a real item’s paper gives the same paper but for the item-level fields', () => {
    const file = 'feed-days/2026-08-03.json';
    const text = readFileSync(path.join(REAL_DIGEST_DIR, file), 'utf8');
    const items = JSON.parse(text) as { paper: { id: string } }[];
    const fromDaily = readDailyPapersJson(text, file).items;
    for (const item of items) {
      const daily = fromDaily.find((paper) => paper.key === item.paper.id);
      const api = readHfPaper(item.paper, { countsAsOf: '2026-08-03' }).paper;
      // The item adds the comment count and the thumbnail; the paper's own media image is a
      // thumbnail only when the paper has one.
      expect({ ...api, comments: daily?.comments, thumbnail: daily?.thumbnail, source: daily?.source }).toEqual(daily);
    }
    expect(items).toHaveLength(22);
  });
});
