import type Database from 'better-sqlite3';
import type { FeedFile, FeedFileStore } from '../feed-file-store.js';

export class SqliteFeedFileStore implements FeedFileStore {
  constructor(private readonly db: Database.Database) {}

  async record(name: string, text: string, now = new Date()): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO feed_files (name, text, revision, recorded_at)
         VALUES (?, ?, (SELECT IFNULL(MAX(revision), 0) + 1 FROM feed_files), ?)
         ON CONFLICT (name) DO UPDATE SET text = excluded.text, revision = excluded.revision, recorded_at = excluded.recorded_at
         WHERE feed_files.text <> excluded.text`,
      )
      .run(name, text, now.toISOString());
  }

  async since(after: number, limit: number): Promise<FeedFile[]> {
    return this.db.prepare('SELECT name, text, revision FROM feed_files WHERE revision > ? ORDER BY revision LIMIT ?').all(after, limit) as FeedFile[];
  }
}
