import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnouncementStore, type NewSubscription, type UnreadableBatch } from '../../src/announce/announcement-store.js';
import { MIGRATIONS } from '../../src/announce/migrations.js';
import { OutboxWorker } from '../../src/announce/outbox-worker.js';
import { makePaper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';

describe('AnnouncementStore keeps its rows valid', () => {
  let dir: string;
  let store: AnnouncementStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'store-integrity-'));
    store = AnnouncementStore.open(dir);
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const input: NewSubscription = { guildId: 'g', channelId: 'c', topicId: null, keywords: null, createdBy: 'u' };

  it('refuses an invalid subscription with the constraint that failed, instead of a TypeError', () => {
    // INSERT OR IGNORE skipped such a row (changes = 0) and the code then read a missing row.
    expect(() => store.addSubscription({ ...input, schedule: 'hourly' as never })).toThrow(/CHECK constraint failed/);
    expect(() => store.addSubscription({ ...input, top: 11 })).toThrow(/CHECK constraint failed/);
    expect(() => store.addSubscription({ ...input, createdBy: null as never })).toThrow(/NOT NULL constraint failed/);
    expect(store.listSubscriptions()).toEqual([]);
    // A true duplicate is still not an error.
    expect(store.addSubscription(input).created).toBe(true);
    expect(store.addSubscription(input)).toMatchObject({ created: false, changed: false });
  });

  it('refuses an invalid batch instead of answering "already queued" (null)', () => {
    expect(() => store.queueBatch({ kind: null as never, channelId: 'c', payload: {}, dedupeKey: 'k1' })).toThrow(/NOT NULL constraint failed/);
    expect(() => store.queueBatch({ kind: 'digest', channelId: null as never, payload: {}, dedupeKey: 'k2' })).toThrow(/NOT NULL constraint failed/);
    expect(store.hasBatch('k1')).toBe(false);
    // The dedupe key is still the one conflict that means "queued before".
    expect(store.queueBatch({ kind: 'digest', channelId: 'c', payload: {}, dedupeKey: 'k1' })).toEqual(expect.any(Number));
    expect(store.queueBatch({ kind: 'digest', channelId: 'c', payload: {}, dedupeKey: 'k1' })).toBeNull();
  });

  it('refuses a digest outcome it does not know', () => {
    expect(() => store.recordDigestOutcome('digest:1:daily:2026-11-27', 'lost' as never)).toThrow(/CHECK constraint failed/);
    expect(store.digestDecided('digest:1:daily:2026-11-27')).toBe(false);
  });

  /** Runs SQL on the store's database file beside the store (WAL: both see each other's writes). */
  const raw = <T>(use: (db: Database.Database) => T): T => {
    const db = new Database(path.join(dir, 'paper-bot.sqlite'));
    try {
      return use(db);
    } finally {
      db.close();
    }
  };
  const digest = (dedupeKey: string) =>
    store.queueBatch({
      kind: 'digest',
      channelId: 'c',
      payload: { papers: [makePaper('2611.00001', '2026-11-20')], chart: 'x'.repeat(1000) },
      dedupeKey,
    }) as number;

  it("drops a sent batch's payload (a digest's chart) and keeps it while the batch waits", () => {
    const sent = digest('d1');
    const waiting = digest('d2');
    store.markSent(sent, 'm1');
    const payloads = raw((db) => db.prepare('SELECT id, payload IS NULL AS dropped FROM batches ORDER BY id').all());
    expect(payloads).toEqual([
      { id: sent, dropped: 1 },
      { id: waiting, dropped: 0 },
    ]);
    expect(store.dueBatches(Number.MAX_SAFE_INTEGER).map((batch) => batch.id)).toEqual([waiting]);
  });

  it('finds due batches through an index on (status, next_attempt_at), not by reading every batch ever sent', () => {
    const plan = raw((db) =>
      db
        .prepare("EXPLAIN QUERY PLAN SELECT * FROM batches WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id")
        .all(0)
        .map((row) => (row as { detail: string }).detail),
    );
    expect(plan.join('\n')).toMatch(/USING INDEX batches_due \(status=\? AND next_attempt_at<\?\)/);
  });

  it("migration 6 drops the payloads of batches already sent, and dates no existing subscription's schedule change", () => {
    store.close();
    const file = path.join(dir, 'paper-bot.sqlite');
    const old = new Database(file);
    old.exec('DROP INDEX batches_due; ALTER TABLE subscriptions DROP COLUMN schedule_changed_at;');
    old.pragma('user_version = 5');
    old
      .prepare(
        "INSERT INTO batches (channel_id, nonce, status, created_at, kind, payload) VALUES ('c', 'n1', 'sent', 'x', 'digest', '{\"chart\":1}'), ('c', 'n2', 'pending', 'x', 'digest', '{\"chart\":2}')",
      )
      .run();
    old
      .prepare("INSERT INTO subscriptions (guild_id, channel_id, created_by, created_at, schedule) VALUES ('g', 'c', 'u', '2026-01-01T00:00:00Z', 'daily')")
      .run();
    old.close();
    store = AnnouncementStore.open(dir);
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    expect(raw((db) => db.prepare('SELECT nonce, payload FROM batches ORDER BY id').all())).toEqual([
      { nonce: 'n1', payload: null },
      { nonce: 'n2', payload: '{"chart":2}' },
    ]);
    expect(store.listSubscriptions()[0]?.scheduleChangedAt).toBeNull();
  });

  it('parks a batch that no longer reads, says why, and still hands out the others', async () => {
    const badPaper = digest('bad-paper');
    const badJson = digest('bad-json');
    const good = digest('good');
    store.enqueue([{ paper: makePaper('2611.00009', '2026-11-20'), channelId: 'c2' }]);
    store.formBatches();
    raw((db) => {
      // A paper written by an older version that today's schema refuses, and a payload cut short.
      db.prepare('UPDATE batches SET payload = ? WHERE id = ?').run(
        JSON.stringify({ papers: [{ ...makePaper('2611.00002', '2026-11-20'), upvotes: -1 }] }),
        badPaper,
      );
      db.prepare('UPDATE batches SET payload = ? WHERE id = ?').run('{"papers": [', badJson);
      db.prepare("UPDATE deliveries SET paper_json = '{}' WHERE channel_id = 'c2'").run();
    });
    const told: UnreadableBatch[] = [];
    expect(store.dueBatches(Number.MAX_SAFE_INTEGER, (batch) => told.push(batch)).map((batch) => batch.id)).toEqual([good]);
    expect(told.map(({ id, kind, reason }) => [id, kind, reason])).toEqual([
      [badPaper, 'digest', expect.stringMatching(/^unreadable batch: a paper does not fit the schema \(upvotes: .*>=0/)],
      [badJson, 'digest', 'unreadable batch: Unexpected end of JSON input'],
      [good + 1, 'papers', expect.stringMatching(/^unreadable batch: a paper does not fit the schema \(key: /)],
    ]);
    // Parked with the reason, deliveries too: the next look does not try them again.
    expect(store.dueBatches(Number.MAX_SAFE_INTEGER).map((batch) => batch.id)).toEqual([good]);
    expect(store.deliveries().map((delivery) => delivery.status)).toEqual(['parked']);
    expect(store.backlog()).toBe(1);

    // The outbox posts the good one and logs each parked one with its reason.
    raw((db) => db.prepare("UPDATE batches SET status = 'pending' WHERE id = ?").run(badJson));
    const logs = memoryLogger();
    const outbox = new OutboxWorker({ store, post: () => Promise.resolve('m1'), log: logs.log });
    expect(await outbox.drainOnce()).toBe(1);
    expect(logs.lines().filter((line) => line.msg === 'announcement parked: its stored row no longer reads')).toEqual([
      expect.objectContaining({ level: 50, batch: badJson, kind: 'digest', channel: 'c', reason: expect.stringMatching(/^unreadable batch: /) }),
    ]);
  });

  it('counts pending digests in the backlog, besides pending deliveries, each post once', () => {
    expect(store.backlog()).toBe(0);
    const queued = digest('d1');
    expect(store.backlog()).toBe(1); // a digest waiting to be posted
    store.enqueue([
      { paper: makePaper('2611.00001', '2026-11-20'), channelId: 'c' },
      { paper: makePaper('2611.00002', '2026-11-20'), channelId: 'c' },
    ]);
    store.formBatches();
    expect(store.backlog()).toBe(3); // the 'papers' batch counts by its two deliveries, not once more itself
    store.markSent(queued, 'm1');
    expect(store.backlog()).toBe(2);
  });
});
