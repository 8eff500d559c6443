import { describe, expect, it } from 'vitest';
import { paperShortId } from '../../src/library/short-id.js';
import { MAX_SAVED_PAPERS } from '../../src/store/saved-paper-store.js';
import { makePaper as paper } from '../support/make-paper.js';
import { storeEngines } from '../support/store-engines.js';

const ALICE = '400000000000000001';
const BOB = '400000000000000002';

describe.each(storeEngines())('SavedPaperStore ($name)', (engine) => {
  const temp = engine.use('each');
  const save = (user: string, p: ReturnType<typeof paper>, at: string) => temp.stores.saved.save(user, p, paperShortId(p), new Date(at));

  it('keeps one private list per user, newest saved first, and counts it', async () => {
    const a = paper('2611.00001', '2026-11-01');
    const b = paper('2611.00002', '2026-11-02');
    expect(await save(ALICE, a, '2026-11-20T10:00:00Z')).toEqual({ status: 'saved', count: 1 });
    expect(await save(ALICE, b, '2026-11-20T10:00:00Z')).toEqual({ status: 'saved', count: 2 });
    // Saving again changes nothing: the list holds a paper once.
    expect(await save(ALICE, a, '2026-11-21T10:00:00Z')).toEqual({ status: 'already', count: 2 });
    expect(await save(BOB, b, '2026-11-21T10:00:00Z')).toEqual({ status: 'saved', count: 1 });
    const saved = temp.stores.saved;
    // Same second: the order of saving still decides (b was saved after a).
    expect((await saved.page(ALICE, 0, 10)).map((item) => item.paper.key)).toEqual(['2611.00002', '2611.00001']);
    expect((await saved.page(ALICE, 1, 10)).map((item) => item.shortId)).toEqual(['2611.00001']);
    expect((await saved.all(BOB)).map((item) => [item.paper.key, item.savedAt])).toEqual([['2611.00002', '2026-11-21T10:00:00.000Z']]);
    expect([await saved.count(ALICE), await saved.count(BOB), await saved.count('nobody')]).toEqual([2, 1, 0]);
  });

  it('removes by short id (a title-keyed paper too), puts a paper saved again on top, and clears one user only', async () => {
    const titled = paper('title:a paper without an id', null, 'A paper without an id');
    const a = paper('2611.00001', '2026-11-01');
    await save(ALICE, titled, '2026-11-20T10:00:00Z');
    await save(ALICE, a, '2026-11-20T11:00:00Z');
    await save(BOB, a, '2026-11-20T11:00:00Z');
    const saved = temp.stores.saved;
    expect(paperShortId(titled)).toMatch(/^t[0-9a-f]{16}$/);
    expect(await saved.isSaved(ALICE, paperShortId(titled))).toBe(true);
    expect((await saved.remove(ALICE, paperShortId(titled)))?.title).toBe('A paper without an id');
    expect(await saved.remove(ALICE, paperShortId(titled))).toBeNull();
    await save(ALICE, titled, '2026-11-20T12:00:00Z');
    expect((await saved.all(ALICE)).map((item) => item.paper.key)).toEqual(['title:a paper without an id', '2611.00001']);
    expect(await saved.clear(ALICE)).toBe(2);
    expect(await saved.clear(ALICE)).toBe(0);
    expect(await saved.count(BOB)).toBe(1);
  });

  it(`refuses more than ${MAX_SAVED_PAPERS} papers in one list`, async () => {
    const saved = temp.stores.saved;
    for (let i = 0; i < MAX_SAVED_PAPERS; i++) await save(ALICE, paper(`2611.${String(i).padStart(5, '0')}`, '2026-11-01'), '2026-11-20T10:00:00Z');
    expect(await saved.count(ALICE)).toBe(MAX_SAVED_PAPERS);
    expect(await save(ALICE, paper('2612.00001', '2026-12-01'), '2026-12-02T10:00:00Z')).toEqual({ status: 'full', count: MAX_SAVED_PAPERS });
    // A paper already in a full list is still "already", so its Save button removes it.
    expect((await save(ALICE, paper('2611.00007', '2026-11-01'), '2026-12-02T10:00:00Z')).status).toBe('already');
    expect(await saved.all(ALICE)).toHaveLength(MAX_SAVED_PAPERS);
  });

  it('survives a reopen', async () => {
    await save(ALICE, paper('2611.00001', '2026-11-01'), '2026-11-20T10:00:00Z');
    const stores = await temp.reopen();
    expect((await stores.saved.all(ALICE)).map((item) => item.paper.title)).toEqual(['Paper 2611.00001']);
  });
});
