import type Database from 'better-sqlite3';
import { PRUNE_CHUNK as POSTGRES_PRUNE_CHUNK } from '../../src/store/postgres/prune-in-chunks.js';
import { PRUNE_CHUNK as SQLITE_PRUNE_CHUNK } from '../../src/store/sqlite/prune-in-chunks.js';
import type { Stores } from '../../src/store/stores.js';
import { postgresUrl, usePostgresStores } from './postgres-database.js';
import { useTempStore } from './temp-store.js';

/** Fresh stores of one engine, for a describe block: read its fields inside tests and hooks. */
export interface EngineStore {
  readonly stores: Stores;
  /** Closes the stores and opens the same database again, as a restart does. */
  reopen(): Promise<Stores>;
  /** Runs SQL on the stores' database, `?` for each parameter, on a connection of its own; resolves to the rows (none for a write). */
  sql<T = Record<string, unknown>>(text: string, parameters?: readonly unknown[]): Promise<T[]>;
}

/** An engine of the contract suite: `describe.each(storeEngines())('… ($name)', (engine) => …)`. */
export interface StoreEngine {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** Fresh stores for every test (`each`) or for the describe block (`all`), removed after. */
  use(scope?: 'each' | 'all'): EngineStore;
  /** How the engine words a row that breaks NOT NULL or CHECK, and a statement after close(). */
  readonly errors: { notNull: RegExp; check: RegExp; closed: string };
  /** The rows one statement of a prune changes. */
  readonly pruneChunk: number;
}

const SQLITE: StoreEngine = {
  name: 'SQLite',
  use(scope) {
    const temp = useTempStore(scope);
    const run = (db: Database.Database, text: string, parameters: readonly unknown[]) => {
      const statement = db.prepare(text);
      if (statement.reader) return statement.all(...parameters);
      statement.run(...parameters);
      return [];
    };
    return {
      get stores() {
        return temp.stores;
      },
      reopen: () => temp.reopen(),
      sql: async <T>(text: string, parameters: readonly unknown[] = []) => temp.raw((db) => run(db, text, parameters)) as T[],
    };
  },
  errors: { notNull: /NOT NULL constraint failed/, check: /CHECK constraint failed/, closed: 'The database connection is not open' },
  pruneChunk: SQLITE_PRUNE_CHUNK,
};

const POSTGRESQL: StoreEngine = {
  name: 'PostgreSQL',
  use: (scope) => usePostgresStores(scope),
  errors: { notNull: /violates not-null constraint/, check: /violates check constraint/, closed: 'Cannot use a pool after calling end on the pool' },
  pruneChunk: POSTGRES_PRUNE_CHUNK,
};

/**
 * The engines every store test runs against: SQLite always, PostgreSQL when the test server
 * is there (test/setup/postgres.ts; without one it says why, once, and CI refuses to run).
 */
export function storeEngines(): StoreEngine[] {
  return postgresUrl === null ? [SQLITE] : [SQLITE, POSTGRESQL];
}
