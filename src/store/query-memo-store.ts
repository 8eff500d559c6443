/** Search queries too long for a button's custom id, by token (`search_queries`). */
export interface QueryMemoStore {
  /** Records the query under its token, used at `usedAt`; forgets queries unused for 90 days. */
  remember(token: string, query: string, usedAt: Date): Promise<void>;
  /** The query behind a token, or null when it was never remembered or has been forgotten. */
  recall(token: string): Promise<string | null>;
}
