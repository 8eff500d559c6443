import type { Paper } from '../digest/paper.js';

/** What Hugging Face said about a paper: its record, 404 (`missing`), or no usable answer (`failed`). */
export type HfLookup = { status: 'found'; paper: Paper } | { status: 'missing' } | { status: 'failed' };

/**
 * How long each answer is believed. A found paper for a day (its upvotes grow); a 404 for a
 * day too, so a popular dead link asks Hugging Face once a day, not once per post; a failure
 * (timeout, 5xx, unreadable record) for 5 minutes, so an outage is not hammered either.
 */
export const HF_CACHE_TTL_MS = { found: 86_400_000, missing: 86_400_000, failed: 5 * 60_000 } as const;
/** Rows not refreshed for this long are deleted. */
export const HF_CACHE_FORGET_AFTER_MS = 30 * 86_400_000;

/**
 * The Hugging Face lookups of link unfurls (`hf_papers`), keyed by arXiv id. A newer miss or
 * failure keeps the last paper found, so a Save pressed on an old card still knows the paper.
 */
export interface HfPaperCache {
  /** The answer still believed at `nowMs`, or undefined when there is none (ask Hugging Face). */
  fresh(arxivId: string, nowMs: number): Promise<HfLookup | undefined>;
  /** The last paper found for this id, however old; null when Hugging Face never had it. */
  lastFound(arxivId: string): Promise<Paper | null>;
  /** Records an answer, believed for HF_CACHE_TTL_MS of its kind; forgets rows unrefreshed for 30 days. */
  put(arxivId: string, lookup: HfLookup, nowMs: number): Promise<void>;
}
