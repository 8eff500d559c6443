import { beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/library/library.js';
import { seedLibrary } from '../support/seed-library.js';

let library: Library;
beforeAll(async () => {
  library = await seedLibrary();
});

const titles = (query: string, count = 10) =>
  library
    .search({ query })
    .hits.slice(0, count)
    .map((hit) => hit.paper.title.split(':')[0]);

describe('search ranking on the seed digest', () => {
  it('"kv cache": the papers that reduce the KV cache come first', () => {
    expect(titles('kv cache')).toEqual([
      // LongGen: "KV cache" four times, as its reduction goal ("reduces KV cache memory by 62%").
      'A Little Goes a Long Way',
      // TCA-Attention: "KV cache compression", "reducing KV cache memory footprint", "reduces KV cache by 61%".
      'Training-free Context-adaptive Attention for Efficient Long Context Modeling',
      // InternVideo3: compresses "KV-cache states" once, in a short-ish abstract.
      'InternVideo3',
      // HyLo: "reduces KV-cache memory by more than 90%", once, in a long abstract.
      'Long-Context Aware Upcycling',
      // Temp-Lora: mentions the KV cache only as what it avoids.
      'With Greater Text Comes Greater Necessity',
    ]);
  });

  it('"test-time training": the title matches first, then abstracts with all three words', () => {
    expect(titles('test-time training')).toEqual([
      // Both have "Test-Time Training" in the title (boosted 3x) and repeat it in the abstract.
      'Test-Time Training Done Right',
      "Let's (not) just put things in Context",
      // Giraffe and the diffusion-policy paper only use "test", "time" and "train" in passing.
      'Giraffe',
      'Learning Long-Context Diffusion Policies via Past-Token Prediction',
    ]);
  });

  it('tolerates typos and partial words', () => {
    // "ringatten" is a prefix of the stem "ringattent" from the title's "RingAttention".
    expect(titles('ringatten')).toEqual(['World Model on Million-Length Video And Language With RingAttention']);
    // "retreival" is two edits from "retriev"; the RAG paper has all three words, two in its title.
    expect(titles('retreival augmented generation', 1)).toEqual(['Long-Context LLMs Meet RAG']);
    // "atten" completes to "attention"; MTraining has "Sparse Attention" in its title.
    expect(titles('sparse atten', 1)).toEqual(['MTraining']);
  });

  it('does not fuzz a word the digest contains ("test" is not "text" or "best")', () => {
    const hits = library.search({ query: 'test-time training' }).hits;
    expect(hits.every((hit) => hit.matchedAll)).toBe(true);
    expect(hits.flatMap((hit) => hit.terms)).not.toContain('text');
  });

  it('ignores stopwords and stems: "the training of models" = "train model"', () => {
    expect(titles('the training of models')).toEqual(titles('train model'));
    expect(library.search({ query: 'the of and' }).hits).toEqual([]);
  });

  it('matches every term first, then falls back to papers with some terms, best first', () => {
    const { hits } = library.search({ query: 'mamba state space' });
    // No paper has all three words; LC-PLM ("state-space models", "BiMamba-S") has two and leads.
    expect(hits.every((hit) => !hit.matchedAll)).toBe(true);
    expect(hits[0]?.paper.title).toBe('Long-context Protein Language Model');
    expect(hits.map((hit) => hit.paper.title)).toContain('Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling');
  });

  it('searches organizations', () => {
    expect(titles('TongyiLab')).toEqual(['QwenLong-L1.5']);
    expect(titles('baidu')).toEqual(['EndPrompt']);
  });

  it('sorts by date or upvotes and filters by date', () => {
    const newest = library.search({ query: 'sparse attention', sort: 'newest' }).hits.map((hit) => hit.paper.publishedAt);
    expect(newest).toEqual([...newest].sort().reverse());
    const upvotes = library.search({ query: 'long context benchmark', sort: 'upvotes' }).hits.map((hit) => hit.paper.upvotes ?? -1);
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
    const since = library.search({ query: 'sparse attention', since: '2025-06-01' }).hits;
    expect(since.map((hit) => hit.paper.publishedAt)).toEqual(['2025-10-21', '2025-12-09', '2026-05-13']);
  });

  it('suggests real words when nothing matches', () => {
    const results = library.search({ query: 'retreivel' });
    expect(results.hits).toEqual([]);
    // Suggestions are digest words, shown as written (the shortest word with that stem).
    expect(results.suggestions).toEqual(['retrieve']);
    expect(library.search({ query: 'mambba' }).suggestions).toEqual(['mamba2']);
  });
});
