import type { Logger } from '../../log.js';
import { DatabaseUnavailableError, isConnectionFailure } from '../database-unavailable.js';
import type { PostgresStores } from './open-postgres-stores.js';

/** The stores that answer through the delegate (the registration record answers on its own until the database opens). */
const DELEGATED = ['known', 'meta', 'subscriptions', 'outbox', 'digestOutcomes', 'saved', 'queryMemo', 'unfurlSettings', 'hfPapers', 'feedFiles'] as const;

/** PostgreSQL stores that opened later than the bot: `isOpen()` says whether they have yet. */
export interface StoresOpeningLater extends PostgresStores {
  isOpen(): boolean;
}

/**
 * PostgreSQL stores for a bot that started while its database was unreachable: `open` is
 * tried again every `retryMs` in the background until it succeeds (each failure logged at
 * warn; `firstFailure` is why it is not open yet). Until then every store call rejects with DatabaseUnavailableError, which users see
 * as "try again in a minute", and the command-registration record reads as missing (the
 * commands are registered again: harmless); afterwards every call goes to the opened stores.
 * An error that is not about reaching the server (a refused password, a failed migration)
 * stops the tries, logged at error: it needs an operator.
 */
export function postgresStoresOpeningLater(
  open: () => Promise<PostgresStores>,
  retryMs: number,
  log: Logger,
  firstFailure: unknown = new Error('not connected yet'),
): StoresOpeningLater {
  let opened: PostgresStores | null = null;
  let lastError: unknown = firstFailure;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  const attempt = async () => {
    timer = null;
    try {
      const stores = await open();
      if (closed) return void (await stores.close());
      opened = stores;
      log.info('database open, after the start: subscriptions, saved papers and announcements work again');
    } catch (error) {
      lastError = error;
      if (closed) return;
      if (!isConnectionFailure(error)) return void log.error({ err: error }, 'cannot open the database: giving up until the next start');
      log.warn({ retryInMs: retryMs, reason: (error as Error).message }, 'PostgreSQL still not reachable; trying again');
      timer = setTimeout(() => void attempt(), retryMs);
      timer.unref();
    }
  };
  timer = setTimeout(() => void attempt(), retryMs);
  timer.unref();

  const delegate = <K extends (typeof DELEGATED)[number]>(key: K): PostgresStores[K] =>
    new Proxy({} as PostgresStores[K], {
      get: (_, method) => {
        // Not a thenable, and no symbol-keyed behaviour: only the store's own methods answer.
        if (method === 'then' || typeof method === 'symbol') return undefined;
        if (opened) {
          const store = opened[key] as unknown as Record<string | symbol, unknown>;
          const value = store[method];
          return typeof value === 'function' ? value.bind(store) : value;
        }
        return () => Promise.reject(new DatabaseUnavailableError(lastError));
      },
    });
  const stores = Object.fromEntries(DELEGATED.map((key) => [key, delegate(key)])) as Pick<PostgresStores, (typeof DELEGATED)[number]>;
  return {
    ...stores,
    commandRegistration: {
      read: async (scope) => (opened ? opened.commandRegistration.read(scope) : null),
      write: async (scope, record) => {
        if (opened) await opened.commandRegistration.write(scope, record);
      },
    },
    schemaVersion: () => (opened ? opened.schemaVersion() : Promise.reject(new DatabaseUnavailableError(lastError))),
    isOpen: () => opened !== null,
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await opened?.close();
    },
  };
}
