import type { Paper } from '../digest/paper.js';

/**
 * The papers the bot has seen, by identity (`known_papers`), whether announced or not. A
 * paper is announced only the first time it becomes known (see OutboxStore.announcePapers).
 */
export interface KnownPaperStore {
  /** Records papers as known (without announcing them). Resolves to the keys not known before, in input order. */
  rememberKeys(keys: readonly string[], source: string, now?: Date): Promise<string[]>;
  /** Records papers as known. Resolves to the ones not known before, in input order. */
  rememberPapers(papers: readonly Paper[], source: string, now?: Date): Promise<Paper[]>;
  /** The keys among these that the store has never seen. */
  unknownKeys(keys: readonly string[]): Promise<string[]>;
  count(): Promise<number>;
}
