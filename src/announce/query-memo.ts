import { createHash } from 'node:crypto';

/**
 * Remembers queries too long to ride in a button's custom id: the button carries a short
 * token and the handler recalls the query by it, so paging never depends on the wording of
 * the message it is on.
 */
export interface QueryMemo {
  /** The token for this query (the same query always gives the same token). */
  remember(query: string): string;
  /** The query behind a token, or null when it was never remembered or has been forgotten. */
  recall(token: string): string | null;
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
    recall: (token) => queries.get(token) ?? null,
  };
}
