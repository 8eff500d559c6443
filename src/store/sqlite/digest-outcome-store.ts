import type Database from 'better-sqlite3';
import type { DigestOutcomeStore } from '../digest-outcome-store.js';

export class SqliteDigestOutcomeStore implements DigestOutcomeStore {
  constructor(private readonly db: Database.Database) {}

  async record(dedupeKey: string, outcome: 'empty' | 'skipped', now = new Date()): Promise<boolean> {
    return (
      this.db
        .prepare('INSERT INTO digest_outcomes (dedupe_key, outcome, decided_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
        .run(dedupeKey, outcome, now.toISOString()).changes === 1
    );
  }

  async decided(dedupeKey: string): Promise<boolean> {
    return (
      this.db.prepare('SELECT 1 FROM batches WHERE dedupe_key = ?').get(dedupeKey) !== undefined ||
      this.db.prepare('SELECT 1 FROM digest_outcomes WHERE dedupe_key = ?').get(dedupeKey) !== undefined
    );
  }
}
