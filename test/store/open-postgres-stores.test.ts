import { createServer, type Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.js';
import { memoryLogger } from '../support/memory-log.js';
import { postgresUrl, usePostgresDatabase, usePostgresStores } from '../support/postgres-database.js';

describe.skipIf(postgresUrl === null)('openPostgresStores: one database, its versioned migrations (PostgreSQL)', () => {
  const logs = memoryLogger();
  const temp = usePostgresStores('each', { log: logs.log });

  it('applies its migrations once, and finds them applied after a restart', async () => {
    // Migration 1: every table of the SQLite schema's final state, and the command-registration record.
    expect(await temp.stores.schemaVersion()).toBe(MIGRATIONS.length);
    await temp.stores.meta.set('x', '1');
    const stores = await temp.reopen();
    expect(await stores.schemaVersion()).toBe(MIGRATIONS.length);
    expect(await stores.meta.get('x')).toBe('1');
    expect(await temp.sql('SELECT version FROM schema_migrations ORDER BY version')).toEqual(MIGRATIONS.map((_, index) => ({ version: index + 1 })));
  });

  it('refuses a schedule or top the bot does not know, whoever writes it', async () => {
    const insert = (channelId: string, schedule: string, top: number) =>
      temp.sql(
        "INSERT INTO subscriptions (guild_id, channel_id, topic_id, keywords, created_by, created_at, schedule, top) VALUES ('g', ?, NULL, NULL, 'u', 'x', ?, ?)",
        [channelId, schedule, top],
      );
    await expect(insert('c1', 'hourly', 5)).rejects.toThrow(/violates check constraint "subscriptions_schedule_check"/);
    await expect(insert('c2', 'daily', 11)).rejects.toThrow(/violates check constraint "subscriptions_top_check"/);
  });

  it('logs a connection lost while idle instead of crashing, and opens a new one for the next statement', async () => {
    await temp.stores.meta.set('x', '1'); // the pool now holds an idle connection
    const ended = await temp.sql<{ ended: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'paper-digest-bot'",
    );
    expect(ended.length).toBeGreaterThan(0);
    // Without a listener for the pool's 'error' event, this would be an uncaught exception that ends the process.
    await vi.waitUntil(() => logs.lines().some((line) => line.msg === 'an idle PostgreSQL connection failed; the pool opens a new one when needed'), {
      interval: 10,
      timeout: 5000,
    });
    expect(await temp.stores.meta.get('x')).toBe('1');
  });
});

describe.skipIf(postgresUrl === null)('openPostgresStores: machines starting together (PostgreSQL)', () => {
  const database = usePostgresDatabase('each');

  it('migrates once when four machines open an empty database at the same moment: the others wait, then find it done', async () => {
    const machines = await Promise.allSettled([1, 2, 3, 4].map(() => openPostgresStores(database.url, { log: memoryLogger().log })));
    try {
      // Without the migration lock, each would find version 0 and create the tables again: all but one would reject.
      expect(machines.map((machine) => machine.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      for (const machine of machines) if (machine.status === 'fulfilled') expect(await machine.value.schemaVersion()).toBe(MIGRATIONS.length);
      expect(await database.sql('SELECT version FROM schema_migrations ORDER BY version')).toEqual(MIGRATIONS.map((_, index) => ({ version: index + 1 })));
    } finally {
      for (const machine of machines) if (machine.status === 'fulfilled') await machine.value.close();
    }
  });
});

describe('openPostgresStores: a server that does not answer', () => {
  it('rejects within the connection timeout instead of hanging, and when nothing listens', async () => {
    // A port that accepts connections and never says a word, as a hung server or a black-holed address would.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      await expect(openPostgresStores(`postgresql://postgres@127.0.0.1:${port}/paper`, { connectionTimeoutMs: 300, log: memoryLogger().log })).rejects.toThrow(
        /timeout/,
      );
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
    // Now nothing listens on the port: refused at once.
    await expect(openPostgresStores(`postgresql://postgres@127.0.0.1:${port}/paper`, { log: memoryLogger().log })).rejects.toThrow(/ECONNREFUSED/);
  });
});
