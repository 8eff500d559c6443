import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { useTempStore } from '../support/temp-store.js';

describe('openSqliteStores: one database, its versioned migrations', () => {
  const temp = useTempStore();
  const { raw } = temp;

  it('applies versioned migrations once, in WAL mode', async () => {
    // Migration 1: the announcement tables; 2: remembered search queries; 3: batch kinds; 4: digest
    // schedules; 5: saved papers, Hugging Face lookups, unfurl settings, thread subscriptions;
    // 6: schedule changes dated, due batches indexed, sent payloads dropped; 7: turns between
    // guilds in the outbox, and the indexes of the retention job; 8: the feed's day files.
    expect(temp.stores.schemaVersion).toBe(8);
    await temp.stores.meta.set('x', '1');
    const stores = await temp.reopen();
    expect(stores.schemaVersion).toBe(8);
    expect(await stores.meta.get('x')).toBe('1');
    const wal = new Database(temp.file, { readonly: true });
    expect(wal.pragma('journal_mode', { simple: true })).toBe('wal');
    wal.close();
  });

  it('migrates a database of before digests: its subscriptions keep posting each new paper', async () => {
    await temp.replaceWithSchema(3, (db) => {
      db.prepare(
        "INSERT INTO subscriptions (guild_id, channel_id, topic_id, keywords, created_by, created_at) VALUES ('g', 'c', NULL, 'kv cache', 'u', '2026-01-01T00:00:00Z')",
      ).run();
    });
    const stores = openSqliteStores(temp.dir);
    try {
      expect(stores.schemaVersion).toBe(MIGRATIONS.length);
      expect((await stores.subscriptions.list()).map(({ keywords, schedule, top }) => ({ keywords, schedule, top }))).toEqual([
        { keywords: 'kv cache', schedule: 'new', top: 5 },
      ]);
    } finally {
      await stores.close();
    }
  });

  it("migration 6 drops the payloads of batches already sent, and dates no existing subscription's schedule change", async () => {
    await temp.replaceWithSchema(5, (old) => {
      old
        .prepare(
          "INSERT INTO batches (channel_id, nonce, status, created_at, kind, payload) VALUES ('c', 'n1', 'sent', 'x', 'digest', '{\"chart\":1}'), ('c', 'n2', 'pending', 'x', 'digest', '{\"chart\":2}')",
        )
        .run();
      old
        .prepare("INSERT INTO subscriptions (guild_id, channel_id, created_by, created_at, schedule) VALUES ('g', 'c', 'u', '2026-01-01T00:00:00Z', 'daily')")
        .run();
    });
    const stores = await temp.reopen();
    expect(stores.schemaVersion).toBe(MIGRATIONS.length);
    expect(raw((db) => db.prepare('SELECT nonce, payload FROM batches ORDER BY id').all())).toEqual([
      { nonce: 'n1', payload: null },
      { nonce: 'n2', payload: '{"chart":2}' },
    ]);
    expect((await stores.subscriptions.list())[0]?.scheduleChangedAt).toBeNull();
  });

  it('refuses a schedule or top the bot does not know, whoever writes it', () => {
    raw((db) => {
      const insert = db.prepare(
        "INSERT INTO subscriptions (guild_id, channel_id, topic_id, keywords, created_by, created_at, schedule, top) VALUES ('g', ?, NULL, NULL, 'u', 'x', ?, ?)",
      );
      expect(() => insert.run('c1', 'hourly', 5)).toThrow(/CHECK constraint failed/);
      expect(() => insert.run('c2', 'daily', 11)).toThrow(/CHECK constraint failed/);
    });
  });
});
