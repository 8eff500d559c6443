import type Database from 'better-sqlite3';
import type { QueryMemoStore } from '../query-memo-store.js';

const FORGET_AFTER_MS = 90 * 86_400_000;

export class SqliteQueryMemoStore implements QueryMemoStore {
  constructor(private readonly db: Database.Database) {}

  async remember(token: string, query: string, usedAt: Date): Promise<void> {
    this.db
      .prepare('INSERT INTO search_queries (token, query, used_at) VALUES (?, ?, ?) ON CONFLICT (token) DO UPDATE SET used_at = excluded.used_at')
      .run(token, query, usedAt.toISOString());
    this.db.prepare('DELETE FROM search_queries WHERE used_at < ?').run(new Date(usedAt.getTime() - FORGET_AFTER_MS).toISOString());
  }

  async recall(token: string): Promise<string | null> {
    return (this.db.prepare('SELECT query FROM search_queries WHERE token = ?').pluck().get(token) as string | undefined) ?? null;
  }
}
