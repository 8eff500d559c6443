import { describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../src/announce/outbox-worker.js';
import type { Paper } from '../../src/digest/paper.js';
import type { UnreadableBatch } from '../../src/store/outbox-store.js';
import { makePaper as paper, makePaper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';
import { storeEngines } from '../support/store-engines.js';
import { useTempStore } from '../support/temp-store.js';

const ALICE = '400000000000000001';

describe.each(storeEngines())('OutboxStore ($name)', (engine) => {
  const temp = engine.use();

  it('queues a batch of another kind once per dedupe key, with its papers and payload, and keeps its progress', async () => {
    const store = temp.stores.outbox;
    const id = await store.queueBatch({
      kind: 'digest',
      channelId: 'c',
      payload: { papers: [paper('2611.00001', '2026-11-01')], period: '2026-W47' },
      dedupeKey: 'sub1:2026-W47',
    });
    expect(id).not.toBeNull();
    expect(await store.queueBatch({ kind: 'digest', channelId: 'c', payload: { papers: [] }, dedupeKey: 'sub1:2026-W47' })).toBeNull();
    expect(await store.hasBatch('sub1:2026-W47')).toBe(true);
    await store.saveProgress(id as number, { messageId: '42' });
    const [batch] = await store.dueBatches();
    expect(batch).toMatchObject({ kind: 'digest', channelId: 'c', payload: { period: '2026-W47' }, progress: { messageId: '42' } });
    expect(batch?.papers.map((p) => p.key)).toEqual(['2611.00001']);
    expect(batch?.nonce).toMatch(/^b[0-9a-f]{16}$/);
  });

  it('queues a (paper, channel) pair once, ever', async () => {
    const store = temp.stores.outbox;
    expect(await store.enqueue([{ paper: paper('2611.00001', null), channelId: 'c' }])).toBe(1);
    expect(
      await store.enqueue([
        { paper: paper('2611.00001', null), channelId: 'c' },
        { paper: paper('2611.00001', null), channelId: 'd' },
      ]),
    ).toBe(1);
    expect(await store.backlog()).toBe(2);
  });

  it('announces papers: the new ones become known and are queued in one transaction', async () => {
    const { outbox, known } = temp.stores;
    await known.rememberKeys(['2611.00001'], 'test');
    const { fresh, queued } = await outbox.announcePapers([paper('2611.00001', null), paper('2611.00002', null)], () => ['c', 'd'], 'test');
    expect([fresh.map((p) => p.key), queued]).toEqual([['2611.00002'], 2]);
    expect(await known.unknownKeys(['2611.00002'])).toEqual([]);
    // A channel that fails its CHECK rolls the whole announcement back: the paper stays unknown.
    await expect(outbox.announcePapers([paper('2611.00003', null)], () => [null as never], 'test')).rejects.toThrow(engine.errors.notNull);
    expect(await known.unknownKeys(['2611.00003'])).toEqual(['2611.00003']);
  });

  it('forms batches of at most 10 per channel, oldest first, with a nonce fixed before posting', async () => {
    const store = temp.stores.outbox;
    const papers = Array.from({ length: 12 }, (_, i) => paper(`2611.${String(i).padStart(5, '0')}`, `2026-11-${String(28 - i).padStart(2, '0')}`));
    await store.enqueue(papers.map((p) => ({ paper: p, channelId: 'c' })));
    await store.enqueue([{ paper: papers[0] as Paper, channelId: 'd' }]);
    expect(await store.formBatches()).toBe(3);
    expect(await store.formBatches()).toBe(0); // already batched
    const batches = await store.dueBatches();
    expect(batches.map((b) => [b.channelId, b.papers.length])).toEqual([
      ['c', 10],
      ['c', 2],
      ['d', 1],
    ]);
    expect(batches[0]?.papers[0]?.publishedAt).toBe('2026-11-17'); // oldest first
    expect(batches[1]?.papers.map((p) => p.publishedAt)).toEqual(['2026-11-28', '2026-11-27'].reverse());
    expect(batches[0]?.nonce).toMatch(/^b[0-9a-f]{16}$/);
    expect((await store.dueBatches())[0]?.nonce).toBe(batches[0]?.nonce);
  });

  it('records sent, retried and parked batches', async () => {
    const store = temp.stores.outbox;
    await store.enqueue([
      { paper: paper('2611.00001', null), channelId: 'c' },
      { paper: paper('2611.00002', null), channelId: 'd' },
      { paper: paper('2611.00003', null), channelId: 'e' },
    ]);
    await store.formBatches();
    const [c, d, e] = await store.dueBatches(0);
    await store.markSent(c?.id as number, 'm1');
    await store.markRetry(d?.id as number, 'HTTP 500', 5000);
    await store.park(e?.id as number, '404 Unknown Channel');
    expect(await store.dueBatches(4999)).toEqual([]);
    expect((await store.dueBatches(5000)).map((b) => [b.channelId, b.attempts])).toEqual([['d', 1]]);
    expect((await store.deliveries()).map((x) => x.status)).toEqual(['sent', 'pending', 'parked']);
    expect(await store.backlog()).toBe(1);
  });

  it('forms one paper-thread batch per paper for a threaded channel, oldest first, and settles its delivery', async () => {
    const { subscriptions, outbox } = temp.stores;
    await subscriptions.add({ guildId: 'g', channelId: 'threaded', topicId: null, keywords: null, createdBy: ALICE, threads: true });
    const { subscription } = await subscriptions.add({ guildId: 'g', channelId: 'plain', topicId: null, keywords: null, createdBy: ALICE });
    expect(subscription.threads).toBe(false);
    const papers = [paper('2611.00002', '2026-11-02'), paper('2611.00001', '2026-11-01')];
    await outbox.enqueue(papers.flatMap((p) => ['threaded', 'plain'].map((channelId) => ({ paper: p, channelId }))));
    expect(await outbox.formBatches()).toBe(3);
    const batches = await outbox.dueBatches();
    expect(batches.map((batch) => [batch.kind, batch.channelId, batch.papers.map((p) => p.key)])).toEqual([
      ['paper-thread', 'threaded', ['2611.00001']],
      ['paper-thread', 'threaded', ['2611.00002']],
      ['papers', 'plain', ['2611.00001', '2611.00002']],
    ]);
    await outbox.markSent(batches[0]?.id as number, 'm1');
    expect((await outbox.deliveries()).filter((d) => d.channelId === 'threaded').map((d) => [d.paperKey, d.status])).toEqual([
      ['2611.00002', 'pending'],
      ['2611.00001', 'sent'],
    ]);
  });
});

describe.each(storeEngines())('OutboxStore keeps its rows valid ($name)', (engine) => {
  const temp = engine.use();

  it('refuses an invalid batch instead of answering "already queued" (null)', async () => {
    const store = temp.stores.outbox;
    await expect(store.queueBatch({ kind: null as never, channelId: 'c', payload: {}, dedupeKey: 'k1' })).rejects.toThrow(engine.errors.notNull);
    await expect(store.queueBatch({ kind: 'digest', channelId: null as never, payload: {}, dedupeKey: 'k2' })).rejects.toThrow(engine.errors.notNull);
    expect(await store.hasBatch('k1')).toBe(false);
    // The dedupe key is still the one conflict that means "queued before".
    expect(await store.queueBatch({ kind: 'digest', channelId: 'c', payload: {}, dedupeKey: 'k1' })).toEqual(expect.any(Number));
    expect(await store.queueBatch({ kind: 'digest', channelId: 'c', payload: {}, dedupeKey: 'k1' })).toBeNull();
  });

  const { sql } = temp;
  const digest = async (dedupeKey: string) =>
    (await temp.stores.outbox.queueBatch({
      kind: 'digest',
      channelId: 'c',
      payload: { papers: [makePaper('2611.00001', '2026-11-20')], chart: 'x'.repeat(1000) },
      dedupeKey,
    })) as number;

  it("drops a sent batch's payload (a digest's chart) and keeps it while the batch waits", async () => {
    const store = temp.stores.outbox;
    const sent = await digest('d1');
    const waiting = await digest('d2');
    await store.markSent(sent, 'm1');
    const payloads = await sql('SELECT id, CASE WHEN payload IS NULL THEN 1 ELSE 0 END AS dropped FROM batches ORDER BY id');
    expect(payloads).toEqual([
      { id: sent, dropped: 1 },
      { id: waiting, dropped: 0 },
    ]);
    expect((await store.dueBatches(Number.MAX_SAFE_INTEGER)).map((batch) => batch.id)).toEqual([waiting]);
  });

  it('parks a batch that no longer reads, says why, and still hands out the others', async () => {
    const store = temp.stores.outbox;
    const badPaper = await digest('bad-paper');
    const badJson = await digest('bad-json');
    const good = await digest('good');
    await store.enqueue([{ paper: makePaper('2611.00009', '2026-11-20'), channelId: 'c2' }]);
    await store.formBatches();
    // A paper written by an older version that today's schema refuses, and a payload cut short.
    await sql('UPDATE batches SET payload = ? WHERE id = ?', [
      JSON.stringify({ papers: [{ ...makePaper('2611.00002', '2026-11-20'), upvotes: -1 }] }),
      badPaper,
    ]);
    await sql('UPDATE batches SET payload = ? WHERE id = ?', ['{"papers": [', badJson]);
    await sql("UPDATE deliveries SET paper_json = '{}' WHERE channel_id = 'c2'");
    const told: UnreadableBatch[] = [];
    expect((await store.dueBatches(Number.MAX_SAFE_INTEGER, (batch) => told.push(batch))).map((batch) => batch.id)).toEqual([good]);
    expect(told.map(({ id, kind, reason }) => [id, kind, reason])).toEqual([
      [badPaper, 'digest', expect.stringMatching(/^unreadable batch: a paper does not fit the schema \(upvotes: .*>=0/)],
      [badJson, 'digest', 'unreadable batch: Unexpected end of JSON input'],
      [good + 1, 'papers', expect.stringMatching(/^unreadable batch: a paper does not fit the schema \(key: /)],
    ]);
    // Parked with the reason, deliveries too: the next look does not try them again.
    expect((await store.dueBatches(Number.MAX_SAFE_INTEGER)).map((batch) => batch.id)).toEqual([good]);
    expect((await store.deliveries()).map((delivery) => delivery.status)).toEqual(['parked']);
    expect(await store.backlog()).toBe(1);

    // The outbox posts the good one and logs each parked one with its reason.
    await sql("UPDATE batches SET status = 'pending' WHERE id = ?", [badJson]);
    const logs = memoryLogger();
    const outbox = new OutboxWorker({ store, post: () => Promise.resolve('m1'), log: logs.log });
    expect(await outbox.drainOnce()).toBe(1);
    expect(logs.lines().filter((line) => line.msg === 'announcement parked: its stored row no longer reads')).toEqual([
      expect.objectContaining({ level: 50, batch: badJson, kind: 'digest', channel: 'c', reason: expect.stringMatching(/^unreadable batch: /) }),
    ]);
  });

  it('counts pending digests in the backlog, besides pending deliveries, each post once', async () => {
    const store = temp.stores.outbox;
    expect(await store.backlog()).toBe(0);
    const queued = await digest('d1');
    expect(await store.backlog()).toBe(1); // a digest waiting to be posted
    await store.enqueue([
      { paper: makePaper('2611.00001', '2026-11-20'), channelId: 'c' },
      { paper: makePaper('2611.00002', '2026-11-20'), channelId: 'c' },
    ]);
    await store.formBatches();
    expect(await store.backlog()).toBe(3); // the 'papers' batch counts by its two deliveries, not once more itself
    await store.markSent(queued, 'm1');
    expect(await store.backlog()).toBe(2);
  });
});

describe('OutboxStore reads its due batches by index (SQLite)', () => {
  const { raw } = useTempStore();

  it('finds due batches through an index on (status, next_attempt_at), not by reading every batch ever sent', () => {
    const plan = raw((db) =>
      db
        .prepare("EXPLAIN QUERY PLAN SELECT * FROM batches WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id")
        .all(0)
        .map((row) => (row as { detail: string }).detail),
    );
    expect(plan.join('\n')).toMatch(/USING INDEX batches_due \(status=\? AND next_attempt_at<\?\)/);
  });
});
