/** Search queries too long for a button's custom id, by token (`search_queries`). */
export interface QueryMemoStore {
  /** Records the query under its token, used at `usedAt` (a page showing it again renews it). */
  remember(token: string, query: string, usedAt: Date): Promise<void>;
  /** The query behind a token, or null when it was never remembered or has been forgotten. */
  recall(token: string): Promise<string | null>;
  /** Forgets the queries last used before `before` (the retention job); resolves to how many. */
  forgetUnusedSince(before: Date): Promise<number>;
}
