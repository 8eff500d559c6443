import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.js';
import { readingList } from '../../src/present/reading-list.js';
import { anyPaper } from '../support/arbitraries.js';
import { makePaper } from '../support/make-paper.js';

const WORLD_MODEL: Paper = {
  ...makePaper('2402.08268', '2024-02-13', 'World Model on Million-Length Video And Language With Blockwise RingAttention'),
  upvotes: 12,
  aiSummary: 'A model trained on long videos and books understands hour-long video.',
};
const UNKNOWN: Paper = { ...makePaper('title:ring attention a study', null, 'Ring Attention (A Study)'), upvotes: null };

describe('readingList', () => {
  it('writes a heading with the count, one line per paper, and Hugging Face’s summary as a sub-line', () => {
    expect(readingList([WORLD_MODEL, UNKNOWN])).toBe(
      [
        '# Reading list (2 papers)',
        '',
        '- [World Model on Million-Length Video And Language With Blockwise RingAttention](https://huggingface.co/papers/2402.08268) · 2024-02-13 · 12 upvotes · arXiv [2402.08268](https://arxiv.org/abs/2402.08268)',
        "  - Hugging Face's summary: A model trained on long videos and books understands hour-long video.",
        // No id: a Hugging Face search, its parentheses encoded so the link does not end early.
        '- [Ring Attention (A Study)](https://huggingface.co/papers?q=Ring%20Attention%20%28A%20Study%29) · date unknown · upvotes unknown',
        '',
      ].join('\n'),
    );
  });

  it('counts in the singular for one paper and says when there are none; the heading is the caller’s', () => {
    expect(
      readingList([{ ...WORLD_MODEL, upvotes: 1, aiSummary: null }], { heading: 'Saved by Ann' })
        .split('\n')
        .slice(0, 3),
    ).toEqual([
      '# Saved by Ann (1 paper)',
      '',
      '- [World Model on Million-Length Video And Language With Blockwise RingAttention](https://huggingface.co/papers/2402.08268) · 2024-02-13 · 1 upvote · arXiv [2402.08268](https://arxiv.org/abs/2402.08268)',
    ]);
    expect(readingList([])).toBe('# Reading list (0 papers)\n\nNo papers.\n');
  });

  it('keeps titles and summaries to one escaped line: no links, formatting or pings of their own', () => {
    const hostile = { ...WORLD_MODEL, title: '[click](https://evil.example) **bold**\n# heading @everyone', aiSummary: 'line one\n- line two <@123>' };
    expect(readingList([hostile]).split('\n').slice(2, 4)).toEqual([
      '- [\\[click\\](https://evil.example) \\*\\*bold\\*\\* # heading @\u200beveryone](https://huggingface.co/papers/2402.08268) · 2024-02-13 · 12 upvotes · arXiv [2402.08268](https://arxiv.org/abs/2402.08268)',
      "  - Hugging Face's summary: line one - line two \\<@123\\>",
    ]);
  });

  it('gives exactly one list line per paper and one sub-line per summary, whatever the papers hold', () => {
    fc.assert(
      fc.property(fc.array(anyPaper, { maxLength: 5 }), (papers) => {
        const lines = readingList(papers).split('\n');
        expect(lines.filter((line) => line.startsWith('- '))).toHaveLength(papers.length);
        expect(lines.filter((line) => line.startsWith('  - '))).toHaveLength(papers.filter((paper) => paper.aiSummary).length);
        expect(lines).toHaveLength(3 + papers.length + papers.filter((paper) => paper.aiSummary).length + (papers.length === 0 ? 1 : 0));
      }),
      { numRuns: 60 },
    );
  });
});
