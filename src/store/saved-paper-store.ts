import type { Paper } from '../digest/paper.js';

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

export type SaveResult = { status: 'saved' | 'already'; count: number } | { status: 'full'; count: number };

/**
 * Each user's private reading list (`saved_papers`): the user id, the paper's key and short
 * id, a copy of the paper and when it was saved. Newest saved first; saving a paper again
 * after removing it puts it back on top. Nothing here is shared between users.
 */
export interface SavedPaperStore {
  /** Adds a paper to the user's list, unless it is there already or the list is full (one transaction). */
  save(userId: string, paper: Paper, shortId: string, now?: Date): Promise<SaveResult>;
  /** Removes a paper (by short id) from the user's list; resolves to it, or null when it was not there. */
  remove(userId: string, shortId: string): Promise<Paper | null>;
  isSaved(userId: string, shortId: string): Promise<boolean>;
  count(userId: string): Promise<number>;
  /** Up to `limit` papers from `offset`, newest saved first. */
  page(userId: string, offset: number, limit: number): Promise<SavedPaper[]>;
  /** The whole list, newest saved first (for exports). */
  all(userId: string): Promise<SavedPaper[]>;
  /** Deletes the user's whole list; resolves to how many papers it held. */
  clear(userId: string): Promise<number>;
}
