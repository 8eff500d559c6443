import type Database from 'better-sqlite3';
import { PaperSchema, type Paper } from '../../digest/paper.js';
import { MAX_SAVED_PAPERS, type SavedPaper, type SavedPaperStore, type SaveResult } from '../saved-paper-store.js';

export class SqliteSavedPaperStore implements SavedPaperStore {
  readonly #insert: Database.Statement;
  readonly #count: Database.Statement;
  readonly #isSaved: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.#insert = db.prepare('INSERT INTO saved_papers (user_id, paper_key, short_id, paper_json, saved_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.#count = db.prepare('SELECT COUNT(*) FROM saved_papers WHERE user_id = ?').pluck();
    this.#isSaved = db.prepare('SELECT 1 FROM saved_papers WHERE user_id = ? AND short_id = ?');
  }

  async save(userId: string, paper: Paper, shortId: string, now = new Date()): Promise<SaveResult> {
    return this.db.transaction((): SaveResult => {
      const count = this.#count.get(userId) as number;
      if (this.#isSaved.get(userId, shortId) !== undefined) return { status: 'already', count };
      if (count >= MAX_SAVED_PAPERS) return { status: 'full', count };
      const added = this.#insert.run(userId, paper.key, shortId, JSON.stringify(paper), now.toISOString()).changes;
      return { status: added === 1 ? 'saved' : 'already', count: count + added };
    })();
  }

  async remove(userId: string, shortId: string): Promise<Paper | null> {
    const row = this.db.prepare('DELETE FROM saved_papers WHERE user_id = ? AND short_id = ? RETURNING paper_json').get(userId, shortId) as
      { paper_json: string } | undefined;
    return row ? PaperSchema.parse(JSON.parse(row.paper_json)) : null;
  }

  async isSaved(userId: string, shortId: string): Promise<boolean> {
    return this.#isSaved.get(userId, shortId) !== undefined;
  }

  async count(userId: string): Promise<number> {
    return this.#count.get(userId) as number;
  }

  async page(userId: string, offset: number, limit: number): Promise<SavedPaper[]> {
    const rows = this.db
      .prepare('SELECT short_id, paper_json, saved_at FROM saved_papers WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?')
      .all(userId, limit, offset) as SavedRow[];
    return rows.map(toSavedPaper);
  }

  async all(userId: string): Promise<SavedPaper[]> {
    return this.page(userId, 0, -1); // LIMIT -1: no limit
  }

  async clear(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM saved_papers WHERE user_id = ?').run(userId).changes;
  }
}

interface SavedRow {
  short_id: string;
  paper_json: string;
  saved_at: string;
}

function toSavedPaper(row: SavedRow): SavedPaper {
  return { paper: PaperSchema.parse(JSON.parse(row.paper_json)), shortId: row.short_id, savedAt: row.saved_at };
}
