import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/library/library.js';
import { lazyMiniSearchJson } from '../../src/library/lazy-minisearch-json.js';
import { PaperIndex } from '../../src/library/paper-index.js';
import { jsonPieces } from '../../src/worker/write-json-stream.js';
import { makePaper } from '../support/make-paper.js';
import { seedLibrary } from '../support/seed-library.js';
import type { Paper } from '../../src/digest/paper.js';

const written = (value: unknown) => JSON.parse([...jsonPieces(value)].join('')) as unknown;

describe("the index cache's lazy snapshot", () => {
  it("writes what MiniSearch's toJSON() gives, after adds, replacements and removals (so an upgrade that moves its fields fails here)", () => {
    const search = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: ['text'] });
    search.addAll([
      { id: 1, text: 'ring attention over long context' },
      { id: 2, text: 'sparse attention kernels' },
      { id: 3, text: 'kv cache quantization' },
    ]);
    search.replace({ id: 2, text: 'dense attention kernels' });
    search.discard(3);
    expect(written(lazyMiniSearchJson(search))).toEqual(JSON.parse(JSON.stringify(search.toJSON())));
  });

  it("writes the library's toSnapshot() on the seed digest, and a library loaded from it answers as the first", async () => {
    const library = await seedLibrary();
    library.add([makePaper('2611.00001', '2026-11-27', 'Ring attention for very long videos')]);
    const snapshot = written(library.toLazySnapshot());
    expect(snapshot).toEqual(JSON.parse(JSON.stringify(library.toSnapshot())));
    const loaded = new Library(library.all(), library.topics, snapshot as ReturnType<Library['toSnapshot']>);
    const keys = (of: Library) => of.search({ query: 'ring attention' }).hits.map((hit) => hit.paper.key);
    expect(keys(loaded)).toEqual(keys(library));
    expect(keys(loaded)).toContain('2611.00001');
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

  it('is settled once MiniSearch has cleaned up after them in the background', async () => {
    const library = await seedLibrary();
    const index = new PaperIndex(library.all());
    // Every paper again with other words: MiniSearch starts its clean-up (auto-vacuum) in batches.
    index.addAll(library.all().map(replaced));
    expect(index.cleaningUp).toBe(true);
    await index.settled();
    expect(index.cleaningUp).toBe(false);
    expect(written(index.toLazySnapshot())).toEqual(JSON.parse(JSON.stringify(index.toSnapshot())));
  });

  it('leaves nothing a search could remove while a snapshot is being written', async () => {
    const library = await seedLibrary();
    const index = new PaperIndex(library.all());
    // Too few replaced to start the background clean-up: their old words wait for a search to meet them.
    const few = library.all().slice(0, 5);
    index.addAll(few.map(replaced));
    expect(index.cleaningUp).toBe(false);
    await index.settled();
    // Half the snapshot written, then a search for the replaced papers' old words, then the rest.
    const pieces = jsonPieces(index.toLazySnapshot());
    const text: string[] = [];
    for (let i = 0; i < 2_000; i++) text.push(pieces.next().value as string);
    for (const paper of few) index.search(paper.title);
    for (const piece of pieces) text.push(piece);
    expect(JSON.parse(text.join(''))).toEqual(JSON.parse(JSON.stringify(index.toSnapshot())));
  });
});
