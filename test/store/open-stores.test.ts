import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRegistrationRecord, openStores } from '../../src/store/open-stores.js';
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

  it('tries an unreachable PostgreSQL again until its wait is over, with one warning a try, then rejects with why', async () => {
    const logs = memoryLogger();
    const url = `postgresql://postgres@127.0.0.1:${await closedPort()}/nothing`;
    const started = Date.now();
    await expect(openStores({ dataDir: await tempDir(), databaseUrl: url }, logs.log, { waitMs: 500, retryMs: 100 })).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    const tries = logs.lines().filter((line) => line.msg === 'PostgreSQL not reachable yet; trying again');
    expect(tries.length).toBeGreaterThanOrEqual(3);
    expect(tries[0]).toMatchObject({ level: 40, attempt: 1, retryInMs: 100 });
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
  });
});
