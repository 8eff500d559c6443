import { createHash } from 'node:crypto';
import type { QueryMemoStore } from '../store/query-memo-store.js';

/**
 * Remembers queries too long to ride in a button's custom id: the button carries a short
 * token and the handler recalls the query by it, so paging never depends on the wording of
 * the message it is on.
 */
export interface QueryMemo {
  /** The token for this query (the same query always gives the same token); the query is kept in the background. */
  remember(query: string): string;
  /** The query behind a token, or null when it was never remembered or has been forgotten. */
  recall(token: string): Promise<string | null>;
}

export function queryToken(query: string): string {
  return createHash('sha256').update(query).digest('hex').slice(0, 16);
}

/** A memo in memory, for the console and when the database is unavailable: forgotten on restart. */
export function memoryQueryMemo(maxQueries = 10_000): QueryMemo {
  const queries = new Map<string, string>();
  return {
    remember(query) {
      const token = queryToken(query);
      queries.delete(token);
      queries.set(token, query);
      // Forget the least recently remembered beyond the cap.
      if (queries.size > maxQueries) queries.delete(queries.keys().next().value as string);
      return token;
    },
    recall: (token) => Promise.resolve(queries.get(token) ?? null),
  };
}

/**
 * A memo kept in the database across restarts (the bot forgets those unused for RETENTION_DAYS). A
 * database that fails must not fail a search: the query is then kept in memory only.
 */
export function storedQueryMemo(store: QueryMemoStore, now: () => Date = () => new Date()): QueryMemo {
  const fallback = memoryQueryMemo();
  return {
    remember(query) {
      const token = queryToken(query);
      store.remember(token, query, now()).catch(() => fallback.remember(query));
      return token;
    },
    async recall(token) {
      try {
        return (await store.recall(token)) ?? (await fallback.recall(token));
      } catch {
        return fallback.recall(token);
      }
    },
  };
}
