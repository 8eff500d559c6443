import type pg from 'pg';
import type { FeedFile, FeedFileStore } from '../feed-file-store.js';

/**
 * Revisions come from a sequence. A reader that has seen revision n skips any smaller one
 * committed after; that cannot happen with the one writer the interface allows (a record is
 * one statement, and the leader records one file at a time).
 */
export class PostgresFeedFileStore implements FeedFileStore {
  constructor(private readonly pool: pg.Pool) {}

  async record(name: string, text: string, now = new Date()): Promise<void> {
    await this.pool.query(
      `INSERT INTO feed_files (name, text, revision, recorded_at)
       VALUES ($1, $2, nextval('feed_file_revisions'), $3)
       ON CONFLICT (name) DO UPDATE SET text = excluded.text, revision = excluded.revision, recorded_at = excluded.recorded_at
       WHERE feed_files.text <> excluded.text`,
      [name, text, now.toISOString()],
    );
  }

  async since(after: number, limit: number): Promise<FeedFile[]> {
    return (await this.pool.query<FeedFile>('SELECT name, text, revision FROM feed_files WHERE revision > $1 ORDER BY revision LIMIT $2', [after, limit])).rows;
  }
}
