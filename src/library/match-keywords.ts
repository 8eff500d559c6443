import type { Paper } from '../digest/paper.js';
import { processTerm, WORD_SEPARATOR } from './text-analysis.js';

/** "kv cache, sparse attention" → [["kv", "cach"], ["spars", "attent"]]: phrases of stems. */
export function parseKeywords(text: string): string[][] {
  return text
    .split(/[,;\n]/)
    .map((phrase) => phrase.split(WORD_SEPARATOR).flatMap((word) => processTerm(word) ?? []))
    .filter((stems) => stems.length > 0);
}

/** Whether every word of at least one phrase appears in the paper's title, abstract or keywords (stemmed). */
export function matchesKeywords(paper: Paper, phrases: readonly string[][]): boolean {
  const words = new Set(`${paper.title} ${paper.abstract} ${paper.keywords.join(' ')}`.split(WORD_SEPARATOR).flatMap((word) => processTerm(word) ?? []));
  return phrases.some((phrase) => phrase.every((stem) => words.has(stem)));
}
