import type pg from 'pg';
import { PaperSchema, type Paper } from '../../digest/paper.js';
import { HF_CACHE_FORGET_AFTER_MS, HF_CACHE_TTL_MS, type HfLookup, type HfPaperCache } from '../hf-paper-cache.js';
import { firstRow, transaction } from './database.js';

export class PostgresHfPaperCache implements HfPaperCache {
  constructor(private readonly pool: pg.Pool) {}

  async fresh(arxivId: string, nowMs: number): Promise<HfLookup | undefined> {
    const row = await firstRow<{ status: HfLookup['status']; paper_json: string | null }>(
      this.pool,
      'SELECT status, paper_json FROM hf_papers WHERE arxiv_id = $1 AND expires_at > $2',
      [arxivId, nowMs],
    );
    if (!row) return undefined;
    if (row.status !== 'found') return { status: row.status };
    const paper = row.paper_json === null ? null : PaperSchema.safeParse(JSON.parse(row.paper_json));
    return paper?.success ? { status: 'found', paper: paper.data } : undefined;
  }

  async lastFound(arxivId: string): Promise<Paper | null> {
    const json = (await firstRow<{ paper_json: string | null }>(this.pool, 'SELECT paper_json FROM hf_papers WHERE arxiv_id = $1', [arxivId]))?.paper_json;
    if (json === null || json === undefined) return null;
    const paper = PaperSchema.safeParse(JSON.parse(json));
    return paper.success ? paper.data : null;
  }

  async put(arxivId: string, lookup: HfLookup, nowMs: number): Promise<void> {
    const json = lookup.status === 'found' ? JSON.stringify(lookup.paper) : null;
    await transaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO hf_papers (arxiv_id, status, paper_json, fetched_at, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (arxiv_id) DO UPDATE SET status = excluded.status, paper_json = COALESCE(excluded.paper_json, hf_papers.paper_json),
           fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`,
        [arxivId, lookup.status, json, nowMs, nowMs + HF_CACHE_TTL_MS[lookup.status]],
      );
      await client.query('DELETE FROM hf_papers WHERE fetched_at < $1', [nowMs - HF_CACHE_FORGET_AFTER_MS]);
    });
  }
}
