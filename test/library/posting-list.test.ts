import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { compactPostings } from '../../src/library/compact-postings.js';
import { miniSearchRecords, MiniSearchRestore } from '../../src/library/minisearch-records.js';
import { PostingList } from '../../src/library/posting-list.js';
import { throughJson } from '../support/snapshot-records.js';

/** A Map's entries in id order: a PostingList iterates by rising id. */
const byId = (map: Map<number, number>) => [...map].sort((a, b) => a[0] - b[0]);

const LARGE = 2 ** 21;
const id = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(PostingList.MAX_ID, 2 ** 31, 2 ** 31 - 1, 1_000_000));
const frequency = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom(LARGE - 2, LARGE - 1, LARGE, LARGE * 7 + 3));
const operation = fc.oneof(
  fc.record({ op: fc.constant('set' as const), id, frequency }),
  fc.record({ op: fc.constant('add' as const), id }),
  fc.record({ op: fc.constant('delete' as const), id }),
  // Deletes every id that `id` divides while iterating, as MiniSearch does with removed documents.
  fc.record({ op: fc.constant('sweep' as const), id: fc.integer({ min: 1, max: 5 }) }),
);

describe('a PostingList', () => {
  it('holds what a Map holds after any sets, adds and deletes, deletes while iterating among them (ids in rising order)', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 80 }), (operations) => {
        const list = new PostingList();
        const map = new Map<number, number>();
        for (const step of operations) {
          if (step.op === 'set') {
            list.set(step.id, step.frequency);
            map.set(step.id, step.frequency);
          } else if (step.op === 'add') {
            list.add(step.id);
            map.set(step.id, (map.get(step.id) ?? 0) + 1);
          } else if (step.op === 'delete') {
            expect(list.delete(step.id)).toBe(map.delete(step.id));
          } else {
            const seen: number[] = [];
            for (const key of list.keys()) {
              seen.push(key);
              // get right after keys() yielded it, as MiniSearch's search loop does.
              expect(list.get(key)).toBe(map.get(key));
              if (key % step.id === 0) {
                list.delete(key);
                map.delete(key);
              } else if ((map.get(key) ?? 0) > 1) {
                // A count lowered while iterating, as MiniSearch's removeTerm does.
                list.set(key, (map.get(key) ?? 0) - 1);
                map.set(key, (map.get(key) ?? 0) - 1);
              }
            }
            expect(seen).toEqual(seen.toSorted((a, b) => a - b));
          }
          expect(list.size).toBe(map.size);
        }
        expect([...list]).toEqual(byId(map));
        expect([...list.entries()]).toEqual(byId(map));
        expect([...list.keys()]).toEqual(byId(map).map(([key]) => key));
        for (const key of [0, 1, 2, 3, 39, 40, PostingList.MAX_ID, 2 ** 31]) {
          expect(list.get(key)).toBe(map.get(key));
          expect(list.has(key)).toBe(map.has(key));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('refuses a frequency under 1 or fractional, and an id that is negative, fractional or past MAX_ID', () => {
    const list = new PostingList();
    for (const [key, count] of [
      [1, 0],
      [1, 1.5],
      [1, Number.NaN],
      [-1, 1],
      [0.5, 1],
      [PostingList.MAX_ID + 1, 1],
    ] as const) {
      expect(() => list.set(key, count), `${key} ${count}`).toThrow(RangeError);
    }
    expect(list.size).toBe(0);
  });

  it('tidies deleted postings away once they outnumber the live ones, keeping what it holds, even in the middle of an iteration', () => {
    const list = new PostingList();
    for (let key = 0; key < 100; key++) list.set(key, 1 + (key % 3));
    for (let key = 0; key < 50; key++) list.delete(key);
    // As many deleted as live: kept, as tombstones.
    expect(list.slots).toBe(100);
    const seen: [number, number][] = [];
    for (const [key, count] of list) {
      seen.push([key, count]);
      // Deleting what it walks: the list tidies up to a new array while the walk goes on.
      if (key < 90) list.delete(key);
      expect(list.get(key)).toBe(key < 90 ? undefined : 1 + (key % 3));
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => [50 + i, 1 + ((50 + i) % 3)]));
    expect(list.slots).toBeLessThan(2 * list.size + 9);
    list.set(500, 2);
    expect(list.size).toBe(11);
    expect([...list]).toEqual([...Array.from({ length: 10 }, (_, i) => [90 + i, 1 + ((90 + i) % 3)]), [500, 2]]);
    // A deleted id set again is back, once.
    list.set(95, 7);
    list.delete(91);
    list.set(91, 1);
    expect([...list.keys()]).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 500]);
    expect(list.get(95)).toBe(7);
  });
});

type Doc = { id: string; text: string; tag?: string };
const options = { fields: ['text', 'tag'], storeFields: ['tag'] };
const words = ['attention', 'sparse', 'kernel', 'cache', 'ring', 'long', 'context', 'quantization', 'mixture', 'experts'];
const docs = fc.array(
  fc.record({
    id: fc.integer({ min: 0, max: 30 }).map(String),
    text: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 12 }).map((list) => list.join(' ')),
    tag: fc.option(fc.constantFrom(...words), { nil: undefined }),
  }),
  { maxLength: 40 },
);

/** toJSON() with its terms sorted. */
const sortedJson = (search: MiniSearch<Doc>) => {
  const json = search.toJSON();
  return { ...json, index: [...json.index].sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
};

/** The index's internals that hold the postings (minisearch 7.2). */
const postingsOf = (search: MiniSearch<Doc>, term: string) => (search as unknown as { _index: Map<string, Map<number, unknown>> })._index.get(term)?.get(0);

describe('compactPostings', () => {
  it('gives an index that holds and answers what a plain one does, after adds, replacements, removals and clean-ups', async () => {
    await fc.assert(
      fc.asyncProperty(docs, fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }), async (added, query) => {
        const plain = new MiniSearch<Doc>(options);
        const compact = compactPostings(new MiniSearch<Doc>(options));
        for (const index of [plain, compact]) {
          const present = new Map<string, Doc>();
          for (const doc of added) {
            if (present.has(doc.id) && doc.text.length % 3 === 0) {
              index.remove(present.get(doc.id) as Doc);
              present.delete(doc.id);
            } else if (present.has(doc.id)) {
              index.replace(doc);
              present.set(doc.id, doc);
            } else {
              index.add(doc);
              present.set(doc.id, doc);
            }
          }
        }
        const sameAnswers = () => {
          for (const text of [query.join(' '), query[0] as string]) {
            for (const searchOptions of [{}, { prefix: true, fuzzy: 0.2 }, { combineWith: 'AND' as const }]) {
              expect(compact.search(text, searchOptions)).toEqual(plain.search(text, searchOptions));
            }
          }
        };
        // Before any clean-up: searches meet removed documents and drop them from the lists as they go.
        sameAnswers();
        expect(compact.toJSON()).toEqual(plain.toJSON());
        await Promise.all([plain.vacuum(), compact.vacuum()]);
        expect(compact.toJSON()).toEqual(plain.toJSON());
        sameAnswers();
      }),
      { numRuns: 150 },
    );
  });

  it('is what a restored index holds: its postings are PostingLists, and it takes new documents as the first does', () => {
    const compact = compactPostings(new MiniSearch<Doc>(options));
    compact.addAll([
      { id: 'a', text: 'ring attention attention', tag: 'ring' },
      { id: 'b', text: 'sparse attention', tag: 'kernel' },
    ]);
    expect(postingsOf(compact, 'attention')).toBeInstanceOf(PostingList);
    const [first, ...rest] = throughJson(miniSearchRecords(compact)) as [string, unknown][];
    const restore = new MiniSearchRestore<Doc>(first?.[1], options);
    for (const [kind, payload] of rest) restore.take(kind as 'documents' | 'terms', payload);
    const back = compactPostings(restore.finish());
    expect(postingsOf(back, 'attention')).toBeInstanceOf(PostingList);
    // Terms sorted: a restored radix tree lists them in another order (see sameTerms).
    expect(sortedJson(back)).toEqual(sortedJson(compact));
    for (const index of [compact, back]) index.add({ id: 'c', text: 'attention sinks' });
    expect(back.search('attention')).toEqual(compact.search('attention'));
    expect(postingsOf(back, 'sinks')).toBeInstanceOf(PostingList);
  });
});
