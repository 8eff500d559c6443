import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../src/library/library.js';
import type { Paper } from '../../src/digest/paper.js';
import { PaperIndex } from '../../src/library/paper-index.js';
import { byNewest, byUpvotes } from '../../src/library/paper-order.js';
import { parseSince } from '../../src/library/parse-since.js';
import { processTerm } from '../../src/library/text-analysis.js';
import { makePaper } from '../support/make-paper.js';
import { SEED_NOW, seedLibrary } from '../support/seed-library.js';
import { paperShortId } from '../../src/library/short-id.js';

let library: Library;
beforeAll(async () => {
  library = await seedLibrary();
});

describe('Library', () => {
  it('lists the newest papers first, unknown dates last', () => {
    expect(library.latest(3).map((paper) => [paper.title.split(':')[0], paper.publishedAt])).toEqual([
      ['InternVideo3', '2026-06-09'],
      ['EndPrompt', '2026-05-13'],
      ['Many-Shot CoT-ICL', '2026-05-12'],
    ]);
    expect(library.latest(58).at(-1)?.publishedAt).toBeNull();
    expect(library.latest(0)).toEqual([]);
  });

  it('puts every seed paper in at least one topic', () => {
    const inSomeTopic = new Set(library.topics.flatMap((topic) => library.papersInTopic(topic.id).map((paper) => paper.key)));
    expect(inSomeTopic.size).toBe(58);
  });

  it('has the curated topics, with paper counts, and their papers newest first', () => {
    expect(library.topicSummaries().map(({ topic, count }) => `${topic.id}:${count}`)).toEqual([
      'efficient-attention:10',
      'context-extension:18',
      'long-context-training:27',
      'benchmarks:7',
      'retrieval-rag:4',
      'video-multimodal:17',
      'reasoning-rl:8',
      'memory-agents:5',
      'test-time-training:3',
      'in-context-learning:6',
      'long-generation:6',
      'robotics:1',
      'surveys:2',
      'language-models:28',
    ]);
    expect(library.papersInTopic('test-time-training').map((paper) => paper.title.split(':')[0])).toEqual([
      "Let's (not) just put things in Context",
      'Test-Time Training Done Right',
      'With Greater Text Comes Greater Necessity',
    ]);
  });

  it('finds topics by id, name or name prefix', () => {
    expect(library.findTopic('video-multimodal')?.id).toBe('video-multimodal');
    expect(library.findTopic('Retrieval and RAG')?.id).toBe('retrieval-rag');
    expect(library.findTopic('test-time')?.id).toBe('test-time-training');
    expect(library.findTopic('astrology')).toBeUndefined();
  });

  it('picks the paper at a fraction of the newest-first order, optionally from a topic', () => {
    expect(library.random(0)?.title).toBe(library.latest(1)[0]?.title);
    expect(library.random(0.999, 'robotics')?.title).toBe('Learning Long-Context Diffusion Policies via Past-Token Prediction');
    expect(library.random(0.5, 'no-such-topic')).toBeUndefined();
  });

  it('adds papers incrementally: new ones become searchable and change the version, duplicates merge', () => {
    const copy = new Library(library.all(), library.topics);
    const version = copy.version;
    const paper: Paper = {
      ...makePaper('2611.99999', '2026-11-27', 'Zebrafish Attention for Hyperlong Contexts'),
      abstract: 'We propose zebrafish attention.',
    };
    expect(copy.add([paper, { ...paper, arxivId: '2611.99999', upvotes: 4 }]).map((p) => p.key)).toEqual(['2611.99999']);
    expect(copy.size).toBe(59);
    expect(copy.version).not.toBe(version);
    expect(copy.search({ query: 'zebrafish' }).hits.map((hit) => [hit.paper.key, hit.paper.upvotes])).toEqual([['2611.99999', 4]]);
    expect(copy.latest(1)[0]?.key).toBe('2611.99999');
    expect(copy.add([paper])).toEqual([]);
  });
});

describe('Library search over more than 1,000 matches', () => {
  /**
   * 7,000 papers, 1,100 of them about zebrafish (16%: under the share at which large digests
   * drop a word as too common). 700 name it in the title (most relevant, oldest, few
   * upvotes), 300 in a short abstract, and 100 in a long abstract (least relevant: BM25
   * discounts long texts) that are the newest and the most upvoted.
   */
  let big: Library;
  const filler = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
  beforeAll(() => {
    const day = (year: number, n: number) => `${year}-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;
    const paper = (n: number, title: string, abstract: string, publishedAt: string, upvotes: number): Paper => ({
      ...makePaper(`2401.${String(n).padStart(5, '0')}`, publishedAt, title),
      abstract,
      upvotes,
    });
    const papers: Paper[] = [];
    for (let n = 0; n < 700; n++) papers.push(paper(n, `Zebrafish study ${n}`, 'Fish.', day(2023, n), n % 50));
    for (let n = 700; n < 1000; n++) papers.push(paper(n, `Fish study ${n}`, 'We study zebrafish.', day(2024, n), 100 + (n % 50)));
    for (let n = 1000; n < 1100; n++) papers.push(paper(n, `Fish model ${n}`, `We study zebrafish and ${filler}.`, day(2026, n), 1000 + n));
    for (let n = 1100; n < 7000; n++) papers.push(paper(n, `Other paper ${n}`, 'Nothing to see.', day(2022, n), 0));
    big = new Library(papers);
  });

  it('tells the true total, and relevance lists the 1,000 best', () => {
    const relevance = big.search({ query: 'zebrafish' });
    expect([relevance.total, relevance.hits.length]).toEqual([1100, 1000]);
    // The titles first; none of the long abstracts make the best thousand.
    expect(relevance.hits[0]?.paper.title).toMatch(/^Zebrafish study/);
    expect(relevance.hits.some((hit) => hit.paper.abstract.length > 200)).toBe(false);
  });

  it('sorts every match by date or upvotes, not only the 1,000 most relevant', () => {
    const newest = big.search({ query: 'zebrafish', sort: 'newest' });
    expect([newest.total, newest.hits.length]).toEqual([1100, 1000]);
    // The 100 least relevant papers are the newest: all of them come first.
    expect(newest.hits.slice(0, 100).every((hit) => hit.paper.publishedAt?.startsWith('2026'))).toBe(true);
    const expectedNewest = big
      .all()
      .filter((paper) => /zebrafish/i.test(`${paper.title} ${paper.abstract}`))
      .sort(byNewest)
      .slice(0, 1000)
      .map((paper) => paper.key);
    expect(newest.hits.map((hit) => hit.paper.key)).toEqual(expectedNewest);

    const upvoted = big.search({ query: 'zebrafish', sort: 'upvotes' });
    expect(upvoted.hits.slice(0, 3).map((hit) => hit.paper.upvotes)).toEqual([2099, 2098, 2097]);
    const expectedUpvoted = big
      .all()
      .filter((paper) => /zebrafish/i.test(`${paper.title} ${paper.abstract}`))
      .sort(byUpvotes)
      .slice(0, 1000)
      .map((paper) => paper.key);
    expect(upvoted.hits.map((hit) => hit.paper.key)).toEqual(expectedUpvoted);
  });

  it('counts and sorts only papers since the day asked', () => {
    const since = big.search({ query: 'zebrafish', sort: 'newest', since: '2026-01-01' });
    expect([since.total, since.hits.length]).toEqual([100, 100]);
    expect(big.search({ query: 'zebrafish', since: '2024-01-01' }).total).toBe(400);
  });
});

describe('Library document frequencies', () => {
  const stem = (word: string) => processTerm(word) as string;

  it('counts the words a merged record brings, once per paper', () => {
    const paper: Paper = { ...makePaper('2611.99998', '2026-11-27', 'Zebrafish Attention'), abstract: 'We propose zebrafish attention.' };
    const copy = new Library([...library.all(), paper], library.topics);
    expect(copy.documentFrequency(stem('quokka'))).toBe(0);
    expect(copy.documentFrequency(stem('zebrafish'))).toBe(1);
    // A later record brings a keyword: the paper now holds the word, and search finds it by it.
    copy.add([{ ...paper, keywords: ['quokka'] }]);
    expect(copy.documentFrequency(stem('quokka'))).toBe(1);
    expect(copy.search({ query: 'quokka' }).hits.map((hit) => hit.paper.key)).toEqual(['2611.99998']);
    // The same record again, or a merge bringing nothing new, changes no count.
    copy.add([{ ...paper, keywords: ['quokka'] }, paper]);
    expect(copy.documentFrequency(stem('quokka'))).toBe(1);
    expect(copy.documentFrequency(stem('zebrafish'))).toBe(1);
    copy.add([{ ...makePaper('2611.99997', '2026-11-27', 'Quokka Routing'), abstract: 'Quokka.' }]);
    expect(copy.documentFrequency(stem('quokka'))).toBe(2);
  });

  it('forgets the words a replaced record no longer has, when it knows the record it replaces', () => {
    const before: Paper = { ...makePaper('2611.99996', '2026-11-27', 'Wombat Decoding'), keywords: ['quokka'] };
    const index = new PaperIndex([before]);
    expect(index.documentFrequency(stem('quokka'))).toBe(1);
    index.addAll([{ ...before, keywords: ['numbat'] }], () => before);
    expect([index.documentFrequency(stem('quokka')), index.documentFrequency(stem('numbat')), index.documentFrequency(stem('wombat'))]).toEqual([0, 1, 1]);
  });
});

describe('Library short ids (button custom ids)', () => {
  it('finds a paper without arXiv id by its short id from a map, and an arXiv paper by its id', () => {
    const titled: Paper = { ...makePaper('title:a paper without id', '2026-11-01', 'A paper without id'), arxivId: null };
    const copy = new Library([...library.all(), titled], library.topics);
    const shortId = paperShortId(titled);
    expect(shortId).toMatch(/^t[0-9a-f]{16}$/);
    expect(copy.getByShortId(shortId)?.key).toBe('title:a paper without id');
    expect(copy.getByShortId('2605.14589')?.title).toBe('EndPrompt: Efficient Long-Context Extension via Terminal Anchoring');
    expect(copy.getByShortId('t0000000000000000')).toBeUndefined();
  });

  it('keeps /latest current as papers arrive, without rebuilding', () => {
    const copy = new Library(library.all(), library.topics);
    expect(copy.latest(1)[0]?.key).toBe('2606.12195');
    expect(copy.newestDate).toBe(copy.latest(1)[0]?.publishedAt);
    copy.add([makePaper('2611.00001', '2026-11-20', 'Arrived today')]);
    expect(copy.latest(2).map((paper) => paper.key)).toEqual(['2611.00001', '2606.12195']);
    // The health report's newest date follows, without reading the order.
    expect(copy.newestDate).toBe('2026-11-20');
    expect(new Library([]).newestDate).toBeNull();
    // An undated paper goes among the undated, last: before the seed's paper without
    // metadata, whose unknown upvotes sort after its 0.
    copy.add([{ ...makePaper('2611.00002', null, 'Undated'), upvotes: 0 }]);
    expect(
      copy
        .latest(copy.size)
        .slice(-3)
        .map((paper) => paper.key),
    ).toEqual(['2104.00650', '2611.00002', '2605.13831']);
    // A later record of a known paper can bring its date: the order follows.
    copy.add([makePaper('2611.00002', '2026-11-25', 'Undated')]);
    expect(copy.latest(3).map((paper) => paper.key)).toEqual(['2611.00002', '2611.00001', '2606.12195']);
    expect(
      copy
        .latest(copy.size)
        .slice(-2)
        .map((paper) => paper.key),
    ).toEqual(['2104.00650', '2605.13831']);
  });
});

describe('parseSince', () => {
  it.each([
    ['2025-01-31', '2025-01-31'],
    ['2025-01', '2025-01-01'],
    ['2024', '2024-01-01'],
    ['Jan 2025', '2025-01-01'],
    ['Oct 2, 2024', '2024-10-02'],
    ['30d', '2026-10-29'],
    ['6 months', '2026-05-28'],
    ['1 year ago', '2025-11-28'],
    ['2 weeks', '2026-11-14'],
  ])('%s → %s', (input, expected) => {
    expect(parseSince(input, SEED_NOW)).toBe(expected);
  });

  it.each(['', 'yesterday-ish', '2025-13-01', '2025-02-30', 'x'.repeat(100), '99999 years'])('rejects %j', (input) => {
    expect(parseSince(input, SEED_NOW)).toBeNull();
  });
});

describe('the shipped topics', () => {
  it('names and describes every topic', () => {
    const topics = JSON.parse(readFileSync(new URL('../../src/library/default-topics.json', import.meta.url), 'utf8')) as {
      name: string;
      description: string;
    }[];
    expect(topics.length).toBeGreaterThanOrEqual(9);
    for (const topic of topics) expect(topic.description.length).toBeGreaterThan(20);
  });
});
