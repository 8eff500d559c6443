import type pg from 'pg';
import { PaperSchema, type Paper } from '../../digest/paper.js';
import { MAX_SAVED_PAPERS, type SavedPaper, type SavedPaperStore, type SaveResult } from '../saved-paper-store.js';
import { lockSavedList } from './advisory-locks.js';
import { firstRow, transaction, type Db } from './database.js';

export class PostgresSavedPaperStore implements SavedPaperStore {
  constructor(private readonly pool: pg.Pool) {}

  /** As SQLite's, in one transaction holding the user's lock (lockSavedList), so two saves at once cannot pass the cap. */
  async save(userId: string, paper: Paper, shortId: string, now = new Date()): Promise<SaveResult> {
    return transaction(this.pool, async (client): Promise<SaveResult> => {
      await lockSavedList(client, userId);
      const { count, saved } = (await firstRow<{ count: number; saved: boolean }>(
        client,
        'SELECT COUNT(*) AS count, COALESCE(bool_or(short_id = $2), FALSE) AS saved FROM saved_papers WHERE user_id = $1',
        [userId, shortId],
      )) as { count: number; saved: boolean };
      if (saved) return { status: 'already', count };
      if (count >= MAX_SAVED_PAPERS) return { status: 'full', count };
      const added =
        (
          await client.query(
            'INSERT INTO saved_papers (user_id, paper_key, short_id, paper_json, saved_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
            [userId, paper.key, shortId, JSON.stringify(paper), now.toISOString()],
          )
        ).rowCount ?? 0;
      return { status: added === 1 ? 'saved' : 'already', count: count + added };
    });
  }

  async remove(userId: string, shortId: string): Promise<Paper | null> {
    const row = await firstRow<{ paper_json: string }>(this.pool, 'DELETE FROM saved_papers WHERE user_id = $1 AND short_id = $2 RETURNING paper_json', [
      userId,
      shortId,
    ]);
    return row ? PaperSchema.parse(JSON.parse(row.paper_json)) : null;
  }

  async isSaved(userId: string, shortId: string): Promise<boolean> {
    return isSaved(this.pool, userId, shortId);
  }

  async count(userId: string): Promise<number> {
    return countOf(this.pool, userId);
  }

  async page(userId: string, offset: number, limit: number): Promise<SavedPaper[]> {
    // As SQLite reads them: a negative limit is no limit (LIMIT ALL), a negative offset none.
    const rows = await this.pool.query<SavedRow>(
      'SELECT short_id, paper_json, saved_at FROM saved_papers WHERE user_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3',
      [userId, limit < 0 ? null : limit, Math.max(0, offset)],
    );
    return rows.rows.map(toSavedPaper);
  }

  async all(userId: string): Promise<SavedPaper[]> {
    return this.page(userId, 0, -1);
  }

  async clear(userId: string): Promise<number> {
    return (await this.pool.query('DELETE FROM saved_papers WHERE user_id = $1', [userId])).rowCount ?? 0;
  }
}

async function countOf(db: Db, userId: string): Promise<number> {
  return (await firstRow<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM saved_papers WHERE user_id = $1', [userId]))?.n ?? 0;
}

async function isSaved(db: Db, userId: string, shortId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM saved_papers WHERE user_id = $1 AND short_id = $2', [userId, shortId])).rowCount !== 0;
}

interface SavedRow {
  short_id: string;
  paper_json: string;
  saved_at: string;
}

function toSavedPaper(row: SavedRow): SavedPaper {
  return { paper: PaperSchema.parse(JSON.parse(row.paper_json)), shortId: row.short_id, savedAt: row.saved_at };
}
