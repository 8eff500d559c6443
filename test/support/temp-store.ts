import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { openSqliteStores, type SqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';

/**
 * Fresh SQLite stores in a temporary folder for every test (`each`) or for the describe block
 * (`all`), closed and removed after. Read `stores` and `dir` inside tests and hooks; `reopen()`
 * closes the database and opens the same file again, as a restart does.
 */
export function useTempStore(scope: 'each' | 'all' = 'each'): { readonly stores: SqliteStores; readonly dir: string; reopen(): Promise<SqliteStores> } {
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
  return {
    get stores() {
      return state.stores;
    },
    get dir() {
      return state.dir;
    },
    async reopen() {
      await state.stores.close();
      state.stores = openSqliteStores(state.dir);
      return state.stores;
    },
  };
}
