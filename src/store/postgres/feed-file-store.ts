import type pg from 'pg';
import type { FeedFile, FeedFileStore } from '../feed-file-store.js';
import { lockFeedFiles } from './advisory-locks.js';
import { transaction } from './database.js';

/**
 * Revisions come from a sequence, drawn and committed under one lock (lockFeedFiles), so they
 * commit in the order they are drawn: a reader that has seen revision n never misses a smaller
 * one committed later, whoever records (the poller and the count refresher of one leader, or
 * two machines that both lead for a moment).
 */
export class PostgresFeedFileStore implements FeedFileStore {
  constructor(private readonly pool: pg.Pool) {}

  async record(name: string, text: string, now = new Date()): Promise<void> {
    await transaction(this.pool, async (client) => {
      await lockFeedFiles(client);
      await client.query(
        `INSERT INTO feed_files (name, text, revision, recorded_at)
         VALUES ($1, $2, nextval('feed_file_revisions'), $3)
         ON CONFLICT (name) DO UPDATE SET text = excluded.text, revision = excluded.revision, recorded_at = excluded.recorded_at
         WHERE feed_files.text <> excluded.text`,
        [name, text, now.toISOString()],
      );
    });
  }

  async since(after: number, limit: number): Promise<FeedFile[]> {
    return (await this.pool.query<FeedFile>('SELECT name, text, revision FROM feed_files WHERE revision > $1 ORDER BY revision LIMIT $2', [after, limit])).rows;
  }
}
