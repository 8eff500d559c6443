import type Database from 'better-sqlite3';
import type { QueryMemoStore } from '../query-memo-store.js';
import { pruneInChunks } from './prune-in-chunks.js';

export class SqliteQueryMemoStore implements QueryMemoStore {
  constructor(private readonly db: Database.Database) {}

  async remember(token: string, query: string, usedAt: Date): Promise<void> {
    this.db
      .prepare('INSERT INTO search_queries (token, query, used_at) VALUES (?, ?, ?) ON CONFLICT (token) DO UPDATE SET used_at = excluded.used_at')
      .run(token, query, usedAt.toISOString());
  }

  async recall(token: string): Promise<string | null> {
    return (this.db.prepare('SELECT query FROM search_queries WHERE token = ?').pluck().get(token) as string | undefined) ?? null;
  }

  async forgetUnusedSince(before: Date): Promise<number> {
    return pruneInChunks(
      this.db.prepare('DELETE FROM search_queries WHERE token IN (SELECT token FROM search_queries WHERE used_at < ? ORDER BY used_at LIMIT ?)'),
      before.toISOString(),
    );
  }
}
