import pg from 'pg';
import type { Logger } from '../../log.js';

/** What a store runs its SQL on: the pool (a statement on its own) or the client of a transaction. */
export type Db = pg.Pool | pg.PoolClient;

export interface PoolOptions {
  /** Connections at most (default 5): the bot's database work is a few short statements at a time. */
  maxConnections?: number;
  /** How long to wait for a connection before rejecting (default 5 s), so a dead server fails instead of hanging. */
  connectionTimeoutMs?: number;
}

/**
 * A pool of connections to `url`. bigint columns (ids, times in ms, COUNT(*)) come back as
 * numbers, as better-sqlite3 gives them, instead of pg's strings; a value beyond
 * Number.MAX_SAFE_INTEGER throws rather than lose digits. A connection that breaks while
 * idle in the pool (a server restart, an administrator ending it) is logged and dropped: pg
 * emits that as the pool's 'error' event, which without a listener would end the process.
 */
export function createPool(url: string, log: Logger, options: PoolOptions = {}): pg.Pool {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, parseSafeInteger);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 5,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    // TCP keepalives find a socket the server no longer answers (a vanished host). No client
    // timeout on statements: a migration or migrate-state's copy may rightly take long.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'paper-digest-bot',
    types,
  });
  pool.on('error', (error) => {
    // A connection ended by the server while the pool itself ends (close()) is expected. The
    // error carries the whole client (pg sets error.client): log the reason, not the object.
    if (!pool.ending) log.warn({ reason: error.message }, 'an idle PostgreSQL connection failed; the pool opens a new one when needed');
  });
  return pool;
}

function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`a bigint from PostgreSQL does not fit a JavaScript number: ${text}`);
  return value;
}

/**
 * Runs `work` in one transaction on one connection of the pool: committed when it resolves,
 * rolled back when it throws (the throw passes on). A connection that broke meanwhile is
 * dropped from the pool, not handed out again.
 */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection lost between two statements is an 'error' event on the client: without a
  // listener it would end the process. The next statement rejects with it anyway.
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      lost ??= rollbackError;
    });
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(lost);
  }
}

/** The first row of a result, or undefined when there is none. */
export async function firstRow<T extends pg.QueryResultRow>(db: Db, sql: string, values: unknown[] = []): Promise<T | undefined> {
  return (await db.query<T>(sql, values)).rows[0];
}
