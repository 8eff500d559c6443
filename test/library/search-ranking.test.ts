import { beforeAll, describe, expect, it } from 'vitest';
import { loadRealLibrary } from '../../scripts/answer-evaluation.js';
import type { Library } from '../../src/library/library.js';
import { compoundParts, tokenize } from '../../src/library/text-analysis.js';
import { hasRealDigest, skipReasonUnlessRealDigest } from '../support/real-digest.js';
import { seedLibrary } from '../support/seed-library.js';

skipReasonUnlessRealDigest();

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
    // Exactly the four papers holding "test", "time" and "train" themselves; with "test" fuzzed,
    // the many papers with "text" or "best" (and none of the other words) would follow.
    expect(hits.map((hit) => [hit.paper.key, hit.matchedAll, hit.terms])).toEqual([
      ['2505.23884', true, ['test', 'time', 'train']],
      ['2512.13898', true, ['test', 'time', 'train']],
      ['2308.10882', true, ['test', 'time', 'train']],
      ['2505.09561', true, ['test', 'time', 'train']],
    ]);
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

  it('fuses the plain ranking into a description of five words or more, and leaves shorter queries every-word first', () => {
    // 5 content words, all in one abstract (the upcycling paper). The every-word order stops
    // there: no other paper's partial match scores within a quarter of it. The plain ranking,
    // fused in, adds the next closest papers after it.
    const long = library.search({ query: 'We study upcycling as a practical path to convert' }).hits;
    expect(long.slice(0, 3).map((hit) => [hit.paper.key, hit.matchedAll])).toEqual([
      ['2604.24715', true],
      ['2605.13831', false],
      ['2409.01893', false],
    ]);
    // 4 words: the usual order, papers holding every word first (here the one that does).
    const short = library.search({ query: 'training free sparse attention' }).hits;
    expect(short.slice(0, 3).map((hit) => [hit.paper.key, hit.matchedAll])).toEqual([
      ['2512.09238', true],
      ['2510.18830', false],
      ['2402.10685', false],
    ]);
  });

  it('searches organizations', () => {
    expect(titles('TongyiLab')).toEqual(['QwenLong-L1.5']);
    expect(titles('baidu')).toEqual(['EndPrompt']);
  });

  it('sorts by date or upvotes and filters by date', () => {
    // The five "sparse attention" papers, newest first (by relevance MTraining leads, EndPrompt is last).
    const newest = library.search({ query: 'sparse attention', sort: 'newest' }).hits.map((hit) => [hit.paper.key, hit.paper.publishedAt]);
    expect(newest).toEqual([
      ['2605.14589', '2026-05-13'],
      ['2512.09238', '2025-12-09'],
      ['2510.18830', '2025-10-21'],
      ['2501.15383', '2025-01-25'],
      ['2410.01485', '2024-10-02'],
    ]);
    // All 22 papers with the three words, most upvoted first, ties newest first (byUpvotes);
    // by relevance LongProc and LongBench (0 upvotes) lead.
    const upvotes = library.search({ query: 'long context benchmark', sort: 'upvotes' }).hits.map((hit) => `${hit.paper.upvotes} ${hit.paper.key}`);
    expect(upvotes).toEqual([
      '5 2512.12967',
      '5 2402.08268',
      '3 2410.23933',
      '3 2402.17753',
      '3 2401.06951',
      '3 2309.16039',
      '2 2606.12195',
      '2 2510.06915',
      '2 2506.02921',
      '2 2502.13922',
      '2 2502.03860',
      '2 2409.20018',
      '1 2506.05332',
      '1 2407.00402',
      '0 2605.01278',
      '0 2512.13898',
      '0 2512.09238',
      '0 2502.05177',
      '0 2501.05414',
      '0 2405.13226',
      '0 2401.11504',
      '0 2308.14508',
    ]);
    const since = library.search({ query: 'sparse attention', since: '2025-06-01' }).hits;
    expect(since.map((hit) => hit.paper.publishedAt)).toEqual(['2025-10-21', '2025-12-09', '2026-05-13']);
  });

  it("keeps a question's first allowed papers only (as /ask reads them), counting every match", () => {
    const question = { query: 'sparse attention for long video', anyTerm: true } as const;
    const since2025 = (paper: { publishedAt: string | null }) => (paper.publishedAt ?? '') >= '2025-06-01';
    const all = library.search(question);
    const kept = library.search({ ...question, keep: { first: 3, where: since2025 } });
    // The first three papers of 2025-06 or later, in the order of the whole ranking: the two
    // sparse-attention papers of October and December 2025 (MTraining, Context-adaptive
    // Attention), then the hour-scale long-video paper of June 2025.
    expect(kept.hits.map((hit) => hit.paper.key)).toEqual(['2510.18830', '2512.09238', '2506.05332']);
    expect(kept.hits).toEqual(all.hits.filter((hit) => since2025(hit.paper)).slice(0, 3));
    // The filter passed over better-ranked older papers.
    expect(kept.hits).not.toEqual(all.hits.slice(0, 3));
    expect(kept.total).toBe(all.total);
    expect(all.hits.length).toBeGreaterThan(3);
  });

  it('suggests real words when nothing matches', () => {
    const results = library.search({ query: 'retreivel' });
    expect(results.hits).toEqual([]);
    // Suggestions are digest words, shown as written (the shortest word with that stem).
    expect(results.suggestions).toEqual(['retrieve']);
    expect(library.search({ query: 'mambba' }).suggestions).toEqual(['mamba2']);
  });

  it('finds joined names by their words and words by the joined name', () => {
    // The index holds "RingAttention" as itself and as Ring + Attention, and the query's
    // adjacent "ring attention" also asks for the digest word "ringattention": the paper
    // named for it leads (title match on all three), then MTraining, which writes "sparse
    // ring attention" twice in its abstract.
    const ring = ['World Model on Million-Length Video And Language With RingAttention', 'MTraining'];
    expect(titles('ring attention')).toEqual(ring);
    expect(titles('RingAttention')).toEqual(ring);
    expect(titles('Ring-Attention')).toEqual(ring);
    // MEMO is the one seed paper that names FlashAttention (in its abstract).
    expect(titles('flash attention')).toEqual(['Efficiently Training 7B LLM with 1 Million Sequence Length on 8 GPUs']);
  });
});

describe('joined names', () => {
  it('splits CamelCase names into words of three letters or more, and nothing else', () => {
    expect(compoundParts('RingAttention')).toEqual(['Ring', 'Attention']);
    expect(compoundParts('LongRoPE')).toEqual(['Long', 'RoPE']);
    expect(compoundParts('HTTPServer')).toEqual(['HTTP', 'Server']);
    // Two-letter parts are prefixes ("Bi-", "Un-"), not words; acronyms stay whole.
    for (const word of ['BiMamba', 'KnowUnDo', 'LLaMA', 'LoRA', 'RoPE', 'iPhone', 'attention', 'GPT4']) expect(compoundParts(word), word).toEqual([]);
    expect(tokenize('With RingAttention, e.g.')).toEqual(['With', 'RingAttention', 'Ring', 'Attention', 'e', 'g']);
  });
});

/**
 * Compound names on the real digest (the seed plus 12,675 Hugging Face papers): before
 * joined names were handled, "ring attention" found three other papers and not the one
 * named for it, whose title writes "RingAttention" as one word.
 */
describe.skipIf(!hasRealDigest)('compound names on the real digest', () => {
  let real: Library;
  beforeAll(async () => {
    real = await loadRealLibrary();
  }, 180_000);
  const realTop = (query: string, count: number) =>
    real
      .search({ query })
      .hits.slice(0, count)
      .map((hit) => hit.paper.key);

  it('"ring attention" finds the RingAttention paper first', () => {
    expect(realTop('ring attention', 3)).toEqual([
      // "World Model on Million-Length Video And Language With RingAttention": its title holds
      // "ringattention" (the query's joined words) and, split, "ring" and "attention" (3x title boost).
      '2402.08268',
      // "Ling and Ring 2.6 Technical Report": "Ring" in a short title, "attention" in the abstract.
      '2606.15079',
      // "Untied Ulysses": writes "Ring Attention" in its abstract, with "attention" in the title.
      '2602.21196',
    ]);
    expect(realTop('RingAttention', 1)).toEqual(['2402.08268']);
  });

  it('"flash attention" finds the papers built on FlashAttention', () => {
    expect(realTop('flash attention', 3)).toEqual([
      // "Representation Shift: Unifying Token Compression with FlashAttention": in the title and four times in all.
      '2508.00367',
      // "FlashPrefill V2": "Flash" and "Attention" in the title, FlashAttention-2 and -3 in the abstract.
      '2608.19758',
      // "SageAttention3": compares with FlashAttention and FlashAttention3 in its abstract.
      '2505.11594',
    ]);
  });

  it('"long rope" finds LongRoPE2', () => {
    // "LongRoPE2: Near-Lossless LLM Context Window Scaling": the title's "LongRoPE2" is indexed
    // with its parts Long + RoPE2, and the abstract names "LongRoPE", which the query's joined
    // words "longrope" match; then "Jet-Long: … Dynamic Bifocal RoPE", both words in its title.
    expect(realTop('long rope', 2)).toEqual(['2502.20082', '2607.07740']);
    expect(realTop('LongRoPE', 1)).toEqual(['2502.20082']);
  });
});
