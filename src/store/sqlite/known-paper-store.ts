import type Database from 'better-sqlite3';
import type { Paper } from '../../digest/paper.js';
import type { KnownPaperStore } from '../known-paper-store.js';

/** The INSERT that makes a paper known; `changes` is 1 when it was not known before. */
export const REMEMBER_PAPER_SQL = 'INSERT INTO known_papers (key, first_seen, source) VALUES (?, ?, ?) ON CONFLICT DO NOTHING';

export class SqliteKnownPaperStore implements KnownPaperStore {
  constructor(private readonly db: Database.Database) {}

  async rememberKeys(keys: readonly string[], source: string, now = new Date()): Promise<string[]> {
    const insert = this.db.prepare(REMEMBER_PAPER_SQL);
    return this.db.transaction(() => keys.filter((key) => insert.run(key, now.toISOString(), source).changes === 1))();
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
    const known = this.db.prepare('SELECT 1 FROM known_papers WHERE key = ?').pluck();
    return this.db.transaction(() => keys.filter((key) => known.get(key) === undefined))();
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM known_papers').get() as { n: number }).n;
  }
}
