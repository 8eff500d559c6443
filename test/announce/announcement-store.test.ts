import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnouncementStore } from '../../src/announce/announcement-store.js';
import type { Paper } from '../../src/digest/paper.js';
import { makePaper as paper } from '../support/make-paper.js';

describe('AnnouncementStore', () => {
  let dir: string;
  let store: AnnouncementStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'store-'));
    store = AnnouncementStore.open(dir);
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies versioned migrations once, in WAL mode', () => {
    // Migration 1: the announcement tables; 2: remembered search queries; 3: batch kinds; 4: digest
    // schedules; 5: saved papers, Hugging Face lookups, unfurl settings, thread subscriptions;
    // 6: schedule changes dated, due batches indexed, sent payloads dropped.
    expect(store.schemaVersion).toBe(6);
    store.setMeta('x', '1');
    store.close();
    store = AnnouncementStore.open(dir);
    expect(store.schemaVersion).toBe(6);
    expect(store.getMeta('x')).toBe('1');
    const raw = new Database(path.join(dir, 'paper-bot.sqlite'), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('queues a batch of another kind once per dedupe key, with its papers and payload, and keeps its progress', () => {
    const id = store.queueBatch({
      kind: 'digest',
      channelId: 'c',
      payload: { papers: [paper('2611.00001', '2026-11-01')], period: '2026-W47' },
      dedupeKey: 'sub1:2026-W47',
    });
    expect(id).not.toBeNull();
    expect(store.queueBatch({ kind: 'digest', channelId: 'c', payload: { papers: [] }, dedupeKey: 'sub1:2026-W47' })).toBeNull();
    expect(store.hasBatch('sub1:2026-W47')).toBe(true);
    store.saveProgress(id as number, { messageId: '42' });
    const [batch] = store.dueBatches();
    expect(batch).toMatchObject({ kind: 'digest', channelId: 'c', payload: { period: '2026-W47' }, progress: { messageId: '42' } });
    expect(batch?.papers.map((p) => p.key)).toEqual(['2611.00001']);
    expect(batch?.nonce).toMatch(/^b[0-9a-f]{16}$/);
  });

  it('remembers search queries for page buttons across a reopen', () => {
    const token = store.queryMemo().remember('a long query');
    store.close();
    store = AnnouncementStore.open(dir);
    expect(store.queryMemo().recall(token)).toBe('a long query');
    expect(store.queryMemo().recall('0000000000000000')).toBeNull();
  });

  it('remembers papers by identity and reports only the ones it had not seen', () => {
    expect(store.rememberPapers([paper('2611.00001', '2026-11-01'), paper('2611.00002', null)], 'test').map((p) => p.key)).toEqual([
      '2611.00001',
      '2611.00002',
    ]);
    expect(store.rememberPapers([paper('2611.00002', null), paper('2611.00003', null)], 'test').map((p) => p.key)).toEqual(['2611.00003']);
    expect(store.knownCount()).toBe(3);
  });

  it('keeps subscriptions per guild, without duplicates', () => {
    const first = store.addSubscription({ guildId: 'g', channelId: 'c1', topicId: null, keywords: 'kv cache', createdBy: 'u' });
    expect(first.created).toBe(true);
    expect(store.addSubscription({ guildId: 'g', channelId: 'c1', topicId: null, keywords: 'kv cache', createdBy: 'u' }).created).toBe(false);
    store.addSubscription({ guildId: 'other', channelId: 'c9', topicId: 'surveys', keywords: null, createdBy: 'u' });
    expect(store.listSubscriptions('g').map((s) => [s.channelId, s.keywords])).toEqual([['c1', 'kv cache']]);
    expect(store.listSubscriptions()).toHaveLength(2);
    expect(store.removeSubscription('other', first.subscription.id)).toBeNull(); // another guild cannot remove it
    expect(store.removeSubscription('g', first.subscription.id)?.keywords).toBe('kv cache');
    expect(store.listSubscriptions('g')).toEqual([]);
  });

  it('queues a (paper, channel) pair once, ever', () => {
    expect(store.enqueue([{ paper: paper('2611.00001', null), channelId: 'c' }])).toBe(1);
    expect(
      store.enqueue([
        { paper: paper('2611.00001', null), channelId: 'c' },
        { paper: paper('2611.00001', null), channelId: 'd' },
      ]),
    ).toBe(1);
    expect(store.backlog()).toBe(2);
  });

  it('forms batches of at most 10 per channel, oldest first, with a nonce fixed before posting', () => {
    const papers = Array.from({ length: 12 }, (_, i) => paper(`2611.${String(i).padStart(5, '0')}`, `2026-11-${String(28 - i).padStart(2, '0')}`));
    store.enqueue(papers.map((p) => ({ paper: p, channelId: 'c' })));
    store.enqueue([{ paper: papers[0] as Paper, channelId: 'd' }]);
    expect(store.formBatches()).toBe(3);
    expect(store.formBatches()).toBe(0); // already batched
    const batches = store.dueBatches();
    expect(batches.map((b) => [b.channelId, b.papers.length])).toEqual([
      ['c', 10],
      ['c', 2],
      ['d', 1],
    ]);
    expect(batches[0]?.papers[0]?.publishedAt).toBe('2026-11-17'); // oldest first
    expect(batches[1]?.papers.map((p) => p.publishedAt)).toEqual(['2026-11-28', '2026-11-27'].reverse());
    expect(batches[0]?.nonce).toMatch(/^b[0-9a-f]{16}$/);
    expect(store.dueBatches()[0]?.nonce).toBe(batches[0]?.nonce);
  });

  it('records sent, retried and parked batches', () => {
    store.enqueue([
      { paper: paper('2611.00001', null), channelId: 'c' },
      { paper: paper('2611.00002', null), channelId: 'd' },
      { paper: paper('2611.00003', null), channelId: 'e' },
    ]);
    store.formBatches();
    const [c, d, e] = store.dueBatches(0);
    store.markSent(c?.id as number, 'm1');
    store.markRetry(d?.id as number, 'HTTP 500', 5000);
    store.park(e?.id as number, '404 Unknown Channel');
    expect(store.dueBatches(4999)).toEqual([]);
    expect(store.dueBatches(5000).map((b) => [b.channelId, b.attempts])).toEqual([['d', 1]]);
    expect(store.deliveries().map((x) => x.status)).toEqual(['sent', 'pending', 'parked']);
    expect(store.backlog()).toBe(1);
  });
});
