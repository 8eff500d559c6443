import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { AnnouncementStore } from '../../src/announce/announcement-store.js';

/**
 * A fresh SQLite store in a temporary folder for every test (`each`) or for the describe block
 * (`all`), closed and removed after. Read `store` and `dir` inside tests and hooks; `reopen()`
 * closes the store and opens the same file again, as a restart does.
 */
export function useTempStore(scope: 'each' | 'all' = 'each'): { readonly store: AnnouncementStore; readonly dir: string; reopen(): AnnouncementStore } {
  const state = {} as { store: AnnouncementStore; dir: string };
  const open = async () => {
    state.dir = await mkdtemp(path.join(tmpdir(), 'store-'));
    state.store = AnnouncementStore.open(state.dir);
  };
  const close = async () => {
    state.store?.close();
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
    get store() {
      return state.store;
    },
    get dir() {
      return state.dir;
    },
    reopen() {
      state.store.close();
      state.store = AnnouncementStore.open(state.dir);
      return state.store;
    },
  };
}
