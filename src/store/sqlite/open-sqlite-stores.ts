import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Stores } from '../stores.js';
import { SqliteDigestOutcomeStore } from './digest-outcome-store.js';
import { SqliteFeedFileStore } from './feed-file-store.js';
import { SqliteHfPaperCache } from './hf-paper-cache.js';
import { SqliteKnownPaperStore } from './known-paper-store.js';
import { SqliteMetaStore } from './meta-store.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteOutboxStore } from './outbox-store.js';
import { SqliteQueryMemoStore } from './query-memo-store.js';
import { SqliteSavedPaperStore } from './saved-paper-store.js';
import { SqliteSubscriptionStore } from './subscription-store.js';
import { SqliteUnfurlSettingsStore } from './unfurl-settings-store.js';

const DATABASE_FILE = 'paper-bot.sqlite';
const BUSY_TIMEOUT_MS = 200;

/** The SQLite stores, and the schema version the file is at. */
export interface SqliteStores extends Stores {
  /** `PRAGMA user_version`: the number of migrations applied. */
  readonly schemaVersion: number;
}

/**
 * Opens (creating if needed) `<dataDir>/paper-bot.sqlite` in WAL mode, applies the pending
 * migrations (each in one transaction, `user_version` counting them), and hands out a store
 * per concern over the one connection. Inserts that may meet a row already there use
 * `ON CONFLICT DO NOTHING`: a uniqueness conflict is expected, a failed CHECK or NOT NULL is
 * a bug and rejects (`OR IGNORE` would hide it). Throws when the file cannot be opened.
 */
export function openSqliteStores(dataDir: string): SqliteStores {
  mkdirSync(dataDir, { recursive: true });
  // better-sqlite3 waits synchronously for a lock: keep the wait short, so a database
  // locked by another process cannot stall interactions; callers retry later instead.
  const db = new Database(path.join(dataDir, DATABASE_FILE), { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    known: new SqliteKnownPaperStore(db),
    meta: new SqliteMetaStore(db),
    subscriptions: new SqliteSubscriptionStore(db),
    outbox: new SqliteOutboxStore(db),
    digestOutcomes: new SqliteDigestOutcomeStore(db),
    saved: new SqliteSavedPaperStore(db),
    queryMemo: new SqliteQueryMemoStore(db),
    unfurlSettings: new SqliteUnfurlSettingsStore(db),
    hfPapers: new SqliteHfPaperCache(db),
    feedFiles: new SqliteFeedFileStore(db),
    get schemaVersion() {
      return schemaVersion(db);
    },
    close: async () => {
      if (db.open) db.close();
    },
  };
}

function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Database.Database): void {
  for (let version = schemaVersion(db); version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
