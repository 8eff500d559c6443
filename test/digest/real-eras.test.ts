import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDailyPapersJson } from '../../src/digest/read-daily-papers-json.js';
import type { Paper } from '../../src/digest/paper.js';
import { hasRealDigest, REAL_DIGEST_DIR, skipReasonUnlessRealDigest } from '../support/real-digest.js';

skipReasonUnlessRealDigest();

interface RawItem {
  paper: { id: string; title: string; summary: string };
}

/** Reads one real file as the digest does, and its raw items for comparison. */
function readReal(file: string): { papers: Paper[]; raw: RawItem[] } {
  const text = readFileSync(path.join(REAL_DIGEST_DIR, file), 'utf8');
  const result = readDailyPapersJson(text, file);
  expect(result.problems).toEqual([]);
  return { papers: result.items, raw: JSON.parse(text) as RawItem[] };
}

function pick(read: { papers: Paper[]; raw: RawItem[] }, id: string): { paper: Paper; raw: RawItem } {
  return { paper: read.papers.find((paper) => paper.key === id) as Paper, raw: read.raw.find((item) => item.paper.id === id) as RawItem };
}

describe.skipIf(!hasRealDigest)('one real record of each era, every field', () => {
  let part007: { papers: Paper[]; raw: RawItem[] };
  let part003: { papers: Paper[]; raw: RawItem[] };
  let day: { papers: Paper[]; raw: RawItem[] };
  beforeAll(() => {
    part007 = readReal('part-007.json');
    part003 = readReal('part-003.json');
    day = readReal('feed-days/2026-08-03.json');
  });

  it('2024 (part-007): the arXiv line-wraps of title and abstract are unwrapped; the later fields are unknown', () => {
    const { paper, raw } = pick(part007, '2407.07176');
    // The raw title is wrapped: "...via Task Vector\n  Customization".
    expect(raw.paper.title).toContain('\n  ');
    expect(paper).toEqual({
      key: '2407.07176',
      arxivId: '2407.07176',
      title: 'Scaling Up Personalized Aesthetic Assessment via Task Vector Customization',
      // Wrapped at spaces only (no hyphen at a line end): each wrap is one space.
      abstract: raw.paper.summary.replace(/\n/g, ' '),
      // paper.publishedAt is 2024-07-09T18:42:41Z (arXiv); the item's 2024-07-12 is the listing day.
      publishedAt: '2024-07-09',
      // No submittedOnDailyAt in 2024, and not a feed/ file.
      listedOn: null,
      upvotes: 2,
      // Organizations arrived in 2025-10.
      organization: null,
      authorCount: 2,
      authors: ['Jooyeol Yun', 'Jaegul Choo'],
      // The project page is only in the abstract's last line; its trailing slash is dropped.
      links: [{ url: 'https://yeolj00.github.io/personal-projects/personalized-aesthetics', kind: 'project' }],
      keywords: [],
      aiSummary: null,
      githubStars: null,
      comments: 1,
      // "part-007.json" holds no day, and 2024 items have no submittedOnDailyAt.
      countsAsOf: null,
      // The parts dropped thumbnails and media.
      thumbnail: null,
      source: { file: 'part-007.json', line: null },
    });
    expect(paper.abstract.startsWith('The task of personalized image aesthetic assessment seeks to tailor aesthetic score prediction')).toBe(true);
  });

  it('2025 (part-003): HF summary, keywords, stars and links, a suspended hyphen at a wrap, the counts of the day it was listed', () => {
    const { paper, raw } = pick(part003, '2510.11062');
    expect(raw.paper.summary).toContain('both single-\nand multi-policy regimes');
    expect(paper).toEqual({
      key: '2510.11062',
      arxivId: '2510.11062',
      title: 'Stronger Together: On-Policy Reinforcement Learning for Collaborative LLMs',
      // Every wrap is a space (including the paragraph indent "\n  We propose"), and the
      // suspended "single-\nand multi-policy" keeps its space.
      abstract: raw.paper.summary.replace(/\n\s*/g, ' '),
      publishedAt: '2025-10-13',
      // The day of submittedOnDailyAt (2025-10-16T04:31:16Z), three days after arXiv.
      listedOn: '2025-10-16',
      upvotes: 18,
      organization: null,
      authorCount: 7,
      authors: ['Yujie Zhao', 'Lanxiang Hu', 'Yang Wang', 'Minmin Hou', 'Hao Zhang', 'Ke Ding', 'Jishen Zhao'],
      // githubRepo, then projectPage; the abstract's link is the same repository, so it is not repeated.
      links: [
        { url: 'https://github.com/pettingllms-ai/PettingLLMs', kind: 'code' },
        { url: 'https://pettingllms-ai.github.io', kind: 'project' },
      ],
      keywords: [
        'multi-agent systems',
        'reinforcement learning',
        'large language models',
        'role-based orchestration',
        'GRPO-style optimization',
        'on-policy RL',
        'agent-wise grouped RL',
        'turn-wise grouped RL',
        'single-policy',
        'multi-policy',
        'long-horizon planning',
        'reasoning performance',
        'coding tasks',
        'math tasks',
      ],
      aiSummary:
        'AT-GRPO, a tailored RL algorithm for multi-agent systems, significantly enhances performance across various tasks by addressing unique challenges in on-policy RL.',
      githubStars: 9,
      comments: 2,
      // No day in "part-003.json": the day of submittedOnDailyAt (2025-10-16T04:31:16Z).
      countsAsOf: '2025-10-16',
      thumbnail: null,
      source: { file: 'part-003.json', line: null },
    });
    expect(paper.abstract).toContain('supports both single- and multi-policy regimes.');
  });

  it('2026 (feed-days): organization, comments, the thumbnail, counts as of the file day, the arXiv day over the item day', () => {
    const { paper, raw } = pick(day, '2607.27201');
    expect(paper).toEqual({
      key: '2607.27201',
      arxivId: '2607.27201',
      title: 'Mental World Modeling',
      // 2026 abstracts are mostly one line already.
      abstract: raw.paper.summary,
      // paper.publishedAt 2026-07-29T00:00Z; the 2026 item-level publishedAt is that moved back
      // four hours (2026-07-28T20:00Z), which would be the wrong day.
      publishedAt: '2026-07-29',
      // submittedOnDailyAt 2026-08-03T00:00Z: listed five days after arXiv.
      listedOn: '2026-08-03',
      upvotes: 9,
      // The item and the paper both carry {name, fullname, avatar}: handle and display name.
      organization: { id: 'mental-world-model', name: 'Mental World Model' },
      authorCount: 2,
      authors: ['Hao Fei', 'Yiran Zhao'],
      links: [
        { url: 'https://github.com/mental-world/Mentis', kind: 'code' },
        { url: 'https://mental-world.github.io', kind: 'project' },
      ],
      // No ai_keywords / ai_summary for this paper (coverage fell in 2026-07/08).
      keywords: [],
      aiSummary: null,
      githubStars: 1,
      comments: 1,
      // The file is named after the day the archive fetched the listing.
      countsAsOf: '2026-08-03',
      // The item's own thumbnail wins over the media (an .mp4, then a .jpeg).
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2607.27201.png',
      source: { file: 'feed-days/2026-08-03.json', line: null },
    });
  });

  it('drops the one hidden author of the feed days and counts only the names', () => {
    const { papers } = readReal('feed-days/2026-07-21.json');
    // 2607.18227 lists Dingyun Zhang with hidden: true.
    expect(papers.find((paper) => paper.key === '2607.18227')).toMatchObject({
      authors: ['Lixue Gong', 'Wei Liu'],
      authorCount: 2,
      organization: { id: 'ByteDance-Seed', name: 'ByteDance Seed' },
    });
  });
});
