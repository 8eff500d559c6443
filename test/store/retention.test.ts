import { describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { storedQueryMemo } from '../../src/interactions/query-memo.js';
import { Retention } from '../../src/store/retention.js';
import { PRUNE_CHUNK } from '../../src/store/sqlite/prune-in-chunks.js';
import { makePaper as paper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';
import { useTempStore } from '../support/temp-store.js';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-12-31T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

describe('pruning old copies (SQLite)', () => {
  const temp = useTempStore();
  const { raw } = temp;
  /** How many deliveries still hold their copy of the paper, by status. */
  const copies = () => raw((db) => db.prepare("SELECT status, COUNT(*) AS n FROM deliveries WHERE paper_json <> '' GROUP BY status ORDER BY status").all());

  /**
   * Queued 40 days ago: 3 sent (c1), 2 parked (c2), 1 still pending (c3: its outbox halted).
   * Queued 10 days ago: 2 sent (c4).
   */
  async function settledDeliveries(): Promise<void> {
    const { outbox } = temp.stores;
    const old = ['2611.00001', '2611.00002', '2611.00003'].map((key) => paper(key, '2026-11-20'));
    await outbox.enqueue(
      old.map((p) => ({ paper: p, channelId: 'c1' })),
      daysAgo(40),
    );
    await outbox.enqueue(
      old.slice(0, 2).map((p) => ({ paper: p, channelId: 'c2' })),
      daysAgo(40),
    );
    await outbox.enqueue([{ paper: old[0] as (typeof old)[0], channelId: 'c3' }], daysAgo(40));
    await outbox.enqueue(
      old.slice(0, 2).map((p) => ({ paper: p, channelId: 'c4' })),
      daysAgo(10),
    );
    await outbox.formBatches(daysAgo(40));
    const [c1, c2, , c4] = await outbox.dueBatches(0);
    await outbox.markSent(c1?.id as number, 'm1');
    await outbox.park(c2?.id as number, '404 Unknown Channel');
    await outbox.markSent(c4?.id as number, 'm4');
  }

  it('drops the papers of deliveries sent or parked over N days ago, and nothing else', async () => {
    await settledDeliveries();
    expect(copies()).toEqual([
      { status: 'parked', n: 2 },
      { status: 'pending', n: 1 },
      { status: 'sent', n: 5 },
    ]);
    expect(await temp.stores.outbox.pruneSettled(daysAgo(30))).toEqual({ deliveries: 5, batches: 0 });
    // The pending one keeps its paper however old (it is still to be posted); the two sent 10 days ago keep theirs.
    expect(copies()).toEqual([
      { status: 'pending', n: 1 },
      { status: 'sent', n: 2 },
    ]);
    // A second prune finds nothing more.
    expect(await temp.stores.outbox.pruneSettled(daysAgo(30))).toEqual({ deliveries: 0, batches: 0 });
  });

  it('never delivers a pruned pair again, and still posts the old pending delivery with its paper', async () => {
    await settledDeliveries();
    const { outbox, known } = temp.stores;
    await outbox.pruneSettled(daysAgo(30));
    // Every pair is still known as queued: a backfill of the same papers to the same channels queues nothing.
    const again = ['c1', 'c2'].flatMap((channelId) => ['2611.00001', '2611.00002'].map((key) => ({ paper: paper(key, '2026-11-20'), channelId })));
    expect(await outbox.enqueue(again)).toBe(0);
    expect((await outbox.deliveries()).map((delivery) => delivery.status)).toEqual(['sent', 'sent', 'sent', 'parked', 'parked', 'pending', 'sent', 'sent']);
    // The papers were recorded as known by announcePapers' transaction, not by the copies: announcing them again queues nothing.
    await known.rememberKeys(['2611.00001'], 'test');
    expect(await outbox.announcePapers([paper('2611.00001', '2026-11-20')], () => ['c1', 'c9'], 'test')).toEqual({ fresh: [], queued: 0 });
    // The old pending delivery is whole: claimed with its paper, posted, then nothing is due.
    const claimed = await outbox.claimNext(0);
    expect([claimed?.channelId, claimed?.papers.map((p) => p.key)]).toEqual(['c3', ['2611.00001']]);
    await outbox.markSent(claimed?.id as number, 'm3');
    expect(await outbox.claimNext(0)).toBeNull();
    expect(await outbox.backlog()).toBe(0);
  });

  it("drops a parked batch's payload (a digest's chart) over N days old, and keeps a waiting one's", async () => {
    const { outbox } = temp.stores;
    const digest = (dedupeKey: string, days: number) =>
      outbox.queueBatch(
        { kind: 'digest', channelId: 'c', payload: { papers: [paper('2611.00001', '2026-11-20')], chart: 'x'.repeat(1000) }, dedupeKey },
        daysAgo(days),
      ) as Promise<number>;
    const parkedOld = await digest('d1', 40);
    const parkedNew = await digest('d2', 10);
    const waitingOld = await digest('d3', 40);
    await outbox.park(parkedOld, '403 Missing Access');
    await outbox.park(parkedNew, '403 Missing Access');
    expect(await outbox.pruneSettled(daysAgo(30))).toEqual({ deliveries: 0, batches: 1 });
    expect(raw((db) => db.prepare('SELECT id, status, payload IS NULL AS dropped FROM batches ORDER BY id').all())).toEqual([
      { id: parkedOld, status: 'parked', dropped: 1 },
      { id: parkedNew, status: 'parked', dropped: 0 },
      { id: waitingOld, status: 'pending', dropped: 0 },
    ]);
    // The dedupe key outlives the payload: the digest is still queued once, ever.
    expect(await outbox.hasBatch('d1')).toBe(true);
    expect(await outbox.queueBatch({ kind: 'digest', channelId: 'c', payload: {}, dedupeKey: 'd1' })).toBeNull();
    expect((await outbox.dueBatches(Number.MAX_SAFE_INTEGER)).map((batch) => batch.id)).toEqual([waitingOld]);
  });

  it('forgets query memos last used over N days ago; a page shown again within them keeps its memo', async () => {
    const { queryMemo } = temp.stores;
    // The memo as search pages use it: every page shown (the first, or one reached with Previous/Next) remembers its query, which is its use.
    const pageShownAt = (at: Date, query: string) => storedQueryMemo(queryMemo, () => at).remember(query);
    const old = pageShownAt(daysAgo(40), 'a query nobody paged for 40 days');
    const renewed = pageShownAt(daysAgo(60), 'a query first shown 60 days ago');
    expect(pageShownAt(daysAgo(29), 'a query first shown 60 days ago')).toBe(renewed); // paged again 29 days ago: the same token, renewed
    const edge = pageShownAt(daysAgo(30), 'a query last used exactly 30 days ago');
    const today = pageShownAt(NOW, 'a query used today');
    // storedQueryMemo writes in the background; better-sqlite3 has written it when remember returns.
    expect(raw((db) => db.prepare('SELECT COUNT(*) FROM search_queries').pluck().get())).toBe(4);
    expect(await queryMemo.forgetUnusedSince(daysAgo(30))).toBe(1);
    expect(raw((db) => db.prepare('SELECT COUNT(*) FROM search_queries').pluck().get())).toBe(3);
    expect([await queryMemo.recall(old), await queryMemo.recall(renewed), await queryMemo.recall(edge), await queryMemo.recall(today)]).toEqual([
      null,
      'a query first shown 60 days ago',
      'a query last used exactly 30 days ago',
      'a query used today',
    ]);
  });

  it('prunes at start and then on its interval, logging what went; a prune that fails is logged and the next one runs', async () => {
    await settledDeliveries();
    await temp.stores.queryMemo.remember('old', 'old query', daysAgo(40));
    const logs = memoryLogger();
    const retention = new Retention({ stores: temp.stores, days: 30, log: logs.log, now: () => NOW, intervalMs: 60_000 });
    retention.start();
    try {
      // The first run starts at once, not a day later.
      await vi.waitUntil(() => logs.lines().find((line) => line.msg === 'old copies pruned'), { interval: 10, timeout: 5000 });
      expect(logs.lines().filter((line) => line.msg === 'old copies pruned')).toEqual([
        expect.objectContaining({ level: 30, deliveries: 5, batches: 0, queries: 1, days: 30, before: '2026-12-01T12:00:00.000Z' }),
      ]);
      // Nothing left: a run that prunes nothing says so at debug only.
      expect(await retention.prune()).toEqual({ deliveries: 0, batches: 0, queries: 0 });
      expect(
        logs
          .lines()
          .filter((line) => line.msg === 'old copies pruned')
          .map((line) => line.level),
      ).toEqual([30, 20]);
    } finally {
      await retention.stop();
    }
    await temp.stores.close();
    expect(await retention.prune()).toBeNull();
    expect(logs.lines().filter((line) => line.msg === 'pruning old copies failed; trying again at the next run')).toEqual([
      expect.objectContaining({ level: 50, days: 30, err: expect.objectContaining({ message: 'The database connection is not open' }) }),
    ]);
  });

  it('prunes months of rows in chunks (PRUNE_CHUNK), letting the event loop run between them, with exact counts', async () => {
    const json = JSON.stringify(paper('2611.00001', '2026-11-20'));
    raw((db) =>
      db.transaction(() => {
        const delivery = db.prepare("INSERT INTO deliveries (paper_key, channel_id, paper_json, status, created_at) VALUES (?, 'c', ?, 'sent', ?)");
        for (let i = 0; i < 4510; i++) delivery.run(`k${i}`, json, (i < 4500 ? daysAgo(40) : daysAgo(1)).toISOString());
        const memo = db.prepare('INSERT INTO search_queries (token, query, used_at) VALUES (?, ?, ?)');
        for (let i = 0; i < 4010; i++) memo.run(`t${i}`, 'a query', (i < 4000 ? daysAgo(40) : daysAgo(1)).toISOString());
      })(),
    );
    // Counts the turns of the event loop while a prune runs: a prune in one statement would allow none.
    const turnsDuring = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
      let turns = 0;
      let running = true;
      const spin = () => {
        if (!running) return;
        turns++;
        setImmediate(spin);
      };
      setImmediate(spin);
      const result = await work();
      running = false;
      return [result, turns];
    };
    const [copies, copyTurns] = await turnsDuring(() => temp.stores.outbox.pruneSettled(daysAgo(30)));
    expect(copies).toEqual({ deliveries: 4500, batches: 0 });
    // The event loop gets a turn after each full chunk (here 9 of 500, then one of 0).
    expect(PRUNE_CHUNK).toBe(500);
    expect(copyTurns).toBeGreaterThanOrEqual(9);
    expect(raw((db) => db.prepare("SELECT COUNT(*) FROM deliveries WHERE paper_json <> ''").pluck().get())).toBe(10);
    const [queries, memoTurns] = await turnsDuring(() => temp.stores.queryMemo.forgetUnusedSince(daysAgo(30)));
    expect(queries).toBe(4000);
    expect(memoTurns).toBeGreaterThanOrEqual(8);
    expect(raw((db) => db.prepare('SELECT COUNT(*) FROM search_queries').pluck().get())).toBe(10);
  });

  it('refuses a retention shorter than a day', () => {
    expect(() => new Retention({ stores: temp.stores, days: 0, log: memoryLogger().log })).toThrow(
      'retention must be a whole number of days, at least 1 (got 0)',
    );
  });
});

describe('RETENTION_DAYS', () => {
  it('defaults to 30 days, takes a whole number from 1 to 3650, and names the variable when it is wrong', () => {
    expect(parseConfig({}).retentionDays).toBe(30);
    expect(parseConfig({ RETENTION_DAYS: '7' }).retentionDays).toBe(7);
    for (const bad of ['0', '2.5', 'a month', '3651']) expect(() => parseConfig({ RETENTION_DAYS: bad })).toThrow(/RETENTION_DAYS: /);
  });
});
