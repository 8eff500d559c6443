import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../../src/store/database-unavailable.js';
import { leadOnceOpen, openRegistrationRecord, openStores } from '../../src/store/open-stores.js';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.js';
import { postgresStoresOpeningLater } from '../../src/store/postgres/open-later.js';
import { memoryLogger } from '../support/memory-log.js';
import { postgresUrl, usePostgresDatabase } from '../support/postgres-database.js';

const REGISTRATION = { hash: 'abc', versions: { search: '1' } };

/** A loopback port nothing listens on (taken, then freed). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('openStores', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'open-stores-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('without DATABASE_URL: SQLite in DATA_DIR, and the registration record as its files', async () => {
    const dataDir = await tempDir();
    const { log } = memoryLogger();
    const opened = await openStores({ dataDir, databaseUrl: undefined }, log);
    expect(opened.engine).toBe('sqlite');
    await opened.registration.write('global', REGISTRATION);
    await opened.stores.close();
    expect(existsSync(path.join(dataDir, 'paper-bot.sqlite'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'registered-commands-global.json'))).toBe(true);
    // npm run deploy reads the same files without opening the database.
    const record = await openRegistrationRecord({ dataDir, databaseUrl: undefined }, log);
    expect(await record.registration.read('global')).toEqual(REGISTRATION);
  });

  it('tries an unreachable PostgreSQL again until its wait is over, then starts without it: calls say the database is unavailable, and it does not lead', async () => {
    const logs = memoryLogger();
    const url = `postgresql://postgres@127.0.0.1:${await closedPort()}/nothing`;
    const started = Date.now();
    const opened = await openStores({ dataDir: await tempDir(), databaseUrl: url }, logs.log, { waitMs: 500, retryMs: 100 });
    try {
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      const tries = logs.lines().filter((line) => line.msg === 'PostgreSQL not reachable yet; trying again');
      expect(tries.length).toBeGreaterThanOrEqual(3);
      expect(tries[0]).toMatchObject({ level: 40, attempt: 1, retryInMs: 100 });
      expect(logs.lines().some((line) => line.level === 50 && String(line.msg).startsWith('PostgreSQL not reachable: starting without it'))).toBe(true);
      expect(opened.engine).toBe('postgres');
      await expect(opened.stores.saved.count('someone')).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await expect(opened.stores.subscriptions.list()).rejects.toThrow(/the database is unreachable: .*ECONNREFUSED/);
      expect(await opened.registration.read('global')).toBeNull();
      expect(await opened.leadership?.tryLead()).toBe(false);
    } finally {
      await opened.stores.close();
    }
  });

  it('a machine whose stores open later does not ask for the lead until they are open', async () => {
    let open = false;
    const asked: string[] = [];
    const lead = leadOnceOpen({ isOpen: () => open }, { tryLead: async () => (asked.push('tryLead'), true), release: async () => void asked.push('release') });
    expect(await lead.tryLead()).toBe(false);
    expect(asked).toEqual([]);
    open = true;
    expect(await lead.tryLead()).toBe(true);
    await lead.release();
    expect(asked).toEqual(['tryLead', 'release']);
  });

  describe.skipIf(postgresUrl === null)('with DATABASE_URL (the test server)', () => {
    const database = usePostgresDatabase('each');

    it('opens PostgreSQL, writes nothing to DATA_DIR, and keeps the registration record in its table for npm run deploy', async () => {
      const dataDir = await tempDir();
      const { log } = memoryLogger();
      const opened = await openStores({ dataDir, databaseUrl: database.url }, log);
      expect(opened.engine).toBe('postgres');
      await opened.registration.write('global', REGISTRATION);
      await opened.stores.close();
      expect(existsSync(path.join(dataDir, 'paper-bot.sqlite'))).toBe(false);
      expect(existsSync(path.join(dataDir, 'registered-commands-global.json'))).toBe(false);
      const record = await openRegistrationRecord({ dataDir, databaseUrl: database.url }, log);
      try {
        expect(await record.registration.read('global')).toEqual(REGISTRATION);
      } finally {
        await record.close();
      }
    });

    it('stores opening later: unavailable until the server answers, then every call goes to it', async () => {
      const logs = memoryLogger();
      let failures = 2;
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      const later = postgresStoresOpeningLater(
        async () => (failures-- > 0 ? Promise.reject(refused) : openPostgresStores(database.url, { log: logs.log })),
        50,
        logs.log,
      );
      try {
        expect(later.isOpen()).toBe(false);
        await expect(later.saved.count('someone')).rejects.toBeInstanceOf(DatabaseUnavailableError);
        await new Promise<void>((resolve) => {
          const wait = setInterval(() => later.isOpen() && (clearInterval(wait), resolve()), 20);
        });
        expect(await later.saved.count('someone')).toBe(0);
        await later.subscriptions.add({ guildId: 'g', channelId: 'c', topicId: null, keywords: null, createdBy: 'u' });
        expect((await later.subscriptions.list()).map((subscription) => subscription.channelId)).toEqual(['c']);
        expect(logs.lines().filter((line) => line.msg === 'PostgreSQL still not reachable; trying again')).toHaveLength(2);
        expect(logs.lines().some((line) => String(line.msg).startsWith('database open, after the start'))).toBe(true);
      } finally {
        await later.close();
      }
    });
  });
});
