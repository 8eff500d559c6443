import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { shardOfGuild, type Batch, type ClaimScope, type OutboxStore } from '../../src/store/outbox-store.js';
import { NEXT_GUILD_SQL as POSTGRES_NEXT_GUILD_SQL, OLDEST_DUE_SQL as POSTGRES_OLDEST_DUE_SQL } from '../../src/store/postgres/outbox-turns.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { NEXT_GUILD_SQL, OLDEST_DUE_SQL } from '../../src/store/sqlite/outbox-store.js';
import type { Stores } from '../../src/store/stores.js';
import { makePaper as paper } from '../support/make-paper.js';
import { postgresUrl, usePostgresStores } from '../support/postgres-database.js';
import { storeEngines } from '../support/store-engines.js';
import { useTempStore } from '../support/temp-store.js';

const ALICE = '400000000000000001';
/** Guild A's 400 channels sort before guild B's, so an outbox in plain id or channel order would post B's last. */
const A_CHANNELS = Array.from({ length: 400 }, (_, i) => `a${String(i).padStart(3, '0')}`);

/** Claims and marks sent every due batch, in claim order: the order the outbox would post them. */
async function claimAll(store: OutboxStore, nowMs = 0, scope?: ClaimScope): Promise<Batch[]> {
  const claimed: Batch[] = [];
  for (let batch = await store.claimNext(nowMs, undefined, scope); batch !== null; batch = await store.claimNext(nowMs, undefined, scope)) {
    claimed.push(batch);
    await store.markSent(batch.id, `m${claimed.length}`);
  }
  return claimed;
}

/** Subscribes a channel of a guild (a thread per paper with `threads`), in the stores `stores()` gives when called. */
function subscriber(stores: () => Stores) {
  return (guildId: string, channelId: string, threads = false) =>
    stores().subscriptions.add({ guildId, channelId, topicId: null, keywords: null, createdBy: ALICE, threads });
}

describe.each(storeEngines())('OutboxStore takes turns between guilds ($name)', (engine) => {
  const temp = engine.use();
  const subscribe = subscriber(() => temp.stores);

  it("claims guild B's one delivery second, between guild A's 400, and every batch exactly once", async () => {
    const { outbox } = temp.stores;
    for (const channel of A_CHANNELS) await subscribe('guild-a', channel, true);
    await subscribe('guild-b', 'b');
    const news = paper('2611.00001', '2026-11-20');
    await outbox.enqueue([...A_CHANNELS, 'b'].map((channelId) => ({ paper: news, channelId })));
    expect(await outbox.formBatches()).toBe(401);

    const claimed = await claimAll(outbox);
    // A's work was queued first, so A goes first; then B, served least recently (never); then the rest of A, oldest first.
    // Before turns, B's batch came 401st: the outbox posted in id order, and A's 400 thread batches were formed first.
    expect(claimed.map((batch) => batch.channelId)).toEqual([A_CHANNELS[0], 'b', ...A_CHANNELS.slice(1)]);
    expect(claimed.map((batch) => batch.kind).slice(0, 3)).toEqual(['paper-thread', 'papers', 'paper-thread']);
    // Exactly once: 401 distinct batches, each delivery sent, nothing left to claim.
    expect(new Set(claimed.map((batch) => batch.id)).size).toBe(401);
    expect((await outbox.deliveries()).filter((delivery) => delivery.status === 'sent')).toHaveLength(401);
    expect(await outbox.claimNext(0)).toBeNull();
    expect(await outbox.backlog()).toBe(0);
    // Both guilds are done, so both left the turns: the table holds only guilds with work waiting.
    expect(await temp.sql('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM outbox_turns')).toEqual([{ n: 0 }]);
  });

  it('serves three guilds in turn, each its oldest due batch first; a batch in backoff waits without holding up its guild', async () => {
    const { outbox } = temp.stores;
    await subscribe('A', 'a');
    await subscribe('B', 'b');
    await subscribe('C', 'c');
    // One batch per paper (formBatches runs after each): A's 3 queued first, then B's 2, then C's 1 (in id order, C's comes last).
    for (const [channelId, count] of [
      ['a', 3],
      ['b', 2],
      ['c', 1],
    ] as const) {
      for (let i = 0; i < count; i++) {
        await outbox.enqueue([{ paper: paper(`2611.0000${i}`, '2026-11-20'), channelId }]);
        await outbox.formBatches();
      }
    }
    const order: string[] = [];
    const first = (await outbox.claimNext(0)) as Batch;
    order.push(`${first.channelId}:${first.papers[0]?.key}`);
    await outbox.markSent(first.id, 'm1');
    // B's first batch fails and waits until t = 1000: B's turns pass to the others meanwhile.
    const failing = (await outbox.claimNext(0)) as Batch;
    expect(failing.channelId).toBe('b');
    await outbox.markRetry(failing.id, 'HTTP 500', 1000);
    for (const batch of await claimAll(outbox, 999)) order.push(`${batch.channelId}:${batch.papers[0]?.key}`);
    // Until t = 1000 the failed batch is not due; B's next turn posts its younger batch, which is (as before turns: a batch in backoff holds up no other).
    expect(order).toEqual(['a:2611.00000', 'c:2611.00000', 'a:2611.00001', 'b:2611.00001', 'a:2611.00002']);
    expect(await outbox.claimNext(999)).toBeNull();
    // When it is due, it is claimed, its attempt counted.
    const retried = await claimAll(outbox, 1000);
    expect(retried.map((batch) => [batch.channelId, batch.papers[0]?.key, batch.attempts])).toEqual([['b', '2611.00000', 1]]);
  });

  it('gives a parked batch no more turns, and lets a channel no subscription names (the announce channel) take turns of its own', async () => {
    const { outbox } = temp.stores;
    await subscribe('A', 'a1');
    await subscribe('A', 'a2');
    await outbox.enqueue(['a1', 'a2', 'announce'].map((channelId) => ({ paper: paper('2611.00001', '2026-11-20'), channelId })));
    await outbox.formBatches();
    const a1 = (await outbox.claimNext(0)) as Batch;
    await outbox.park(a1.id, '404 Unknown Channel');
    // a2 is in A's lane, behind the announce channel's own lane now that A has had a turn.
    expect((await claimAll(outbox)).map((batch) => batch.channelId)).toEqual(['announce', 'a2']);
    expect((await outbox.deliveries()).map((delivery) => [delivery.channelId, delivery.status])).toEqual([
      ['a1', 'parked'],
      ['a2', 'sent'],
      ['announce', 'sent'],
    ]);
  });

  it('queues a digest in the lane of its subscription’s guild, and keeps the turns across a restart', async () => {
    await subscribe('A', 'a');
    await subscribe('B', 'b');
    const digest = (channelId: string, dedupeKey: string) =>
      temp.stores.outbox.queueBatch({ kind: 'digest', channelId, payload: { papers: [paper('2611.00001', '2026-11-20')] }, dedupeKey });
    await digest('a', 'd1');
    await digest('a', 'd2');
    await digest('b', 'd3');
    const first = (await temp.stores.outbox.claimNext(0)) as Batch;
    expect(first.channelId).toBe('a');
    await temp.stores.outbox.markSent(first.id, 'm1');
    // A was served last before the restart: B, never served, goes next after it.
    const stores = await temp.reopen();
    expect((await claimAll(stores.outbox)).map((batch) => batch.channelId)).toEqual(['b', 'a']);
  });
});

describe('OutboxStore takes turns between guilds (SQLite)', () => {
  const temp = useTempStore();
  const { raw } = temp;
  const subscribe = subscriber(() => temp.stores);

  it('forms and claims without writing when there is nothing to do, so a database locked by another process never holds the outbox up', async () => {
    const { outbox } = temp.stores;
    await subscribe('A', 'a');
    await outbox.enqueue([{ paper: paper('2611.00001', '2026-11-20'), channelId: 'a' }]);
    await outbox.formBatches();
    await claimAll(outbox);
    const locker = new Database(temp.file);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      // A write would wait out the busy timeout and reject with "database is locked", at every poll, blocking the event loop meanwhile.
      expect(await outbox.formBatches()).toBe(0);
      expect(await outbox.claimNext(0)).toBeNull();
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
  });

  it('migration 7 puts the batches already waiting in their guilds’ lanes, in the order their work was queued', async () => {
    await temp.replaceWithSchema(6, (db) => {
      db.exec(`
        INSERT INTO subscriptions (guild_id, channel_id, created_by, created_at) VALUES ('A', 'a', 'u', 'x'), ('B', 'b', 'u', 'x');
        INSERT INTO batches (channel_id, nonce, status, created_at, kind, payload) VALUES
          ('a', 'n1', 'sent', 'x', 'digest', NULL),
          ('a', 'n2', 'pending', 'x', 'digest', '{"papers":[]}'),
          ('a', 'n3', 'pending', 'x', 'digest', '{"papers":[]}'),
          ('b', 'n4', 'pending', 'x', 'digest', '{"papers":[]}'),
          ('announce', 'n5', 'pending', 'x', 'digest', '{"papers":[]}');
      `);
    });
    const stores = await temp.reopen();
    // Migration 7 and every later one.
    expect(stores.schemaVersion).toBe(MIGRATIONS.length);
    expect(raw((db) => db.prepare('SELECT nonce, guild_id FROM batches ORDER BY id').all())).toEqual([
      { nonce: 'n1', guild_id: '' }, // sent before: never claimed again, its lane does not matter
      { nonce: 'n2', guild_id: 'A' },
      { nonce: 'n3', guild_id: 'A' },
      { nonce: 'n4', guild_id: 'B' },
      { nonce: 'n5', guild_id: '' },
    ]);
    expect((await claimAll(stores.outbox)).map((batch) => batch.nonce)).toEqual(['n2', 'n4', 'n5', 'n3']);
  });
});

/** A guild id as Discord makes them (a snowflake) whose guild is on shard `k` mod the shard count: the shard reads the bits above the low 22. */
const guildOnShard = (k: number) => String((1_200_000_000_000n + BigInt(k)) << 22n);

describe.each(storeEngines())('OutboxStore claims for one machine of several: its shards’ guilds, with a lease ($name)', (engine) => {
  const temp = engine.use();
  const subscribe = subscriber(() => temp.stores);
  /** 1,200,000,000,000 is a multiple of 3 (and of 5): guildOnShard(k) is on shard k mod 3. */
  const [onShard0, onShard1, onShard2] = [guildOnShard(0), guildOnShard(1), guildOnShard(2)];
  const scope = (ids: number[], unguilded: boolean, leaseMs = 60_000): ClaimScope => ({ shards: { ids, count: 3 }, unguilded, leaseMs });

  it('each machine claims the batches of the guilds on its shards; the leader also those of channels no subscription names', async () => {
    expect([onShard0, onShard1, onShard2].map((guild) => shardOfGuild(guild, 3))).toEqual([0, 1, 2]);
    const { outbox } = temp.stores;
    await subscribe(onShard0, 'c0');
    await subscribe(onShard1, 'c1');
    await subscribe(onShard2, 'c2');
    await outbox.enqueue(['c0', 'c1', 'c2', 'announce'].map((channelId) => ({ paper: paper('2611.00001', '2026-11-20'), channelId })));
    expect(await outbox.formBatches()).toBe(4);
    // Machine A runs shards 0 and 1 and does not lead; machine B runs shard 2 and leads.
    expect((await claimAll(outbox, 0, scope([0, 1], false))).map((batch) => batch.channelId)).toEqual(['c0', 'c1']);
    expect(await outbox.claimNext(0, undefined, scope([0, 1], false))).toBeNull();
    // In turn order: the announce channel's lane was formed first (channels batch in id order).
    expect((await claimAll(outbox, 0, scope([2], true))).map((batch) => batch.channelId)).toEqual(['announce', 'c2']);
    expect(await outbox.backlog()).toBe(0);
  });

  it('places guilds on shards as Discord does (guild id >> 22, mod the count), whatever the id; an id that is not a number on shard 0', async () => {
    const guilds = ['1', '4194303', '4194304', '81384788765712384', '1146349536276111401', '9223372036854775807', guildOnShard(4), 'not-a-number'];
    const { outbox } = temp.stores;
    for (const [i, guild] of guilds.entries()) await subscribe(guild, `c${i}`);
    await outbox.enqueue(guilds.map((_, i) => ({ paper: paper('2611.00001', '2026-11-20'), channelId: `c${i}` })));
    await outbox.formBatches();
    const byShard: string[][] = [];
    for (let shard = 0; shard < 5; shard++) {
      const claimed = await claimAll(outbox, 0, { shards: { ids: [shard], count: 5 }, unguilded: false, leaseMs: 1000 });
      byShard.push(claimed.map((batch) => guilds[Number(batch.channelId.slice(1))] as string).sort());
    }
    const expected = Array.from({ length: 5 }, (_, shard) => guilds.filter((guild) => shardOfGuild(guild, 5) === shard).sort());
    expect(byShard).toEqual(expected);
    // The ids spread over the shards (the test would prove little if all were on one).
    expect(expected.filter((guilds) => guilds.length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('a claimed batch is not claimed again until its lease ends, then again with its nonce; a retry or a post settles the lease', async () => {
    const { outbox } = temp.stores;
    await subscribe(onShard0, 'c0');
    await outbox.enqueue([{ paper: paper('2611.00001', '2026-11-20'), channelId: 'c0' }]);
    await outbox.formBatches();
    const first = (await outbox.claimNext(1000, undefined, scope([0], false, 30_000))) as Batch;
    expect(first.channelId).toBe('c0');
    // The claimer is posting it (or died mid-post): nobody claims it within the lease.
    expect(await outbox.claimNext(1000, undefined, scope([0], false, 30_000))).toBeNull();
    expect(await outbox.claimNext(30_999, undefined, scope([0], false, 30_000))).toBeNull();
    // The lease is over: the claimer died. The next claim posts it again, under the same nonce.
    const again = (await outbox.claimNext(31_000, undefined, scope([0], false, 30_000))) as Batch;
    expect([again.id, again.nonce, again.attempts]).toEqual([first.id, first.nonce, 0]);
    // A failed post sets its next attempt: the backoff, not the lease, decides when it is due.
    await outbox.markRetry(again.id, 'HTTP 500', 32_000);
    expect(await outbox.claimNext(31_999, undefined, scope([0], false, 30_000))).toBeNull();
    const retried = (await outbox.claimNext(32_000, undefined, scope([0], false, 30_000))) as Batch;
    expect(retried.attempts).toBe(1);
    await outbox.markSent(retried.id, 'm1');
    // The first claimer, whose lease ran out, fails late: the post another claim sent stays sent.
    await outbox.park(again.id, 'late 403');
    await outbox.markRetry(again.id, 'late HTTP 500', 0);
    expect((await outbox.deliveries()).map((delivery) => delivery.status)).toEqual(['sent']);
    // The late retry counted no attempt and kept no error on the sent batch.
    expect(await temp.sql('SELECT status, CAST(attempts AS INTEGER) AS attempts, last_error FROM batches WHERE id = ?', [again.id])).toEqual([
      { status: 'sent', attempts: 1, last_error: null },
    ]);
    expect(await outbox.claimNext(1_000_000, undefined, scope([0], false, 30_000))).toBeNull();
    // Without a scope (one machine), a claim has no lease, as before: a claim not settled is claimed again.
    await outbox.queueBatch({ kind: 'digest', channelId: 'c0', payload: { papers: [] }, dedupeKey: 'd' });
    const unleased = (await outbox.claimNext(0)) as Batch;
    expect((await outbox.claimNext(0))?.id).toBe(unleased.id);
  });
});

describe('OutboxStore claims stay index seeks with 100,000 batches waiting', () => {
  const temp = useTempStore('all');
  const { raw } = temp;
  const plan = (sql: string, ...parameters: unknown[]) =>
    raw((db) =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...parameters)
        .map((row) => (row as { detail: string }).detail)
        .join('\n'),
    );

  it("claims guild B's one batch second behind guild A's 99,999, by seeks in the turns and the guild's waiting batches", async () => {
    // 99,999 batches of guild A, then one of guild B: written directly, as 10,000 papers to 10 channels would leave them.
    raw((db) =>
      db.transaction(() => {
        const insert = db.prepare(
          "INSERT INTO batches (channel_id, nonce, status, created_at, kind, payload, guild_id) VALUES (?, ?, 'pending', 'x', 'digest', ?, ?)",
        );
        for (let i = 0; i < 99_999; i++) insert.run(`a${i % 10}`, `n${i}`, '{"papers":[]}', 'A');
        insert.run('b', 'nb', '{"papers":[]}', 'B');
        db.exec("INSERT INTO outbox_turns (guild_id) VALUES ('A'), ('B')");
      })(),
    );
    const { outbox } = temp.stores;
    const claimed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const batch = (await outbox.claimNext(0)) as Batch;
      claimed.push(batch.nonce);
      await outbox.markSent(batch.id, `m${i}`);
    }
    expect(claimed).toEqual(['n0', 'nb', 'n1']);

    // The claim's two queries: the turns in order, each guild asked "anything due?" by one seek; then the guild's oldest due batch by one seek.
    // A SCAN of batches here would read all 100,000 rows on every claim.
    // As a claim without a scope reads it (every guild); a scope adds only a test of each turn row, not of the batches.
    const guildPlan = plan(NEXT_GUILD_SQL, { now: 0, unguilded: 1, count: 0, shards: '[]' });
    expect(guildPlan).toMatch(/^SCAN turn USING INDEX outbox_turns_order$/m);
    expect(guildPlan).toMatch(/^SEARCH batches .*USING COVERING INDEX batches_guild_due \(guild_id=\? AND next_attempt_at<\?\)$/m);
    expect(guildPlan).not.toMatch(/SCAN batches|TEMP B-TREE/);
    expect(plan(OLDEST_DUE_SQL, 'A', 0)).toBe('SEARCH batches USING INDEX batches_guild_queue (guild_id=?)');
  });
});

describe.skipIf(postgresUrl === null)('OutboxStore claims stay index seeks with 100,000 batches waiting (PostgreSQL)', () => {
  const temp = usePostgresStores('all');
  /** The most rows any step of the query's plan read, run as it is (EXPLAIN ANALYZE): what it kept and what it filtered out. */
  const mostRowsRead = async (sql: string, parameters: unknown[]) => {
    const [row] = await temp.sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql.replace(/\$\d/g, '?')}`, parameters);
    const most = (node: PlanNode): number =>
      Math.max(node['Actual Rows'] * node['Actual Loops'] + (node['Rows Removed by Filter'] ?? 0), ...(node.Plans ?? []).map(most));
    return most((row as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan);
  };

  it("claims guild B's one batch second behind guild A's 99,999, reading a few rows per guild, not every waiting batch", async () => {
    // As the SQLite test above: 99,999 batches of guild A, then one of guild B, written directly; then the planner's statistics.
    await temp.sql(`INSERT INTO batches (channel_id, nonce, status, created_at, kind, payload, guild_id)
      SELECT 'a' || (i % 10), 'n' || i, 'pending', 'x', 'digest', '{"papers":[]}', 'A' FROM generate_series(0, 99998) AS i`);
    await temp.sql(
      `INSERT INTO batches (channel_id, nonce, status, created_at, kind, payload, guild_id) VALUES ('b', 'nb', 'pending', 'x', 'digest', '{"papers":[]}', 'B')`,
    );
    await temp.sql("INSERT INTO outbox_turns (guild_id) VALUES ('A'), ('B')");
    await temp.sql('ANALYZE');
    // The claim's two queries: each guild asked for its earliest attempt by one seek (as EXISTS, the planner hashed all
    // 100,000 waiting batches on every claim); then the guild's oldest due batch, for the guild with many and the one with one.
    // The parameters in the order they appear: passed, unguilded, count (twice), shards, now. Without a scope (every guild),
    // and as machines sharing the database claim: a scope of shard 0 of 3 ('A' and 'B' are not numbers: shard 0).
    expect(await mostRowsRead(POSTGRES_NEXT_GUILD_SQL, [[], true, 0, 0, [], 0])).toBeLessThan(10);
    expect(await mostRowsRead(POSTGRES_NEXT_GUILD_SQL, [[], false, 3, 3, [0], 0])).toBeLessThan(10);
    expect(await mostRowsRead(POSTGRES_OLDEST_DUE_SQL, ['A', 0])).toBeLessThan(10);
    expect(await mostRowsRead(POSTGRES_OLDEST_DUE_SQL, ['B', 0])).toBeLessThan(10);

    const { outbox } = temp.stores;
    const claimed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const batch = (await outbox.claimNext(0)) as Batch;
      claimed.push(batch.nonce);
      await outbox.markSent(batch.id, `m${i}`);
    }
    expect(claimed).toEqual(['n0', 'nb', 'n1']);
  });
});

/** A step of a PostgreSQL plan, as EXPLAIN (ANALYZE, FORMAT JSON) gives it. */
interface PlanNode {
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}
