import type Database from 'better-sqlite3';
import { PaperSchema, type Paper } from '../digest/paper.js';

/** What Hugging Face said about a paper: its record, 404 (`missing`), or no usable answer (`failed`). */
export type HfLookup = { status: 'found'; paper: Paper } | { status: 'missing' } | { status: 'failed' };

/**
 * How long each answer is believed. A found paper for a day (its upvotes grow); a 404 for a
 * day too, so a popular dead link asks Hugging Face once a day, not once per post; a failure
 * (timeout, 5xx, unreadable record) for 5 minutes, so an outage is not hammered either.
 */
export const HF_CACHE_TTL_MS = { found: 86_400_000, missing: 86_400_000, failed: 5 * 60_000 } as const;
/** Rows not refreshed for this long are deleted. */
const FORGET_AFTER_MS = 30 * 86_400_000;

/**
 * The Hugging Face lookups of link unfurls, in SQLite (`hf_papers`), keyed by arXiv id. A
 * newer miss or failure keeps the last paper found, so a Save pressed on an old card still
 * knows the paper.
 */
export class HfPaperCache {
  constructor(private readonly db: Database.Database) {}

  /** The answer still believed at `nowMs`, or undefined when there is none (ask Hugging Face). */
  fresh(arxivId: string, nowMs: number): HfLookup | undefined {
    const row = this.db.prepare('SELECT status, paper_json FROM hf_papers WHERE arxiv_id = ? AND expires_at > ?').get(arxivId, nowMs) as
      { status: HfLookup['status']; paper_json: string | null } | undefined;
    if (!row) return undefined;
    if (row.status !== 'found') return { status: row.status };
    const paper = row.paper_json === null ? null : PaperSchema.safeParse(JSON.parse(row.paper_json));
    return paper?.success ? { status: 'found', paper: paper.data } : undefined;
  }

  /** The last paper found for this id, however old; null when Hugging Face never had it. */
  lastFound(arxivId: string): Paper | null {
    const json = this.db.prepare('SELECT paper_json FROM hf_papers WHERE arxiv_id = ?').pluck().get(arxivId) as string | null | undefined;
    if (json === null || json === undefined) return null;
    const paper = PaperSchema.safeParse(JSON.parse(json));
    return paper.success ? paper.data : null;
  }

  /** Records an answer, believed for HF_CACHE_TTL_MS of its kind; forgets rows unrefreshed for 30 days. */
  put(arxivId: string, lookup: HfLookup, nowMs: number): void {
    const json = lookup.status === 'found' ? JSON.stringify(lookup.paper) : null;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO hf_papers (arxiv_id, status, paper_json, fetched_at, expires_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (arxiv_id) DO UPDATE SET status = excluded.status, paper_json = COALESCE(excluded.paper_json, hf_papers.paper_json),
             fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`,
        )
        .run(arxivId, lookup.status, json, nowMs, nowMs + HF_CACHE_TTL_MS[lookup.status]);
      this.db.prepare('DELETE FROM hf_papers WHERE fetched_at < ?').run(nowMs - FORGET_AFTER_MS);
    })();
  }
}
