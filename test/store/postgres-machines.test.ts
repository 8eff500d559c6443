import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paperShortId } from '../../src/library/short-id.js';
import type { Batch } from '../../src/store/outbox-store.js';
import { lockOutbox } from '../../src/store/postgres/advisory-locks.js';
import { openPostgresStores, type PostgresStores } from '../../src/store/postgres/open-postgres-stores.js';
import { MAX_SAVED_PAPERS } from '../../src/store/saved-paper-store.js';
import { SubscriptionLimitReached } from '../../src/store/subscription-store.js';
import { makePaper as paper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';
import { postgresUrl, usePostgresStores } from '../support/postgres-database.js';

const ALICE = '400000000000000001';

/** Resolves to what `work` resolves to, or rejects when it takes longer than `ms` (it waited for a lock it should not need). */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms).unref())]);
}

describe.skipIf(postgresUrl === null)('two machines on one PostgreSQL database', () => {
  const temp = usePostgresStores('each');
  /** The second machine's stores, on the same database. */
  let other: PostgresStores;
  beforeEach(async () => {
    other = await openPostgresStores(temp.url, { log: memoryLogger().log });
  });
  afterEach(async () => {
    await other.close();
  });

  it('claim batches at the same moment and never the same one: each takes another guild’s turn', async () => {
    // 12 guilds with 2 digests each; both machines claim at once, 12 times, then mark what they claimed as sent.
    const guilds = Array.from({ length: 12 }, (_, i) => `g${String(i).padStart(2, '0')}`);
    for (const guild of guilds)
      await temp.stores.subscriptions.add({ guildId: guild, channelId: `c-${guild}`, topicId: null, keywords: null, createdBy: ALICE });
    for (const round of [1, 2])
      for (const guild of guilds)
        await temp.stores.outbox.queueBatch({ kind: 'digest', channelId: `c-${guild}`, payload: { papers: [] }, dedupeKey: `${guild}:${round}` });
    const claimed: Batch[] = [];
    for (let round = 0; round < 12; round++) {
      const pair = await Promise.all([temp.stores.outbox.claimNext(0), other.outbox.claimNext(0)]);
      // Without the claim lock (lockClaims: claims one at a time), both would read the same least-served guild and claim its oldest batch twice.
      expect(pair.every((batch) => batch !== null)).toBe(true);
      const [a, b] = pair as [Batch, Batch];
      expect(a.id).not.toBe(b.id);
      expect(a.channelId).not.toBe(b.channelId);
      claimed.push(a, b);
      await Promise.all([temp.stores.outbox.markSent(a.id, `m${a.id}`), other.outbox.markSent(b.id, `m${b.id}`)]);
    }
    expect(new Set(claimed.map((batch) => batch.id)).size).toBe(24);
    // Every guild was served once before any was served twice, and every guild left the turns when done.
    expect(new Set(claimed.slice(0, 12).map((batch) => batch.channelId)).size).toBe(12);
    expect(await temp.stores.outbox.claimNext(0)).toBeNull();
    expect(await temp.sql('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM outbox_turns')).toEqual([{ n: 0 }]);
  });

  it('form batches at the same moment and batch each delivery once', async () => {
    const papers = Array.from({ length: 10 }, (_, i) => paper(`2611.${String(i).padStart(5, '0')}`, '2026-11-20'));
    await temp.stores.outbox.enqueue(['c1', 'c2', 'c3'].flatMap((channelId) => papers.map((p) => ({ paper: p, channelId }))));
    const formed = await Promise.all([temp.stores.outbox.formBatches(), other.outbox.formBatches()]);
    // The outbox lock: one machine forms the three batches, the other then finds nothing left. Without it, both would batch
    // every delivery, the later assignment winning, and three batches would be left with no papers.
    expect(formed.sort()).toEqual([0, 3]);
    expect((await temp.stores.outbox.dueBatches(0)).map((batch) => [batch.channelId, batch.papers.length])).toEqual([
      ['c1', 10],
      ['c2', 10],
      ['c3', 10],
    ]);
  });

  it('form and claim without waiting for the outbox lock another machine holds, when there is nothing to form', async () => {
    await temp.stores.outbox.queueBatch({ kind: 'digest', channelId: 'c', payload: { papers: [] }, dedupeKey: 'd1' });
    const holder = new pg.Pool({ connectionString: temp.url, max: 1 });
    const client = await holder.connect();
    try {
      await client.query('BEGIN');
      await lockOutbox(client); // another machine in the middle of forming or settling batches
      expect(await within(2000, other.outbox.formBatches())).toBe(0);
      expect((await within(2000, other.outbox.claimNext(0)))?.kind).toBe('digest');
    } finally {
      await client.query('ROLLBACK');
      client.release();
      await holder.end();
    }
  });

  it('add subscriptions to one guild at the same moment and never pass its limit together', async () => {
    const limits = { perGuild: 3, perChannel: 3 };
    const add = (stores: PostgresStores, keywords: string) =>
      stores.subscriptions.add({ guildId: 'g', channelId: `c-${keywords}`, topicId: null, keywords, createdBy: ALICE }, undefined, limits);
    const results = await Promise.allSettled(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((keywords, i) => add(i % 2 === 0 ? temp.stores : other, keywords)));
    // The guild's lock: each add counts the ones committed before it. Without it, adds counting at once would all see room.
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(SubscriptionLimitReached);
    expect(await temp.stores.subscriptions.list('g')).toHaveLength(3);
  });

  it(`save to one full-but-one list at the same moment and never pass ${MAX_SAVED_PAPERS} together`, async () => {
    const json = JSON.stringify(paper('2611.00001', '2026-11-01'));
    await temp.sql(
      `INSERT INTO saved_papers (user_id, paper_key, short_id, paper_json, saved_at)
       SELECT ?, 'k' || i, 's' || i, ?, '2026-11-20T10:00:00.000Z' FROM generate_series(1, ?) AS i`,
      [ALICE, json, MAX_SAVED_PAPERS - 1],
    );
    const [a, b] = [paper('2612.00001', '2026-12-01'), paper('2612.00002', '2026-12-01')];
    const results = await Promise.all([
      temp.stores.saved.save(ALICE, a, paperShortId(a)),
      other.saved.save(ALICE, b, paperShortId(b)),
      temp.stores.saved.save(ALICE, b, paperShortId(b)),
    ]);
    // The list's lock: one save takes the last place; the others find the list full (or the paper already there).
    expect(results.filter((result) => result.status === 'saved')).toHaveLength(1);
    expect(await temp.stores.saved.count(ALICE)).toBe(MAX_SAVED_PAPERS);
  });
});
