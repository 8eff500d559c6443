import type Database from 'better-sqlite3';
import { PaperSchema, type Paper } from '../digest/paper.js';

/** One paper of a user's list. */
export interface SavedPaper {
  /** The paper as it was when saved: the list outlives the digest and Hugging Face lookups. */
  paper: Paper;
  /** The id its buttons carry (see paperShortId). */
  shortId: string;
  savedAt: string;
}

/** A list is capped so that one user cannot fill the disk; 5,000 papers make a 2 MB `.bib`. */
export const MAX_SAVED_PAPERS = 5000;

type SaveResult = { status: 'saved' | 'already'; count: number } | { status: 'full'; count: number };

/**
 * Each user's private reading list, in SQLite (`saved_papers`): the user id, the paper's key
 * and short id, a copy of the paper and when it was saved. Newest saved first; saving a paper
 * again after removing it puts it back on top. Nothing here is shared between users.
 */
export class SavedPaperStore {
  readonly #insert: Database.Statement;
  readonly #count: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.#insert = db.prepare('INSERT INTO saved_papers (user_id, paper_key, short_id, paper_json, saved_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.#count = db.prepare('SELECT COUNT(*) FROM saved_papers WHERE user_id = ?').pluck();
  }

  /** Adds a paper to the user's list, unless it is there already or the list is full. */
  save(userId: string, paper: Paper, shortId: string, now = new Date()): SaveResult {
    return this.db.transaction((): SaveResult => {
      const count = this.count(userId);
      if (this.isSaved(userId, shortId)) return { status: 'already', count };
      if (count >= MAX_SAVED_PAPERS) return { status: 'full', count };
      const added = this.#insert.run(userId, paper.key, shortId, JSON.stringify(paper), now.toISOString()).changes;
      return { status: added === 1 ? 'saved' : 'already', count: count + added };
    })();
  }

  /** Removes a paper (by short id) from the user's list; returns it, or null when it was not there. */
  remove(userId: string, shortId: string): Paper | null {
    const row = this.db.prepare('DELETE FROM saved_papers WHERE user_id = ? AND short_id = ? RETURNING paper_json').get(userId, shortId) as
      { paper_json: string } | undefined;
    return row ? PaperSchema.parse(JSON.parse(row.paper_json)) : null;
  }

  isSaved(userId: string, shortId: string): boolean {
    return this.db.prepare('SELECT 1 FROM saved_papers WHERE user_id = ? AND short_id = ?').get(userId, shortId) !== undefined;
  }

  count(userId: string): number {
    return this.#count.get(userId) as number;
  }

  /** Up to `limit` papers from `offset`, newest saved first. */
  page(userId: string, offset: number, limit: number): SavedPaper[] {
    const rows = this.db
      .prepare('SELECT short_id, paper_json, saved_at FROM saved_papers WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?')
      .all(userId, limit, offset) as SavedRow[];
    return rows.map(toSavedPaper);
  }

  /** The whole list, newest saved first (for exports). */
  all(userId: string): SavedPaper[] {
    return this.page(userId, 0, -1); // LIMIT -1: no limit
  }

  /** Deletes the user's whole list; returns how many papers it held. */
  clear(userId: string): number {
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
