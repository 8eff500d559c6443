import { createHash } from 'node:crypto';
import type { Paper } from '../digest/paper.js';

/**
 * A short, stable id for a paper, for button custom ids (100 characters at most): the arXiv
 * id, or `t` and 16 hex digits of a hash of the title-based key. Pure, so presenters on the
 * main thread give the same id as the library worker.
 */
export function paperShortId(paper: Pick<Paper, 'arxivId' | 'key'>): string {
  return paper.arxivId ?? `t${createHash('sha256').update(paper.key).digest('hex').slice(0, 16)}`;
}
