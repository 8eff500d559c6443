import { createHash } from 'node:crypto';
import type { Paper } from '../digest/paper.js';

/** What is embedded for a paper: its title, a line break, its abstract. */
export function paperText(paper: Pick<Paper, 'title' | 'abstract'>): string {
  return `${paper.title}\n${paper.abstract}`;
}

/** The cache key of a text: the SHA-256 of its exact UTF-8 bytes, in hex. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
