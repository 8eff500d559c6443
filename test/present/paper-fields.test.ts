import { describe, expect, it } from 'vitest';
import { bestSentences } from '../../src/library/best-sentences.js';
import { stemWord } from '../../src/library/text-analysis.js';
import { paperCard } from '../../src/present/paper-card.js';
import { engagement, paperEmbed } from '../../src/present/paper-embed.js';
import { makePaper } from '../support/make-paper.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';
import { SEED_NOW } from '../support/seed-library.js';

const ABSTRACT =
  'Large models need long contexts. Serving them is costly. We propose PagedKV, which pages the KV cache into blocks. ' +
  'It cuts memory by 5x. On agents, the KV cache stays small over 1M tokens. We release code.';

describe('bestSentences: why a search result matched', () => {
  it('keeps the sentences with the most query terms, in the abstract order, marking skipped ones', () => {
    const terms = ['kv', 'cach', 'agent'].map(stemWord);
    // "On agents, the KV cache…" holds all three terms; "pages the KV cache" two; both fit.
    expect(bestSentences(ABSTRACT, terms, 200)).toBe(
      '… We propose PagedKV, which pages the KV cache into blocks. … On agents, the KV cache stays small over 1M tokens.',
    );
    // With room for one sentence only, the best one.
    expect(bestSentences(ABSTRACT, terms, 60)).toBe('… On agents, the KV cache stays small over 1M tokens.');
  });

  it('falls back to the abstract when no sentence holds a term', () => {
    expect(bestSentences(ABSTRACT, ['zebrafish'], 200)).toBe(ABSTRACT);
    expect(bestSentences(ABSTRACT, [], 200)).toBe(ABSTRACT);
  });
});

describe('the real fields on cards and announcements', () => {
  const paper = {
    ...makePaper('2608.19880', '2026-08-20', 'EnvHarness: Awakening Static Worlds for Agent Learning'),
    abstract: ABSTRACT,
    upvotes: 163,
    comments: 4,
    countsAsOf: '2026-08-21',
    githubStars: 1234,
    aiSummary: 'EnvHarness reshapes static environments with *plugins*.',
    thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2608.19880.png',
    authors: ['Chengsong Huang', 'Zifeng Wang', 'Rujun Han', 'Jun Yan', 'Yanfei Chen', 'Zoey CuiZhu', 'Ke Jiang', 'Peng Xia'],
    authorCount: 8,
    links: [{ url: 'https://github.com/example/envharness', kind: 'code' as const }],
  };

  it('gives upvotes and comments as of the day they were read', () => {
    expect(engagement(paper)).toBe('163 · 4 comments · as of Aug 21, 2026');
    expect(engagement({ ...paper, comments: null, countsAsOf: null })).toBe('163');
    expect(engagement({ ...paper, upvotes: null })).toBe('unknown');
  });

  it('a detailed embed shows Hugging Face summary (labelled as theirs, escaped), the stars beside the code and the image', () => {
    const embed = paperEmbed(paper, { now: SEED_NOW, detailed: true });
    expect(embed.fields?.find((field) => field.name === 'Code')?.value).toBe('https://github.com/example/envharness · ★ 1,234');
    expect(embed.fields?.find((field) => field.name === "Hugging Face's summary")?.value).toBe('EnvHarness reshapes static environments with \\*plugins\\*.');
    expect(embed.image).toEqual({ url: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2608.19880.png' });
    // A list entry stays compact: no summary, no image.
    const listed = paperEmbed(paper, { now: SEED_NOW });
    expect(listed.image).toBeUndefined();
    expect(listed.fields?.some((field) => field.name === "Hugging Face's summary")).toBe(false);
  });

  it('the /paper card names the authors, with the stars in its links', () => {
    const card = paperCard(paper, [], SEED_NOW, 'paper:similar:2608.19880');
    expectWithinDiscordLimits(card);
    const fields = card.embeds[0]?.fields ?? [];
    // One Authors field, the names (the list entry's inline count is left out).
    expect(fields.filter((field) => field.name === 'Authors')).toEqual([
      { name: 'Authors', value: 'Chengsong Huang, Zifeng Wang, Rujun Han, Jun Yan, Yanfei Chen, Zoey CuiZhu and 2 more' },
    ]);
    expect(fields.find((field) => field.name === 'Links')?.value).toContain('Code: https://github.com/example/envharness · ★ 1,234');
  });
});
