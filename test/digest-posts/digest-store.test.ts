import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnouncementStore } from '../../src/announce/announcement-store.js';
import { MIGRATIONS } from '../../src/announce/migrations.js';

describe('the store and digests', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digest-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('migrates a database of before digests: its subscriptions keep posting each new paper', () => {
    const raw = new Database(path.join(dir, 'paper-bot.sqlite'));
    for (const migration of MIGRATIONS.slice(0, 3)) raw.exec(migration);
    raw.pragma('user_version = 3');
    raw
      .prepare(
        "INSERT INTO subscriptions (guild_id, channel_id, topic_id, keywords, created_by, created_at) VALUES ('g', 'c', NULL, 'kv cache', 'u', '2026-01-01T00:00:00Z')",
      )
      .run();
    raw.close();

    const store = AnnouncementStore.open(dir);
    try {
      expect(store.schemaVersion).toBe(MIGRATIONS.length);
      expect(store.listSubscriptions().map(({ keywords, schedule, top }) => ({ keywords, schedule, top }))).toEqual([
        { keywords: 'kv cache', schedule: 'new', top: 5 },
      ]);
    } finally {
      store.close();
    }
  });

  it('changes the schedule of an existing subscription in place, and records decided digests once', () => {
    const store = AnnouncementStore.open(dir);
    try {
      const input = { guildId: 'g', channelId: 'c', topicId: 'surveys', keywords: null, createdBy: 'u' };
      const first = store.addSubscription({ ...input, schedule: 'weekly', top: 3 });
      expect([first.created, first.changed]).toEqual([true, false]);
      const same = store.addSubscription({ ...input, schedule: 'weekly', top: 3 });
      expect([same.created, same.changed]).toEqual([false, false]);
      const daily = store.addSubscription({ ...input, schedule: 'daily', top: 3 });
      expect([daily.created, daily.changed, daily.subscription.id, daily.subscription.schedule]).toEqual([false, true, first.subscription.id, 'daily']);
      expect(store.listSubscriptions()).toHaveLength(1);

      expect(store.digestDecided('digest:1:daily:2026-11-27')).toBe(false);
      expect(store.recordDigestOutcome('digest:1:daily:2026-11-27', 'empty')).toBe(true);
      expect(store.recordDigestOutcome('digest:1:daily:2026-11-27', 'skipped')).toBe(false);
      expect(store.digestDecided('digest:1:daily:2026-11-27')).toBe(true);
      store.queueBatch({ kind: 'digest', channelId: 'c', payload: {}, dedupeKey: 'digest:1:daily:2026-11-28' });
      expect(store.digestDecided('digest:1:daily:2026-11-28')).toBe(true);
    } finally {
      store.close();
    }
  });

  it('dates a schedule change (digests are planned from it), and only a schedule change', () => {
    const store = AnnouncementStore.open(dir);
    try {
      const input = { guildId: 'g', channelId: 'c', topicId: null, keywords: null, createdBy: 'u' };
      const created = store.addSubscription({ ...input, schedule: 'weekly', top: 3 }, new Date('2026-11-01T00:00:00Z')).subscription;
      expect([created.createdAt, created.scheduleChangedAt]).toEqual(['2026-11-01T00:00:00.000Z', null]);
      // Another top keeps the schedule's date: the weekly digests keep their plan.
      store.addSubscription({ ...input, schedule: 'weekly', top: 5 }, new Date('2026-11-10T00:00:00Z'));
      expect(store.listSubscriptions()[0]?.scheduleChangedAt).toBeNull();
      const daily = store.addSubscription({ ...input, schedule: 'daily', top: 5 }, new Date('2026-11-23T10:00:00Z')).subscription;
      expect([daily.createdAt, daily.scheduleChangedAt]).toEqual(['2026-11-01T00:00:00.000Z', '2026-11-23T10:00:00.000Z']);
      expect(store.listSubscriptions()).toEqual([daily]);
    } finally {
      store.close();
    }
  });

  it('refuses a schedule or top the bot does not know, whoever writes it', () => {
    const store = AnnouncementStore.open(dir);
    store.close();
    const raw = new Database(path.join(dir, 'paper-bot.sqlite'));
    try {
      const insert = raw.prepare(
        "INSERT INTO subscriptions (guild_id, channel_id, topic_id, keywords, created_by, created_at, schedule, top) VALUES ('g', ?, NULL, NULL, 'u', 'x', ?, ?)",
      );
      expect(() => insert.run('c1', 'hourly', 5)).toThrow(/CHECK constraint failed/);
      expect(() => insert.run('c2', 'daily', 11)).toThrow(/CHECK constraint failed/);
    } finally {
      raw.close();
    }
  });
});
