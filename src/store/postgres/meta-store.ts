import type pg from 'pg';
import type { MetaStore } from '../meta-store.js';
import { firstRow } from './database.js';

export class PostgresMetaStore implements MetaStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(key: string): Promise<string | null> {
    return (await firstRow<{ value: string }>(this.pool, 'SELECT value FROM meta WHERE key = $1', [key]))?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    await this.pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }
}
