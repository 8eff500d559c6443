import { describe, expect, it } from 'vitest';
import { PostgresLeadership } from '../../src/store/postgres/leadership.js';
import { memoryLogger } from '../support/memory-log.js';
import { postgresUrl, usePostgresDatabase } from '../support/postgres-database.js';

describe.skipIf(postgresUrl === null)('PostgresLeadership: the lead of the new-paper pipeline as a session advisory lock', () => {
  const database = usePostgresDatabase('each');

  it('one machine leads at a time; a release hands the lead to the next that asks', async () => {
    const [a, b] = [new PostgresLeadership(database.url, memoryLogger().log), new PostgresLeadership(database.url, memoryLogger().log)];
    try {
      expect(await a.tryLead()).toBe(true);
      expect(await b.tryLead()).toBe(false);
      // The leader's next check keeps the lead; the other still waits.
      expect(await a.tryLead()).toBe(true);
      expect(await b.tryLead()).toBe(false);
      await a.release();
      expect(await b.tryLead()).toBe(true);
      expect(await a.tryLead()).toBe(false);
    } finally {
      await a.release();
      await b.release();
    }
  });

  it('each machine keeps one session between checks, leader or not; a follower whose session ends opens another and can lead', async () => {
    const sessions = async () =>
      (
        await database.sql<{ n: number }>(
          "SELECT CAST(COUNT(*) AS INTEGER) AS n FROM pg_stat_activity WHERE application_name = 'paper-digest-bot lead' AND datname = current_database()",
        )
      )[0]?.n;
    const [a, b] = [new PostgresLeadership(database.url, memoryLogger().log), new PostgresLeadership(database.url, memoryLogger().log)];
    try {
      expect(await a.tryLead()).toBe(true);
      for (let check = 0; check < 5; check++) {
        expect(await b.tryLead()).toBe(false);
        expect(await a.tryLead()).toBe(true);
      }
      // Two machines, two sessions: the follower asked five times on the one it kept (before, each ask opened a connection).
      expect(await sessions()).toBe(2);
      const pids = await database.sql<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'paper-digest-bot lead' AND datname = current_database() ORDER BY backend_start",
      );
      // End the follower's session (the second opened): its next check fails and drops it, the one after opens another.
      await database.sql('SELECT pg_terminate_backend($1)', [pids[1]?.pid]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await b.tryLead()).toBe(false);
      await a.release();
      expect(await b.tryLead()).toBe(true);
      expect(await sessions()).toBe(1);
    } finally {
      await a.release();
      await b.release();
    }
    expect(await sessions()).toBe(0);
  });

  it('a leader whose session ends (as when its process dies) loses the lead, and another takes it', async () => {
    const logs = memoryLogger();
    const a = new PostgresLeadership(database.url, logs.log);
    const b = new PostgresLeadership(database.url, memoryLogger().log);
    try {
      expect(await a.tryLead()).toBe(true);
      // End the leader's session from the server, as PostgreSQL does when a killed process's socket closes.
      const [ended] = await database.sql<{ ended: boolean }>(
        "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = 'paper-digest-bot lead' AND datname = current_database()",
      );
      expect(ended?.ended).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await b.tryLead()).toBe(true);
      expect(await a.tryLead()).toBe(false);
      expect(logs.lines().map((line) => line.msg)).toContain('lost the connection that held the lead of the new-paper pipeline');
    } finally {
      await a.release();
      await b.release();
    }
  });
});
