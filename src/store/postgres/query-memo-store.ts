import type pg from 'pg';
import type { QueryMemoStore } from '../query-memo-store.js';
import { firstRow } from './database.js';
import { pruneInChunks } from './prune-in-chunks.js';

export class PostgresQueryMemoStore implements QueryMemoStore {
  constructor(private readonly pool: pg.Pool) {}

  async remember(token: string, query: string, usedAt: Date): Promise<void> {
    await this.pool.query(
      'INSERT INTO search_queries (token, query, used_at) VALUES ($1, $2, $3) ON CONFLICT (token) DO UPDATE SET used_at = excluded.used_at',
      [token, query, usedAt.toISOString()],
    );
  }

  async recall(token: string): Promise<string | null> {
    return (await firstRow<{ query: string }>(this.pool, 'SELECT query FROM search_queries WHERE token = $1', [token]))?.query ?? null;
  }

  async forgetUnusedSince(before: Date): Promise<number> {
    return pruneInChunks(
      this.pool,
      'DELETE FROM search_queries WHERE token IN (SELECT token FROM search_queries WHERE used_at < $1 ORDER BY used_at LIMIT $2)',
      before.toISOString(),
    );
  }
}
