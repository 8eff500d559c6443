import type { Logger } from '../log.js';
import { EmbeddingCache, type CachedVector } from './embedding-cache.js';

/**
 * The embeddings cache as PaperEmbeddings uses it: optional, and used only while it works. A
 * cache that fails (disk full, locked, corrupt) is closed and not used again: embeddings go
 * on without it. Reading a failed or absent cache finds nothing; writing to one does nothing.
 */
export class CacheWhileItWorks {
  #cache: EmbeddingCache | undefined;

  constructor(
    cache: EmbeddingCache | undefined,
    private readonly log: Logger,
  ) {
    this.#cache = cache;
  }

  /** The cache file opened, or undefined (with a warning) when it does not open. */
  static open(file: string, log: Logger): EmbeddingCache | undefined {
    try {
      return EmbeddingCache.open(file);
    } catch (error) {
      log.warn({ err: error, file }, 'cannot open the embeddings cache: papers are embedded without it, again at every start');
      return undefined;
    }
  }

  lookup(model: string, hashes: readonly string[]): CachedVector[] {
    if (!this.#cache || hashes.length === 0) return [];
    try {
      return this.#cache.lookup(model, hashes);
    } catch (error) {
      this.#drop(error);
      return [];
    }
  }

  store(model: string, rows: readonly CachedVector[]): void {
    if (!this.#cache || rows.length === 0) return;
    try {
      this.#cache.store(model, rows);
    } catch (error) {
      this.#drop(error);
    }
  }

  close(): void {
    this.#cache?.close();
  }

  #drop(error: unknown): void {
    this.log.warn({ err: error }, 'the embeddings cache failed: papers are embedded without it until the next start');
    this.#cache?.close();
    this.#cache = undefined;
  }
}
