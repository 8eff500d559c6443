import type Database from 'better-sqlite3';
import { PaperSchema, type Paper } from '../../digest/paper.js';
import { HF_CACHE_FORGET_AFTER_MS, HF_CACHE_TTL_MS, type HfLookup, type HfPaperCache } from '../hf-paper-cache.js';

export class SqliteHfPaperCache implements HfPaperCache {
  constructor(private readonly db: Database.Database) {}

  async fresh(arxivId: string, nowMs: number): Promise<HfLookup | undefined> {
    const row = this.db.prepare('SELECT status, paper_json FROM hf_papers WHERE arxiv_id = ? AND expires_at > ?').get(arxivId, nowMs) as
      { status: HfLookup['status']; paper_json: string | null } | undefined;
    if (!row) return undefined;
    if (row.status !== 'found') return { status: row.status };
    const paper = row.paper_json === null ? null : PaperSchema.safeParse(JSON.parse(row.paper_json));
    return paper?.success ? { status: 'found', paper: paper.data } : undefined;
  }

  async lastFound(arxivId: string): Promise<Paper | null> {
    const json = this.db.prepare('SELECT paper_json FROM hf_papers WHERE arxiv_id = ?').pluck().get(arxivId) as string | null | undefined;
    if (json === null || json === undefined) return null;
    const paper = PaperSchema.safeParse(JSON.parse(json));
    return paper.success ? paper.data : null;
  }

  async put(arxivId: string, lookup: HfLookup, nowMs: number): Promise<void> {
    const json = lookup.status === 'found' ? JSON.stringify(lookup.paper) : null;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO hf_papers (arxiv_id, status, paper_json, fetched_at, expires_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (arxiv_id) DO UPDATE SET status = excluded.status, paper_json = COALESCE(excluded.paper_json, hf_papers.paper_json),
             fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`,
        )
        .run(arxivId, lookup.status, json, nowMs, nowMs + HF_CACHE_TTL_MS[lookup.status]);
      this.db.prepare('DELETE FROM hf_papers WHERE fetched_at < ?').run(nowMs - HF_CACHE_FORGET_AFTER_MS);
    })();
  }
}
