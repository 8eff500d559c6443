import { createLogger, type Logger } from '../../log.js';
import type { CommandRegistrationStore } from '../command-registration-store.js';
import type { Stores } from '../stores.js';
import { PostgresCommandRegistrationStore } from './command-registration-store.js';
import { createPool, type PoolOptions } from './database.js';
import { PostgresDigestOutcomeStore } from './digest-outcome-store.js';
import { PostgresFeedFileStore } from './feed-file-store.js';
import { PostgresHfPaperCache } from './hf-paper-cache.js';
import { PostgresKnownPaperStore } from './known-paper-store.js';
import { PostgresMetaStore } from './meta-store.js';
import { migrate, schemaVersion } from './migrations.js';
import { PostgresOutboxStore } from './outbox-store.js';
import { PostgresQueryMemoStore } from './query-memo-store.js';
import { PostgresSavedPaperStore } from './saved-paper-store.js';
import { PostgresSubscriptionStore } from './subscription-store.js';
import { PostgresUnfurlSettingsStore } from './unfurl-settings-store.js';
import { reportingUnreachable } from './unreachable-as-error.js';

/** The PostgreSQL stores: every store of Stores, the command-registration record, and the schema version. */
export interface PostgresStores extends Stores {
  /** The registration record per scope, in the database (so machines sharing it share the record). */
  commandRegistration: CommandRegistrationStore;
  /** The number of migrations applied (migrations.ts). */
  schemaVersion(): Promise<number>;
}

export interface PostgresStoreOptions extends PoolOptions {
  /** Where a connection lost while idle and a registration record that fails are logged; default a logger on standard error. */
  log?: Logger;
}

/**
 * Connects to the PostgreSQL database at `url` (postgres://user:password@host:port/database)
 * with one pool (at most 5 connections unless `maxConnections` says otherwise), applies the
 * pending migrations (two machines starting together migrate once: see migrate), and hands
 * out a store per concern over the pool. Rejects, with the pool ended, when the server cannot
 * be reached within the connection timeout (5 s unless `connectionTimeoutMs`) or a migration
 * fails. The stores answer as the SQLite ones do (migrations.ts says where text differs);
 * several machines may share the database (claimRow in outbox-turns.ts says what the outbox
 * guarantees them).
 */
export async function openPostgresStores(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStores> {
  const log = options.log ?? createLogger('info');
  const pool = createPool(url, log, options);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closing: Promise<void> | null = null;
  return {
    // A store's call that finds the server unreachable rejects with DatabaseUnavailableError.
    known: reportingUnreachable(new PostgresKnownPaperStore(pool)),
    meta: reportingUnreachable(new PostgresMetaStore(pool)),
    subscriptions: reportingUnreachable(new PostgresSubscriptionStore(pool)),
    outbox: reportingUnreachable(new PostgresOutboxStore(pool)),
    digestOutcomes: reportingUnreachable(new PostgresDigestOutcomeStore(pool)),
    saved: reportingUnreachable(new PostgresSavedPaperStore(pool)),
    queryMemo: reportingUnreachable(new PostgresQueryMemoStore(pool)),
    unfurlSettings: reportingUnreachable(new PostgresUnfurlSettingsStore(pool)),
    hfPapers: reportingUnreachable(new PostgresHfPaperCache(pool)),
    feedFiles: reportingUnreachable(new PostgresFeedFileStore(pool)),
    commandRegistration: new PostgresCommandRegistrationStore(pool, log),
    schemaVersion: () => schemaVersion(pool),
    // Ends the pool once (a second close waits for the first); statements after it reject.
    close: () => (closing ??= pool.end()),
  };
}
