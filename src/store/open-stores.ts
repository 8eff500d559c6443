import type { Logger } from '../log.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandRegistrationStore } from './command-registration-store.js';
import { isConnectionFailure } from './database-unavailable.js';
import { commandRegistrationFiles } from './files/command-registration-files.js';
import { openPostgresStores, type PostgresStores } from './postgres/open-postgres-stores.js';
import { openSqliteStores } from './sqlite/open-sqlite-stores.js';
import type { Leadership } from './leadership.js';
import { PostgresLeadership } from './postgres/leadership.js';
import { postgresStoresOpeningLater, type StoresOpeningLater } from './postgres/open-later.js';
import type { Stores } from './stores.js';

/** Where the state lives: PostgreSQL with DATABASE_URL, else SQLite in DATA_DIR. */
export interface StoreSettings {
  dataDir: string;
  databaseUrl: string | undefined;
}

/** The stores of one engine, and where that engine keeps the command-registration record. */
export interface OpenedStores {
  engine: 'sqlite' | 'postgres';
  stores: Stores;
  /** A table in PostgreSQL (every machine shares it); files in DATA_DIR with SQLite (`npm run deploy` reads them without the database). */
  registration: CommandRegistrationStore;
  /** Which machine leads the new-paper pipeline, on a database machines share (PostgreSQL); undefined with SQLite. */
  leadership: Leadership | undefined;
}

/** How long a start waits for a PostgreSQL it cannot reach (a database starting beside the bot), and between tries. */
export interface StartWait {
  waitMs: number;
  retryMs: number;
}
const START_WAIT: StartWait = { waitMs: 30_000, retryMs: 2000 };

/**
 * Opens the engine the settings name, applying its pending migrations. A PostgreSQL that
 * cannot be reached is tried again every `retryMs` for `waitMs` (one warning a try); after
 * that the bot starts without it and it is opened in the background (postgresStoresOpeningLater:
 * until then store calls say "try again in a minute", and this machine does not lead). Any
 * other failure (a refused password, a failed migration, an unusable DATA_DIR) rejects.
 */
export async function openStores(settings: StoreSettings, log: Logger, wait: StartWait = START_WAIT): Promise<OpenedStores> {
  const url = settings.databaseUrl;
  if (url !== undefined) {
    const stores = await openPostgresWhenReachable(url, log, wait);
    const leadership = new PostgresLeadership(url, log);
    return {
      engine: 'postgres',
      stores,
      registration: stores.commandRegistration,
      leadership: 'isOpen' in stores ? leadOnceOpen(stores, leadership) : leadership,
    };
  }
  return { engine: 'sqlite', stores: openSqliteStores(settings.dataDir), registration: commandRegistrationFiles(settings.dataDir, log), leadership: undefined };
}

async function openPostgresWhenReachable(url: string, log: Logger, { waitMs, retryMs }: StartWait): Promise<PostgresStores | StoresOpeningLater> {
  const giveUpAt = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openPostgresStores(url, { log });
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      if (Date.now() + retryMs > giveUpAt) {
        log.error(
          { reason: (error as Error).message, retryInMs: retryMs },
          'PostgreSQL not reachable: starting without it, and trying again in the background (searches work; subscriptions, saved papers and announcements wait)',
        );
        return postgresStoresOpeningLater(() => openPostgresStores(url, { log }), retryMs, log, error);
      }
      log.warn({ attempt, retryInMs: retryMs, reason: (error as Error).message }, 'PostgreSQL not reachable yet; trying again');
      await sleep(retryMs);
    }
  }
}

/**
 * Only the command-registration record, for `npm run deploy`: with SQLite its files in
 * DATA_DIR (the database stays closed), with PostgreSQL its table. Close it after use.
 */
export async function openRegistrationRecord(
  settings: StoreSettings,
  log: Logger,
): Promise<{ registration: CommandRegistrationStore; close(): Promise<void> }> {
  if (settings.databaseUrl === undefined) return { registration: commandRegistrationFiles(settings.dataDir, log), close: async () => {} };
  const stores = await openPostgresStores(settings.databaseUrl, { log });
  return { registration: stores.commandRegistration, close: () => stores.close() };
}

/** The lead for a machine whose stores opened later: it could not compare the digest with stores that are not open, so it leads only once they are. */
export function leadOnceOpen(stores: Pick<StoresOpeningLater, 'isOpen'>, leadership: Leadership): Leadership {
  return { tryLead: async () => stores.isOpen() && (await leadership.tryLead()), release: () => leadership.release() };
}
