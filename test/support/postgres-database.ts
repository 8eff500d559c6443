import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { createLogger } from '../../src/log.js';
import { openPostgresStores, type PostgresStoreOptions, type PostgresStores } from '../../src/store/postgres/open-postgres-stores.js';

/** The test server from test/setup/postgres.ts (its `postgres` database), or null: the PostgreSQL tests skip. */
export const postgresUrl: string | null = inject('postgresUrl');

/**
 * For `describe.skipIf`: true when no PostgreSQL test server runs (test/setup/postgres.ts
 * stops the run instead under CI=true), after saying in one line which tests are skipped.
 */
export function skipWithoutPostgres(tests: string): boolean {
  if (postgresUrl === null) process.stderr.write(`${tests} skipped: no PostgreSQL test server (see test/setup/postgres.ts)\n`);
  return postgresUrl === null;
}
/** A database on it with every migration applied, which usePostgresStores's databases copy. */
const postgresTemplate: string | null = inject('postgresTemplate');

/** What usePostgresDatabase gives a describe block: read its fields inside tests and hooks. */
export interface PostgresTempDatabase {
  /** The URL of the test's own database. */
  readonly url: string;
  /** Runs SQL (`?` placeholders) on the test's database, on a connection of its own; resolves to the rows. */
  sql<T = Record<string, unknown>>(text: string, parameters?: readonly unknown[]): Promise<T[]>;
}

/** What usePostgresStores gives a describe block: read its fields inside tests and hooks. */
export interface PostgresTempStore extends PostgresTempDatabase {
  readonly stores: PostgresStores;
  /** Closes the stores and opens the same database again, as a restart does. */
  reopen(): Promise<PostgresStores>;
}

/**
 * A database of its own, created on the test server for every test (`each`) or for the
 * describe block (`all`) and dropped after (WITH (FORCE): connections left open end too), so
 * test files running side by side never see each other's rows. Empty, or with `migrated` a
 * copy of the run's template (every migration applied). `onOpen` and `onClose` run after it
 * is created and before it is dropped.
 */
export function usePostgresDatabase(
  scope: 'each' | 'all' = 'each',
  options: { migrated?: boolean; onOpen?: (url: string) => Promise<void>; onClose?: () => Promise<void> } = {},
): PostgresTempDatabase {
  const state = { name: undefined as string | undefined, url: '' };
  const open = async () => {
    state.name = `store_${randomBytes(6).toString('hex')}`;
    await onServer(`CREATE DATABASE ${state.name}${options.migrated === true && postgresTemplate !== null ? ` TEMPLATE ${postgresTemplate}` : ''}`);
    state.url = databaseUrl(state.name);
    await options.onOpen?.(state.url);
  };
  const close = async () => {
    await options.onClose?.();
    if (state.name !== undefined) await onServer(`DROP DATABASE IF EXISTS ${state.name} WITH (FORCE)`);
    state.name = undefined;
  };
  if (scope === 'each') {
    beforeEach(open);
    afterEach(close);
  } else {
    beforeAll(open);
    afterAll(close);
  }
  return {
    get url() {
      return state.url;
    },
    sql: (text, parameters) => runSql(state.url, text, parameters),
  };
}

/** PostgreSQL stores (openPostgresStores) on a database of their own (usePostgresDatabase, migrated), closed before it is dropped. */
export function usePostgresStores(scope: 'each' | 'all' = 'each', options: PostgresStoreOptions = {}): PostgresTempStore {
  let stores: PostgresStores | undefined;
  const open = (url: string) => openPostgresStores(url, { log: createLogger('warn'), ...options });
  const database = usePostgresDatabase(scope, {
    migrated: true,
    onOpen: async (url) => {
      stores = await open(url);
    },
    onClose: async () => {
      await stores?.close();
      stores = undefined;
    },
  });
  return {
    get stores() {
      return stores as PostgresStores;
    },
    get url() {
      return database.url;
    },
    sql: database.sql,
    async reopen() {
      await stores?.close();
      stores = await open(database.url);
      return stores;
    },
  };
}

/** The URL of database `name` on the test server. */
function databaseUrl(name: string): string {
  const url = new URL(requireServer());
  url.pathname = `/${name}`;
  return url.toString();
}

function requireServer(): string {
  if (postgresUrl === null) throw new Error('no PostgreSQL test server (see test/setup/postgres.ts): skip this test without one');
  return postgresUrl;
}

/** Runs a statement on the server's `postgres` database (CREATE and DROP DATABASE). */
async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: requireServer() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** bigint (ids, COUNT(*)) as numbers, as the stores and better-sqlite3 read them. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, Number);

async function runSql<T>(url: string, text: string, parameters: readonly unknown[] = []): Promise<T[]> {
  let placeholder = 0;
  const client = new pg.Client({ connectionString: url, types });
  await client.connect();
  try {
    return (
      await client.query(
        text.replace(/\?/g, () => `$${++placeholder}`),
        [...parameters],
      )
    ).rows as T[];
  } finally {
    await client.end();
  }
}
