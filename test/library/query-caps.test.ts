import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compoundParts, processTerm } from '../../src/library/text-analysis.js';
import {
  BOUND_QUESTIONS_FROM_PAPERS,
  capQuery,
  compoundQuery,
  focusQuery,
  MAX_FUZZY_TERMS,
  MAX_QUERY_TERMS,
  QUESTION_ENTRIES,
} from '../../src/library/index-query.js';
import { PaperIndex } from '../../src/library/paper-index.js';
import { makePaper } from '../support/make-paper.js';
import type { Library } from '../../src/library/library.js';
import { MAX_SUGGESTED_WORDS } from '../../src/library/library-search.js';
import { seedLibrary } from '../support/seed-library.js';

/** Distinct made-up words no paper contains (nor anything within a typo or as a prefix). */
const fillers = (count: number) =>
  Array.from({ length: count }, (_, i) => `xq${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}zv`);

/**
 * The work one query may cause is bounded: at most MAX_QUERY_TERMS words are searched, at most
 * MAX_FUZZY_TERMS of them with typos, and "did you mean" only for short queries. Ordinary
 * queries are within the caps and searched exactly as before.
 */
describe('bounded work per query', () => {
  let library: Library;
  beforeAll(async () => {
    library = await seedLibrary();
  });

  it('the caps are 32 words, 4 with typos, "did you mean" up to 4 words', () => {
    // The numbers the benchmark and the answer evaluation were run with (see the report in docs/design.md).
    expect([MAX_QUERY_TERMS, MAX_FUZZY_TERMS, MAX_SUGGESTED_WORDS]).toEqual([32, 4, 4]);
  });

  it('capQuery keeps a query of up to 32 words as typed, and cuts a longer one to its first 32 distinct words', () => {
    const within = `The ${fillers(32).join(', ')}!`;
    // Stopwords do not count ("The"), and nothing is rewritten: punctuation and case stay.
    expect(capQuery(within)).toBe(within);
    // Repeats (by stem: "caches" is "cache") are read once; the 33rd distinct word and later are dropped.
    const words = fillers(40);
    const long = ['cache', 'the', 'caches', ...words].join(' ');
    expect(capQuery(long)).toBe(['cache', ...words.slice(0, 31)].join(' '));
  });

  it('a word after the first 32 is not searched: the only matching word, 33rd, finds nothing; first, it finds its paper', () => {
    expect(library.search({ query: 'zebralogic' }).hits.map((hit) => hit.paper.key)).toEqual(['2502.03860']);
    expect(library.search({ query: [...fillers(32), 'zebralogic'].join(' ') }).total).toBe(0);
    expect(library.search({ query: ['zebralogic', ...fillers(32)].join(' ') }).hits.map((hit) => hit.paper.key)).toEqual(['2502.03860']);
  });

  it('only the first 4 words that may be typos are searched with typos; later ones as typed or as prefixes', () => {
    const known = new Set(['kv', 'cach']);
    const query = compoundQuery('kv cache alpha1 bravoo charlie deltaa echoo foxtrot', 'AND', (stem) => known.has(stem));
    // Known words never get typos; of the six unknown ones, the fifth and sixth get `fuzzy: false`.
    expect(query).toEqual({
      combineWith: 'AND',
      queries: [
        { queries: ['kv'], prefix: false },
        { queries: ['cache'], prefix: false },
        { queries: ['alpha1'], prefix: true },
        { queries: ['bravoo'], prefix: true },
        { queries: ['charlie'], prefix: true },
        { queries: ['deltaa'], prefix: true },
        { queries: ['echoo'], prefix: true, fuzzy: false },
        { queries: ['foxtrot'], prefix: true, fuzzy: false },
      ],
    });
  });

  it('through the library: a misspelling is read as a typo among the first 4 such words, not as the 5th', () => {
    const retrieval = library.search({ query: 'retreival xqazv xqbzv xqczv xqdzv' }).hits.map((hit) => hit.paper.key);
    // "retreival" finds the retrieval papers by typo (2104.00650 is REALM)…
    expect(retrieval.slice(0, 2)).toEqual(['2104.00650', '2407.00402']);
    // …but after four other unknown words it is searched as typed, and nothing matches.
    expect(library.search({ query: 'xqazv xqbzv xqczv xqdzv retreival' }).total).toBe(0);
  });

  it('title autocomplete reads typos in the first 4 long words only', () => {
    const ring = 'World Model on Million-Length Video And Language With RingAttention';
    expect(library.suggestTitles('ringatention xqazvv xqbzvv xqczvv xqdzvv', 5).map((paper) => paper.title)).toEqual([ring]);
    expect(library.suggestTitles('xqazvv xqbzvv xqczvv xqdzvv ringatention', 5)).toEqual([]);
  });

  it('a forged 3,000-character autocomplete is answered from its first words only', () => {
    const forged = fillers(450).join(' ');
    expect(forged.length).toBeGreaterThan(3000);
    expect(library.suggestTitles(`ringatention ${forged}`, 5).map((paper) => paper.key)).toEqual(['2402.08268']);
    // The same word at the end is past the first 32: not searched at all.
    expect(library.suggestTitles(`${forged} ringattention`, 5)).toEqual([]);
  });

  it('"did you mean" is offered for queries of up to 4 words that match nothing, and not for longer ones', () => {
    expect(library.search({ query: 'zebrafsh retrvaeil zebrafsh retrvaeil' })).toEqual({
      hits: [],
      total: 0,
      suggestions: ['zebralogic retraining zebralogic retraining'],
    });
    expect(library.search({ query: 'zebrafsh retrvaeil zebrafsh retrvaeil zebrafsh' })).toEqual({ hits: [], total: 0, suggestions: [] });
    // A question's search (anyTerm) matches nothing here either, and offers nothing: its answer never shows it.
    expect(library.search({ query: 'zebrafsh retrvaeil zebrafsh retrvaeil', anyTerm: true })).toEqual({ hits: [], total: 0, suggestions: [] });
  });

  describe('focusQuery: a question reads at most QUESTION_ENTRIES index entries', () => {
    // A digest of 100,000 papers: "kv" in 500, "cach" in 3,000, "memori" in 9,000, "reduc" in
    // 15,000 (all under 20%: none is very common), "model" in 60,000 (very common).
    const frequency = new Map([
      ['kv', 500],
      ['cach', 3000],
      ['memori', 9000],
      ['reduc', 15_000],
      ['model', 60_000],
      // CamelCase names, whose parts the index's tokenizer reads too: "MemoryCache" → memory, cache.
      ['memorycach', 40],
      ['longbench', 50],
      ['long', 30_000],
      ['bench', 800],
    ]);
    const focus = (query: string, entries?: number) => focusQuery(query, 100_000, frequency, entries);

    it('keeps the most specific words whose papers sum to at most the bound, in the order typed', () => {
      // kv 500 + cach 3,000 + memori 9,000 = 12,500 > 12,000: memori and reduc are left out.
      expect(focus('reduce the kv cache memory of a model', QUESTION_ENTRIES)).toEqual({ text: 'kv cache' });
      // At 12,500 memory fits; reduce (15,000 more) does not.
      expect(focus('reduce the kv cache memory of a model', 12_500)).toEqual({ text: 'kv cache memory' });
      // Unbounded (every /search), only the very common word is dropped.
      expect(focus('reduce the kv cache memory of a model')).toEqual({ text: 'reduce kv cache memory' });
    });

    it('counts a stem once, whatever its spellings ("KV" and "kv", "cache" and "caches"), and keeps every spelling', () => {
      expect(focus('kv KV cache caches memory', 12_500)).toEqual({ text: 'kv KV cache caches memory' });
    });

    it('keeps the most specific word even when it alone is over the bound, and then searches titles', () => {
      expect(focus('reduce memory', 5000)).toEqual({ text: 'memory', fields: ['title'] });
    });

    it('reads words the digest lacks (typos) besides, without letting them push out its own words', () => {
      expect(focus('memory kvv', 9000)).toEqual({ text: 'memory kvv' });
      expect(focus('reduce memory kvv', 5000)).toEqual({ text: 'memory kvv', fields: ['title'] });
      // Only words the digest lacks: read as they are, as unbounded.
      expect(focus('kvv zzyzx', 5000)).toEqual(focus('kvv zzyzx'));
    });

    it('reads a CamelCase name with its parts when they fit the bound, and else as the name alone (lowercased: one word to the tokenizer)', () => {
      // longbench 50 + its parts long 30,000 and bench 800: over 12,000, so "longbench" alone;
      // then kv (500) fits beside it.
      expect(focus('LongBench kv', QUESTION_ENTRIES)).toEqual({ text: 'longbench kv' });
      expect(focus('LongBench kv', 40_000)).toEqual({ text: 'LongBench kv' });
      // memorycach 40 + memory 9,000 + cache 3,000 = 12,040: just over the bound; at 12,040 it fits.
      expect(focus('MemoryCache', QUESTION_ENTRIES)).toEqual({ text: 'memorycache' });
      expect(focus('MemoryCache', 12_040)).toEqual({ text: 'MemoryCache' });
      // A name the digest lacks is read besides, its parts only if they fit what the known words left.
      expect(focus('kv LongBnech', QUESTION_ENTRIES)).toEqual({ text: 'kv longbnech' });
      expect(focus('kv MemoryCahce', QUESTION_ENTRIES)).toEqual({ text: 'kv MemoryCahce' });
      // Summed over such names: FooCache's parts (cache 3,000) fit beside kv (500); BarMemory's (memory 9,000) then do not.
      expect(focus('kv FooCache BarMemory', QUESTION_ENTRIES)).toEqual({ text: 'kv FooCache barmemory' });
      // A question of only such names: the same rule.
      expect(focus('LongBnech', QUESTION_ENTRIES)).toEqual({ text: 'longbnech' });
      expect(focus('FooCache', QUESTION_ENTRIES)).toEqual({ text: 'FooCache' });
      // Unbounded (every /search), as typed.
      expect(focus('LongBench kv')).toEqual({ text: 'LongBench kv' });
    });

    it('reads titles for a question of only very common words: the most specific of them within the bound', () => {
      const common = new Map([
        ['model', 30_000],
        ['languag', 40_000],
      ]);
      expect(focusQuery('language model', 100_000, common, 75_000)).toEqual({ text: 'language model', fields: ['title'] });
      expect(focusQuery('language model', 100_000, common, QUESTION_ENTRIES)).toEqual({ text: 'model', fields: ['title'] });
      // Unbounded, as before: every such word, in titles.
      expect(focusQuery('language model', 100_000, common)).toEqual({ text: 'language model', fields: ['title'] });
    });

    it('never reads more entries than the bound, unless its most specific word alone is over it, and then only titles', () => {
      const words = fc.constantFrom('kv', 'KV', 'cache', 'caches', 'memory', 'reduce', 'model', 'zebra', 'MemoryCache', 'LongBench', 'ZebraCache', 'FooMemory');
      const papersOf = (word: string) => frequency.get(processTerm(word) as string) ?? 0;
      fc.assert(
        fc.property(fc.array(words, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 100_000 }), (typed, entries) => {
          const { text, fields } = focus(typed.join(' '), entries);
          expect(text).not.toBe('');
          // What the index reads: each stem once, and the parts of each name read as typed.
          const read = new Map<string, number>();
          for (const word of text.split(' ')) {
            read.set(processTerm(word) as string, papersOf(word));
            for (const part of compoundParts(word)) read.set(`part ${processTerm(part)}`, papersOf(part));
          }
          const entriesRead = [...read.values()].reduce((sum, papers) => sum + papers, 0);
          const known = [...read.keys()].filter((stem) => frequency.has(stem));
          // Over the bound only in titles, and only when its most specific word alone is over it.
          if (fields === undefined) expect(entriesRead).toBeLessThanOrEqual(entries);
          if (known.length > 1) expect(entriesRead).toBeLessThanOrEqual(entries);
          for (const word of text.split(' ')) expect(typed.some((typedWord) => typedWord === word || typedWord.toLowerCase() === word)).toBe(true);
        }),
      );
    });
  });

  describe('the bound applies to questions in digests of 25,000 papers or more, and never to /search', () => {
    // 25,000 papers; "xqrare" in 10, "xqmida" in 4,400, "xqmidb" in 4,500, "xqmidc" in 4,600
    // (none very common: 20% is 5,000). All four sum to 13,510 entries, over 12,000: a
    // question reads xqrare, xqmida and xqmidb (8,910), not xqmidc.
    const abstractOf = (n: number) =>
      [n < 10 ? 'xqrare' : '', n >= 100 && n < 4500 ? 'xqmida' : '', n >= 5000 && n < 9500 ? 'xqmidb' : '', n >= 10_000 && n < 14_600 ? 'xqmidc' : ''].join(
        ' ',
      );
    let index: PaperIndex;
    beforeAll(() => {
      index = new PaperIndex(Array.from({ length: BOUND_QUESTIONS_FROM_PAPERS }, (_, n) => ({ ...makePaper(`p${n}`, '2026-01-01'), abstract: abstractOf(n) })));
    });
    const query = 'xqrare xqmida xqmidb xqmidc';
    const holdsOnlyC = (keys: string[]) => keys.filter((key) => Number(key.slice(1)) >= 10_000).length;

    it('a question reads the most specific words within 12,000 entries: no paper holding only the fourth is found', () => {
      expect(BOUND_QUESTIONS_FROM_PAPERS).toBe(25_000);
      const plain = index.plainSearch(query, 20_000, true).map((hit) => hit.key);
      expect(plain).toHaveLength(8910);
      expect(holdsOnlyC(plain)).toBe(0);
      const own = index.search(query, true).hits.map((hit) => hit.key);
      expect(own).toHaveLength(8910);
    });

    it('a long /search reads every word, as before', () => {
      const plain = index.plainSearch(query, 20_000).map((hit) => hit.key);
      expect(plain).toHaveLength(13_510);
      expect(holdsOnlyC(plain)).toBe(4600);
    });
  });
});
