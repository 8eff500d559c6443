import { describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { storedQueryMemo } from '../../src/interactions/query-memo.js';
import { Retention } from '../../src/store/retention.js';
import { makePaper as paper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';
import { storeEngines } from '../support/store-engines.js';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-12-31T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

describe.each(storeEngines())('pruning old copies ($name)', (engine) => {
  const temp = engine.use();
  const { sql } = temp;
  /** How many deliveries still hold their copy of the paper, by status. */
  const copies = () => sql("SELECT status, CAST(COUNT(*) AS INTEGER) AS n FROM deliveries WHERE paper_json <> '' GROUP BY status ORDER BY status");

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
    expect(await copies()).toEqual([
      { status: 'parked', n: 2 },
      { status: 'pending', n: 1 },
      { status: 'sent', n: 5 },
    ]);
    expect(await temp.stores.outbox.pruneSettled(daysAgo(30))).toEqual({ deliveries: 5, batches: 0 });
    // The pending one keeps its paper however old (it is still to be posted); the two sent 10 days ago keep theirs.
    expect(await copies()).toEqual([
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
    expect(await sql('SELECT id, status, CASE WHEN payload IS NULL THEN 1 ELSE 0 END AS dropped FROM batches ORDER BY id')).toEqual([
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
    // storedQueryMemo writes in the background: better-sqlite3 has written when remember returns, pg a moment later.
    const pageShownAt = async (at: Date, query: string) => {
      const token = storedQueryMemo(queryMemo, () => at).remember(query);
      const written = async () => (await sql('SELECT used_at FROM search_queries WHERE token = ?', [token]))[0]?.used_at === at.toISOString();
      if (engine.name === 'SQLite') expect(await written()).toBe(true);
      else await vi.waitUntil(written, { interval: 5, timeout: 5000 });
      return token;
    };
    const count = () => sql('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM search_queries');
    const old = await pageShownAt(daysAgo(40), 'a query nobody paged for 40 days');
    const renewed = await pageShownAt(daysAgo(60), 'a query first shown 60 days ago');
    expect(await pageShownAt(daysAgo(29), 'a query first shown 60 days ago')).toBe(renewed); // paged again 29 days ago: the same token, renewed
    const edge = await pageShownAt(daysAgo(30), 'a query last used exactly 30 days ago');
    const today = await pageShownAt(NOW, 'a query used today');
    expect(await count()).toEqual([{ n: 4 }]);
    expect(await queryMemo.forgetUnusedSince(daysAgo(30))).toBe(1);
    expect(await count()).toEqual([{ n: 3 }]);
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
      expect.objectContaining({ level: 50, days: 30, err: expect.objectContaining({ message: engine.errors.closed }) }),
    ]);
  });

  it('prunes months of rows in chunks (PRUNE_CHUNK), letting the event loop run between them, with exact counts', async () => {
    const json = JSON.stringify(paper('2611.00001', '2026-11-20'));
    // 4,510 sent deliveries (4,500 queued 40 days ago, 10 yesterday) and 4,010 memos (4,000 used 40 days ago), in SQL both engines read.
    const numbers = (count: number) => `WITH RECURSIVE numbers (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM numbers WHERE i < ${count - 1})`;
    await sql(
      `${numbers(4510)} INSERT INTO deliveries (paper_key, channel_id, paper_json, status, created_at)
       SELECT 'k' || i, 'c', ?, 'sent', CASE WHEN i < 4500 THEN ? ELSE ? END FROM numbers`,
      [json, daysAgo(40).toISOString(), daysAgo(1).toISOString()],
    );
    await sql(
      `${numbers(4010)} INSERT INTO search_queries (token, query, used_at) SELECT 't' || i, 'a query', CASE WHEN i < 4000 THEN ? ELSE ? END FROM numbers`,
      [daysAgo(40).toISOString(), daysAgo(1).toISOString()],
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
    expect(engine.pruneChunk).toBe(500);
    expect(copyTurns).toBeGreaterThanOrEqual(9);
    expect(await sql("SELECT CAST(COUNT(*) AS INTEGER) AS n FROM deliveries WHERE paper_json <> ''")).toEqual([{ n: 10 }]);
    const [queries, memoTurns] = await turnsDuring(() => temp.stores.queryMemo.forgetUnusedSince(daysAgo(30)));
    expect(queries).toBe(4000);
    expect(memoTurns).toBeGreaterThanOrEqual(8);
    expect(await sql('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM search_queries')).toEqual([{ n: 10 }]);
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
