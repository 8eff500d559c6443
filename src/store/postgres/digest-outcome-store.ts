import type pg from 'pg';
import type { DigestOutcomeStore } from '../digest-outcome-store.js';
import { firstRow } from './database.js';

export class PostgresDigestOutcomeStore implements DigestOutcomeStore {
  constructor(private readonly pool: pg.Pool) {}

  async record(dedupeKey: string, outcome: 'empty' | 'skipped', now = new Date()): Promise<boolean> {
    const result = await this.pool.query('INSERT INTO digest_outcomes (dedupe_key, outcome, decided_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      dedupeKey,
      outcome,
      now.toISOString(),
    ]);
    return result.rowCount === 1;
  }

  async decided(dedupeKey: string): Promise<boolean> {
    const row = await firstRow<{ decided: boolean }>(
      this.pool,
      `SELECT EXISTS (SELECT 1 FROM batches WHERE dedupe_key = $1) OR EXISTS (SELECT 1 FROM digest_outcomes WHERE dedupe_key = $1) AS decided`,
      [dedupeKey],
    );
    return row?.decided === true;
  }
}
