import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/library/library.js';
import { miniSearchRecords, MiniSearchRestore } from '../../src/library/minisearch-records.js';
import { PaperIndex } from '../../src/library/paper-index.js';
import { indexedText } from '../../src/library/search-options.js';
import { processTerm, tokenize } from '../../src/library/text-analysis.js';
import { makePaper } from '../support/make-paper.js';
import { seedLibrary } from '../support/seed-library.js';
import type { Paper } from '../../src/digest/paper.js';
import { sameTerms, throughJson } from '../support/snapshot-records.js';

/** toJSON() with its terms sorted (see sameTerms). */
const sortedJson = (search: MiniSearch<Doc>) => {
  const json = search.toJSON();
  return { ...json, index: [...json.index].sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
};

type Doc = { id: number | string; text: string; tag?: string };
const options = { fields: ['text', 'tag'], storeFields: ['tag'] };

function restored(search: MiniSearch<Doc>): MiniSearch<Doc> {
  const [first, ...rest] = throughJson(miniSearchRecords(search)) as [string, unknown][];
  const restore = new MiniSearchRestore<Doc>(first?.[1], options);
  for (const [kind, payload] of rest) restore.take(kind as 'documents' | 'terms', payload);
  return restore.finish();
}

describe("a MiniSearch index's records", () => {
  it("restore what toJSON() gives, after adds, replacements and removals (so an upgrade that moves MiniSearch's fields fails here)", () => {
    const search = new MiniSearch<Doc>(options);
    search.addAll([
      { id: 1, text: 'ring attention over long context', tag: 'a' },
      { id: 'two', text: 'sparse attention kernels' },
      { id: 3, text: 'kv cache quantization', tag: 'c' },
    ]);
    search.replace({ id: 'two', text: 'dense attention kernels', tag: 'b' });
    search.discard(3);
    const back = restored(search);
    expect(sortedJson(back)).toEqual(sortedJson(search));
    expect(back.search('attention').map((hit) => [hit.id, hit.score, hit['tag']])).toEqual(
      search.search('attention').map((hit) => [hit.id, hit.score, hit['tag']]),
    );
    // Restored, it takes adds and removals as the first does.
    for (const index of [search, back]) {
      index.add({ id: 4, text: 'attention sinks' });
      index.remove({ id: 1, text: 'ring attention over long context', tag: 'a' });
    }
    expect(back.search('attention').map((hit) => [hit.id, hit.score])).toEqual(search.search('attention').map((hit) => [hit.id, hit.score]));
    expect(back.search('attention').map((hit) => hit.id)).toEqual([4, 'two']);
  });

  it('refuse records of another shape with a TypeError', () => {
    expect(() => new MiniSearchRestore({}, options)).toThrow(TypeError);
    const header = { documentCount: 1, nextId: 1, fieldIds: { text: 0, tag: 1 }, averageFieldLength: [1, 0], dirtCount: 0 };
    const restore = new MiniSearchRestore<Doc>(header, options);
    expect(() => restore.take('terms', [[7]])).toThrow(TypeError);
    expect(() => restore.take('terms', [['word', [0, 1]]])).toThrow(TypeError);
    // Postings: a field the index lacks, a gap or count that is no number, ids that do not rise, a fractional id or count.
    for (const postings of [
      [5, 0, 1],
      [0, null, 1],
      [0, 0, null],
      [0, '1', 1],
      [0, 0, 1, 0, 1],
      [0, 0, 0],
      [0, 0.5, 1],
      [0, 0, 1.5],
      // An id past what a posting holds exactly (PostingList.MAX_ID).
      [0, 2 ** 32, 1],
    ]) {
      expect(() => restore.take('terms', [['word', postings]]), JSON.stringify(postings)).toThrow(/malformed postings/);
    }
    expect(() => restore.take('documents', [0, 'a', null, 1])).toThrow(TypeError);
    // A header counting a document the records never gave.
    expect(() => restore.finish()).toThrow(/0 documents of 1/);
  });
});

describe("a library's records", () => {
  it('restore a library that answers as the first, on the seed digest', async () => {
    const library = await seedLibrary();
    library.add([makePaper('2611.00001', '2026-11-27', 'Ring attention for very long videos')]);
    const loaded = Library.fromRecords(throughJson(library.records()), library.topics);
    const keys = (of: Library) => of.search({ query: 'ring attention' }).hits.map((hit) => hit.paper.key);
    expect(keys(loaded)).toEqual(keys(library));
    expect(keys(loaded)).toContain('2611.00001');
    expect(loaded.all()).toEqual(library.all());
    expect(loaded.latest(5)).toEqual(library.latest(5));
    expect(loaded.topicSummaries()).toEqual(library.topicSummaries());
    expect(loaded.expandAbbreviation('moe')).toEqual(library.expandAbbreviation('moe'));
    expect(loaded.keyTerms('sparse mixture of experts routing', 3)).toEqual(library.keyTerms('sparse mixture of experts routing', 3));
    expect(loaded.suggestTitles('ring att', 3)).toEqual(library.suggestTitles('ring att', 3));
    // And it writes the same records again.
    expect(sameTerms(loaded.records())).toEqual(sameTerms(library.records()));
  });

  it('are refused when cut short, out of order, of another term format, or counting other papers', async () => {
    const library = await seedLibrary();
    const records = throughJson(library.records()) as [string, unknown][];
    const refused = (changed: unknown[]) => () => Library.fromRecords(changed, library.topics);
    expect(refused(records.slice(0, -1))).toThrow('snapshot: no end record');
    expect(refused(records.filter(([kind]) => kind !== 'search'))).toThrow(/before the search header/);
    expect(refused(records.map(([kind, payload]) => (kind === 'index' ? [kind, { ...(payload as object), termFormat: 1 }] : [kind, payload])))).toThrow(
      /term format 1/,
    );
    expect(refused(records.map(([kind, payload]) => (kind === 'end' ? [kind, { papers: 3 }] : [kind, payload])))).toThrow(/58 papers of 3/);
    expect(refused([...records, ['papers', []]])).toThrow(/after the end/);
    expect(refused([['surprise', 1], ...records])).toThrow(/unknown record surprise/);
    expect(refused(['not a record', ...records])).toThrow(TypeError);
  });

  it('counts every add that changes the library, and none that adds nothing', async () => {
    const library = await seedLibrary();
    const before = library.changes;
    library.add([]);
    expect(library.changes).toBe(before);
    library.add([makePaper('2611.00002', '2026-11-27')]);
    expect(library.changes).toBe(before + 1);
  });
});

describe('the paper index after replaced papers', () => {
  const replaced = (paper: Paper) => ({ ...paper, title: `Replaced ${paper.key}`, abstract: `Other words about ${paper.key} only.` });
  const restoredIndex = (index: PaperIndex) => {
    const restore = PaperIndex.restore();
    for (const [kind, payload] of throughJson(index.records()) as [string, unknown][]) expect(restore.take(kind, payload)).toBe(true);
    return new PaperIndex([], restore.finish());
  };

  it('is settled once MiniSearch has cleaned up after them in the background, and its records restore it', async () => {
    const library = await seedLibrary();
    const index = new PaperIndex(library.all());
    // Every paper again with other words: MiniSearch starts its clean-up (auto-vacuum) in batches.
    index.addAll(library.all().map(replaced));
    expect(index.cleaningUp).toBe(true);
    await index.settled();
    expect(index.cleaningUp).toBe(false);
    const back = restoredIndex(index);
    expect(sameTerms(back.records())).toEqual(sameTerms(index.records()));
    expect(back.search('Replaced').hits.map((hit) => hit.key)).toEqual(index.search('Replaced').hits.map((hit) => hit.key));
  });

  it('leaves nothing a search could remove while its records are being written', async () => {
    const library = await seedLibrary();
    const index = new PaperIndex(library.all());
    // Too few replaced to start the background clean-up: their old words wait for a search to meet them.
    const few = library.all().slice(0, 5);
    index.addAll(few.map(replaced));
    expect(index.cleaningUp).toBe(false);
    await index.settled();
    const before = throughJson(index.records()) as [string, unknown][];
    expect(before.find(([kind]) => kind === 'search')?.[1]).toMatchObject({ dirtCount: 0 });
    // The records up to the middle of the terms, then a search for the replaced papers' old
    // words (which would drop their postings, had settled() left them), then the rest.
    const records = index.records();
    const termsFrom = before.findIndex(([kind]) => kind === 'terms');
    const termRecords = before.filter(([kind]) => kind === 'terms').length;
    expect(termRecords).toBeGreaterThanOrEqual(2);
    const written: unknown[] = [];
    for (let i = 0; i <= termsFrom + Math.floor(termRecords / 2) - 1; i++) written.push(JSON.parse(JSON.stringify(records.next().value)));
    for (const paper of few) index.search(paper.title);
    written.push(...throughJson(records));
    expect(written).toEqual(before);
  });
});

describe("the paper index's vocabulary", () => {
  it("holds each paper's stems and shortest words as tokenizing its indexed text gives them, learned from MiniSearch's own pass", async () => {
    const library = await seedLibrary();
    const index = new PaperIndex(library.all());
    const surfaceForms = new Map<string, string>();
    const documentFrequency = new Map<string, number>();
    for (const paper of library.all()) {
      const stems = new Set<string>();
      for (const token of tokenize(indexedText(paper))) {
        const word = token.toLowerCase();
        const stem = processTerm(word);
        if (stem === null) continue;
        const known = surfaceForms.get(stem);
        if (known === undefined || word.length < known.length) surfaceForms.set(stem, word);
        stems.add(stem);
      }
      for (const stem of stems) documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
    }
    const records = throughJson(index.records()) as [string, [string, unknown][]][];
    const pairs = (kind: string) => new Map(records.filter(([k]) => k === kind).flatMap(([, payload]) => payload));
    expect(pairs('surfaceForms')).toEqual(surfaceForms);
    expect(pairs('documentFrequency')).toEqual(documentFrequency);
    // CamelCase names count with their parts: "RingAttention" also counts "ring" and "attention".
    expect(surfaceForms.size).toBeGreaterThan(1000);
    // A search between adds learns nothing: only adding a paper records its words.
    index.search('zzyzx quokkas');
    expect(index.documentFrequency('quokka')).toBe(0);
    expect(throughJson(index.records())).toEqual(records);
  });
});
