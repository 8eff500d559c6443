import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { openSqliteStores, type SqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';

/** The database file openSqliteStores keeps in its folder. */
const DATABASE_FILE = 'paper-bot.sqlite';

/** What useTempStore gives a describe block: read its fields inside tests and hooks. */
export interface TempStore {
  readonly stores: SqliteStores;
  readonly dir: string;
  /** The database file of `stores`. */
  readonly file: string;
  /** Closes the database and opens the same file again, as a restart does. */
  reopen(): Promise<SqliteStores>;
  /** Runs SQL on the database file beside the stores, on a connection of its own closed after (WAL: both see each other's writes). */
  readonly raw: <T>(use: (db: Database.Database) => T) => T;
  /** Closes the stores and deletes their database, then writes one at schema `version` (the first `version` migrations) and runs `fill` on it: for a test of the migrations after. */
  replaceWithSchema(version: number, fill: (db: Database.Database) => void): Promise<void>;
  /** Removes every subscription of every guild (for a beforeEach of tests that each start with none). */
  removeSubscriptions(): Promise<void>;
}

/** Fresh SQLite stores in a temporary folder for every test (`each`) or for the describe block (`all`), closed and removed after. */
export function useTempStore(scope: 'each' | 'all' = 'each'): TempStore {
  const state = {} as { stores: SqliteStores; dir: string };
  const open = async () => {
    state.dir = await mkdtemp(path.join(tmpdir(), 'store-'));
    state.stores = openSqliteStores(state.dir);
  };
  const close = async () => {
    await state.stores?.close();
    if (state.dir) await rm(state.dir, { recursive: true, force: true });
  };
  if (scope === 'each') {
    beforeEach(open);
    afterEach(close);
  } else {
    beforeAll(open);
    afterAll(close);
  }
  const file = () => path.join(state.dir, DATABASE_FILE);
  const raw = <T>(use: (db: Database.Database) => T): T => {
    const db = new Database(file());
    try {
      return use(db);
    } finally {
      db.close();
    }
  };
  return {
    get stores() {
      return state.stores;
    },
    get dir() {
      return state.dir;
    },
    get file() {
      return file();
    },
    async reopen() {
      await state.stores.close();
      state.stores = openSqliteStores(state.dir);
      return state.stores;
    },
    raw,
    async replaceWithSchema(version, fill) {
      await state.stores.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file()}${suffix}`, { force: true });
      raw((db) => {
        for (const migration of MIGRATIONS.slice(0, version)) db.exec(migration);
        db.pragma(`user_version = ${version}`);
        fill(db);
      });
    },
    async removeSubscriptions() {
      for (const subscription of await state.stores.subscriptions.list()) await state.stores.subscriptions.remove(subscription.guildId, subscription.id);
    },
  };
}
