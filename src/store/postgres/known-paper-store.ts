import type pg from 'pg';
import type { Paper } from '../../digest/paper.js';
import type { KnownPaperStore } from '../known-paper-store.js';
import type { Db } from './database.js';

/**
 * Records keys as known, in one statement; resolves to the keys not known before, in input
 * order, each once (as SQLite's insert per key does). Shared with announcePapers, which runs
 * it inside its transaction.
 */
export async function rememberKeys(db: Db, keys: readonly string[], source: string, now: Date): Promise<string[]> {
  if (keys.length === 0) return [];
  const inserted = await db.query<{ key: string }>(
    `INSERT INTO known_papers (key, first_seen, source)
     SELECT key, $2, $3 FROM unnest($1::text[]) WITH ORDINALITY AS input (key, position) ORDER BY position
     ON CONFLICT DO NOTHING RETURNING key`,
    [keys, now.toISOString(), source],
  );
  const fresh = new Set(inserted.rows.map((row) => row.key));
  // delete: a key given twice is new only the first time.
  return keys.filter((key) => fresh.delete(key));
}

export class PostgresKnownPaperStore implements KnownPaperStore {
  constructor(private readonly pool: pg.Pool) {}

  async rememberKeys(keys: readonly string[], source: string, now = new Date()): Promise<string[]> {
    return rememberKeys(this.pool, keys, source, now);
  }

  async rememberPapers(papers: readonly Paper[], source: string, now = new Date()): Promise<Paper[]> {
    const fresh = new Set(
      await this.rememberKeys(
        papers.map((paper) => paper.key),
        source,
        now,
      ),
    );
    return papers.filter((paper) => fresh.has(paper.key));
  }

  async unknownKeys(keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const known = await this.pool.query<{ key: string }>('SELECT key FROM known_papers WHERE key = ANY($1::text[])', [keys]);
    const knownKeys = new Set(known.rows.map((row) => row.key));
    return keys.filter((key) => !knownKeys.has(key));
  }

  async count(): Promise<number> {
    const result = await this.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM known_papers');
    return result.rows[0]?.n ?? 0;
  }
}
