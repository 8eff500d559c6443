import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.js';
import { readDailyPapersJson } from '../../src/digest/read-daily-papers-json.js';
import { generatePapers } from '../../scripts/bench/generate-corpus.js';
import { Library, SPLIT_FROM_PAPERS } from '../../src/library/library.js';
import { shippedTopics } from '../../src/library/load-topics.js';
import { PaperIndex } from '../../src/library/paper-index.js';
import { hasRealDigest, REAL_DIGEST_DIR, REAL_PARTS, skipReasonUnlessRealDigest } from '../support/real-digest.js';
import { seedLibrary } from '../support/seed-library.js';
import { sameTerms, throughJson } from '../support/snapshot-records.js';

skipReasonUnlessRealDigest();

/** An index of `first`, joined with the records of an index of `then` built apart. */
function joined(first: readonly Paper[], then: readonly Paper[]): PaperIndex {
  const index = new PaperIndex(first);
  const join = index.append();
  for (const [kind, payload] of throughJson(new PaperIndex(then).records()) as [string, unknown][]) expect(join.take(kind, payload)).toBe(true);
  join.finish();
  return index;
}

describe('an index joined from two built apart', () => {
  it('is the index one pass over all the papers builds: the same documents, terms, vocabulary and counts, and average field lengths to the last bit', async () => {
    const papers = (await seedLibrary()).all();
    const half = Math.floor(papers.length / 2);
    const whole = new PaperIndex(papers);
    const index = joined(papers.slice(0, half), papers.slice(half));
    // The 'search' record holds the document count, the next id and the average field lengths, compared exactly.
    expect(sameTerms(index.records())).toEqual(sameTerms(whole.records()));
    for (const query of ['ring attention', 'mixture of experts routing', 'diffusion video', 'retreival augmented', 'kv cache quantization']) {
      const hits = (of: PaperIndex) => of.search(query).hits.map((hit) => [hit.key, hit.score]);
      expect(hits(index), query).toEqual(hits(whole));
      expect(index.plainSearch(query, 10)).toEqual(whole.plainSearch(query, 10));
    }
    expect(index.expandAbbreviation('moe')).toEqual(whole.expandAbbreviation('moe'));
  });

  it('takes more papers afterwards as the one-pass index does', async () => {
    const papers = (await seedLibrary()).all();
    const whole = new PaperIndex(papers.slice(0, 50));
    const index = joined(papers.slice(0, 20), papers.slice(20, 50));
    whole.addAll(papers.slice(50));
    index.addAll(papers.slice(50));
    expect(sameTerms(index.records())).toEqual(sameTerms(whole.records()));
  });

  it('refuses a paper the index already holds', async () => {
    const papers = (await seedLibrary()).all();
    expect(() => joined(papers.slice(0, 30), papers.slice(20))).toThrow(/is already indexed/);
  });
});

/** Library.build with the last half of the papers indexed elsewhere (here: in this thread, its records through JSON), against one pass. */
function splitBuild(name: string, loadPapers: () => Promise<Paper[]>) {
  const elsewhere = async (rest: readonly Paper[]) => throughJson(new PaperIndex(rest).records());

  it(`gives the library one thread builds, on ${name}: every paper, the same index, topics and answers`, { timeout: 60_000 }, async () => {
    const papers = await loadPapers();
    expect(papers.length).toBeGreaterThan(SPLIT_FROM_PAPERS);
    const topics = await shippedTopics();
    let asked: number | undefined;
    const joins: (Error | null)[] = [];
    const split = await Library.build(papers, topics, undefined, undefined, {
      index: (rest) => ((asked = rest.length), elsewhere(rest)),
      joined: (error) => joins.push(error),
    });
    const whole = await Library.build(papers, topics);
    // Half the papers went elsewhere, and were joined.
    expect(asked).toBe(papers.length - Math.round(papers.length / 2));
    expect(joins).toEqual([null]);
    expect(split.size).toBe(papers.length);
    expect(sameTerms(split.records())).toEqual(sameTerms(whole.records()));
    // With the prefix on the last word and typos for unknown words, as /search reads them.
    for (const query of ['ring attention', 'speculative decoding', 'GRPO reasoning', 'video diffusion transf', 'retreival augmented generation']) {
      const hits = (of: Library) => of.search({ query }).hits.map((hit) => [hit.paper.key, hit.score, hit.terms]);
      expect(hits(split), query).toEqual(hits(whole));
    }
    expect(split.latest(20)).toEqual(whole.latest(20));
    expect(split.topicSummaries()).toEqual(whole.topicSummaries());
    expect(split.version).toBe(whole.version);
  });

  it(`indexes every paper here when the other thread fails, or sends records that cannot be joined, on ${name}`, { timeout: 60_000 }, async () => {
    const papers = await loadPapers();
    const failed = await Library.build(papers, [], undefined, undefined, { index: () => Promise.reject(new Error('thread died')) });
    expect(failed.size).toBe(papers.length);
    // The last record breaks the join half-way: the half-joined library is dropped, all is built here, and the failure is told.
    const joins: (Error | null)[] = [];
    const broken = await Library.build(papers, [], undefined, undefined, {
      index: async (rest) => [...(await elsewhere(rest)), ['terms', [[7]]]],
      joined: (error) => joins.push(error),
    });
    expect(joins).toHaveLength(1);
    expect(joins[0]?.message).toMatch(/malformed term/);
    expect(broken.size).toBe(papers.length);
    expect(sameTerms(broken.records())).toEqual(sameTerms(failed.records()));
  });
}

describe('a cold build with part of it indexed elsewhere', () => {
  let generated: Paper[] | undefined;
  // Synthetic papers over the seed's words (the bench's generator), more than a build splits from.
  splitBuild('synthetic papers', async () => (generated ??= generatePapers((await seedLibrary()).all(), SPLIT_FROM_PAPERS + 1_000)));
});

describe.skipIf(!hasRealDigest)('a cold build of the real digest with part of it indexed elsewhere', () => {
  const papers = (() => {
    if (!hasRealDigest) return [];
    const byKey = new Map<string, Paper>();
    for (const part of REAL_PARTS)
      for (const paper of readDailyPapersJson(readFileSync(path.join(REAL_DIGEST_DIR, part), 'utf8'), part).items) byKey.set(paper.key, paper);
    return [...byKey.values()];
  })();
  splitBuild('the real digest', async () => papers);
});
