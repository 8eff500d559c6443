import { describe, expect, it } from 'vitest';
import { paperShortId } from '../../src/library/short-id.js';
import { MAX_SAVED_PAPERS } from '../../src/saved/saved-paper-store.js';
import { HF_CACHE_TTL_MS } from '../../src/unfurl/hf-paper-cache.js';
import { makePaper as paper } from '../support/make-paper.js';
import { useTempStore } from '../support/temp-store.js';

const ALICE = '400000000000000001';
const BOB = '400000000000000002';
const DAY = 86_400_000;

describe('the store of papers in the conversation', () => {
  const temp = useTempStore('each');

  describe('saved papers', () => {
    const save = (user: string, p: ReturnType<typeof paper>, at: string) => temp.store.savedPapers().save(user, p, paperShortId(p), new Date(at));

    it('keeps one private list per user, newest saved first, and counts it', () => {
      const a = paper('2611.00001', '2026-11-01');
      const b = paper('2611.00002', '2026-11-02');
      expect(save(ALICE, a, '2026-11-20T10:00:00Z')).toEqual({ status: 'saved', count: 1 });
      expect(save(ALICE, b, '2026-11-20T10:00:00Z')).toEqual({ status: 'saved', count: 2 });
      // Saving again changes nothing: the list holds a paper once.
      expect(save(ALICE, a, '2026-11-21T10:00:00Z')).toEqual({ status: 'already', count: 2 });
      expect(save(BOB, b, '2026-11-21T10:00:00Z')).toEqual({ status: 'saved', count: 1 });
      const saved = temp.store.savedPapers();
      // Same second: the order of saving still decides (b was saved after a).
      expect(saved.page(ALICE, 0, 10).map((item) => item.paper.key)).toEqual(['2611.00002', '2611.00001']);
      expect(saved.page(ALICE, 1, 10).map((item) => item.shortId)).toEqual(['2611.00001']);
      expect(saved.all(BOB).map((item) => [item.paper.key, item.savedAt])).toEqual([['2611.00002', '2026-11-21T10:00:00.000Z']]);
      expect([saved.count(ALICE), saved.count(BOB), saved.count('nobody')]).toEqual([2, 1, 0]);
    });

    it('removes by short id (a title-keyed paper too), puts a paper saved again on top, and clears one user only', () => {
      const titled = paper('title:a paper without an id', null, 'A paper without an id');
      const a = paper('2611.00001', '2026-11-01');
      save(ALICE, titled, '2026-11-20T10:00:00Z');
      save(ALICE, a, '2026-11-20T11:00:00Z');
      save(BOB, a, '2026-11-20T11:00:00Z');
      const saved = temp.store.savedPapers();
      expect(paperShortId(titled)).toMatch(/^t[0-9a-f]{16}$/);
      expect(saved.isSaved(ALICE, paperShortId(titled))).toBe(true);
      expect(saved.remove(ALICE, paperShortId(titled))?.title).toBe('A paper without an id');
      expect(saved.remove(ALICE, paperShortId(titled))).toBeNull();
      save(ALICE, titled, '2026-11-20T12:00:00Z');
      expect(saved.all(ALICE).map((item) => item.paper.key)).toEqual(['title:a paper without an id', '2611.00001']);
      expect(saved.clear(ALICE)).toBe(2);
      expect(saved.clear(ALICE)).toBe(0);
      expect(saved.count(BOB)).toBe(1);
    });

    it(`refuses more than ${MAX_SAVED_PAPERS} papers in one list`, () => {
      const saved = temp.store.savedPapers();
      for (let i = 0; i < MAX_SAVED_PAPERS; i++) save(ALICE, paper(`2611.${String(i).padStart(5, '0')}`, '2026-11-01'), '2026-11-20T10:00:00Z');
      expect(saved.count(ALICE)).toBe(MAX_SAVED_PAPERS);
      expect(save(ALICE, paper('2612.00001', '2026-12-01'), '2026-12-02T10:00:00Z')).toEqual({ status: 'full', count: MAX_SAVED_PAPERS });
      // A paper already in a full list is still "already", so its Save button removes it.
      expect(save(ALICE, paper('2611.00007', '2026-11-01'), '2026-12-02T10:00:00Z').status).toBe('already');
      expect(saved.all(ALICE)).toHaveLength(MAX_SAVED_PAPERS);
    });

    it('survives a reopen', () => {
      save(ALICE, paper('2611.00001', '2026-11-01'), '2026-11-20T10:00:00Z');
      temp.reopen();
      expect(
        temp.store
          .savedPapers()
          .all(ALICE)
          .map((item) => item.paper.title),
      ).toEqual(['Paper 2611.00001']);
    });
  });

  describe('Hugging Face lookups', () => {
    const t0 = Date.parse('2026-11-20T10:00:00Z');

    it('believes a found paper and a 404 for a day, a failure for 5 minutes', () => {
      const cache = temp.store.hfPapers();
      cache.put('2611.00001', { status: 'found', paper: paper('2611.00001', '2026-11-01') }, t0);
      cache.put('2611.00002', { status: 'missing' }, t0);
      cache.put('2611.00003', { status: 'failed' }, t0);
      expect(cache.fresh('2611.00001', t0 + DAY - 1)).toMatchObject({ status: 'found', paper: { key: '2611.00001' } });
      expect(cache.fresh('2611.00001', t0 + DAY)).toBeUndefined();
      expect(cache.fresh('2611.00002', t0 + DAY - 1)).toEqual({ status: 'missing' });
      expect(cache.fresh('2611.00003', t0 + HF_CACHE_TTL_MS.failed - 1)).toEqual({ status: 'failed' });
      expect(cache.fresh('2611.00003', t0 + HF_CACHE_TTL_MS.failed)).toBeUndefined();
      expect(cache.fresh('2611.09999', t0)).toBeUndefined();
    });

    it('keeps the last paper found through a later miss, for Save presses on old cards, and forgets rows after 30 days', () => {
      const cache = temp.store.hfPapers();
      cache.put('2611.00001', { status: 'found', paper: paper('2611.00001', '2026-11-01') }, t0);
      cache.put('2611.00001', { status: 'failed' }, t0 + 2 * DAY);
      expect(cache.fresh('2611.00001', t0 + 2 * DAY)).toEqual({ status: 'failed' });
      expect(cache.lastFound('2611.00001')?.key).toBe('2611.00001');
      expect(cache.lastFound('2611.00002')).toBeNull();
      cache.put('2611.00002', { status: 'missing' }, t0 + 33 * DAY);
      expect(cache.lastFound('2611.00001')).toBeNull();
    });
  });

  describe('unfurl settings', () => {
    it('are on until turned off, per guild and channel, a thread following its parent', () => {
      const settings = temp.store.unfurlSettings();
      expect(settings.isEnabled('g1', ['c1'])).toBe(true);
      settings.set({ guildId: 'g1', channelId: 'c1', enabled: false, changedBy: ALICE });
      expect(settings.isEnabled('g1', ['c1'])).toBe(false);
      expect(settings.isEnabled('g1', ['thread', 'c1'])).toBe(false);
      // Another guild naming the same channel id changes nothing there.
      expect(settings.isEnabled('g2', ['c1'])).toBe(true);
      settings.set({ guildId: 'g1', channelId: 'c1', enabled: true, changedBy: ALICE });
      expect(settings.isEnabled('g1', ['c1'])).toBe(true);
      expect(settings.isEnabled('g1', ['thread', 'c1'])).toBe(true);
    });
  });

  describe('thread subscriptions', () => {
    it('form one paper-thread batch per paper for a threaded channel, oldest first, and settle its delivery', () => {
      temp.store.addSubscription({ guildId: 'g', channelId: 'threaded', topicId: null, keywords: null, createdBy: ALICE, threads: true });
      const { subscription } = temp.store.addSubscription({ guildId: 'g', channelId: 'plain', topicId: null, keywords: null, createdBy: ALICE });
      expect(subscription.threads).toBe(false);
      const papers = [paper('2611.00002', '2026-11-02'), paper('2611.00001', '2026-11-01')];
      temp.store.enqueue(papers.flatMap((p) => ['threaded', 'plain'].map((channelId) => ({ paper: p, channelId }))));
      expect(temp.store.formBatches()).toBe(3);
      const batches = temp.store.dueBatches();
      expect(batches.map((batch) => [batch.kind, batch.channelId, batch.papers.map((p) => p.key)])).toEqual([
        ['paper-thread', 'threaded', ['2611.00001']],
        ['paper-thread', 'threaded', ['2611.00002']],
        ['papers', 'plain', ['2611.00001', '2611.00002']],
      ]);
      temp.store.markSent(batches[0]?.id as number, 'm1');
      expect(
        temp.store
          .deliveries()
          .filter((d) => d.channelId === 'threaded')
          .map((d) => [d.paperKey, d.status]),
      ).toEqual([
        ['2611.00002', 'pending'],
        ['2611.00001', 'sent'],
      ]);
    });
  });
});
