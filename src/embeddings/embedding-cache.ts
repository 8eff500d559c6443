import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** A cached vector of a text under a model. */
export interface CachedVector {
  hash: string;
  vector: Float32Array;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    dimension INTEGER NOT NULL CHECK (dimension > 0),
    vector BLOB NOT NULL CHECK (length(vector) = 4 * dimension),
    PRIMARY KEY (model, text_sha256)
  );
`;
/** better-sqlite3 waits synchronously for a lock: short, so another process's write cannot stall the worker. */
const BUSY_TIMEOUT_MS = 200;

/**
 * Embeddings already computed, in SQLite (WAL): keyed by model and the SHA-256 of the exact
 * text, so a restart embeds only papers that are new or whose text changed, and another
 * model never reads these vectors. Vectors are Float32 BLOBs in the machine's byte order
 * (little-endian everywhere Node runs in practice).
 */
export class EmbeddingCache {
  readonly #lookup: Database.Statement<[string, string], { text_sha256: string; dimension: number; vector: Buffer }>;
  readonly #store: Database.Statement<[string, string, number, Buffer]>;

  private constructor(private readonly db: Database.Database) {
    this.#lookup = db.prepare('SELECT text_sha256, dimension, vector FROM embeddings WHERE model = ? AND text_sha256 IN (SELECT value FROM json_each(?))');
    this.#store = db.prepare(
      'INSERT INTO embeddings (model, text_sha256, dimension, vector) VALUES (?, ?, ?, ?) ON CONFLICT (model, text_sha256) DO UPDATE SET dimension = excluded.dimension, vector = excluded.vector',
    );
  }

  /** Opens (creating if needed) the cache file. Throws when it cannot: the caller runs uncached. */
  static open(file: string): EmbeddingCache {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA);
      return new EmbeddingCache(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The cached vectors of these text hashes under the model (those there are). */
  lookup(model: string, hashes: readonly string[]): CachedVector[] {
    if (hashes.length === 0) return [];
    return this.#lookup.all(model, JSON.stringify(hashes)).map((row) => ({
      hash: row.text_sha256,
      // Copied out: the row's Buffer may sit at an offset a Float32Array cannot start at.
      vector: new Float32Array(new Uint8Array(row.vector).buffer, 0, row.dimension),
    }));
  }

  /** Keeps vectors, in one transaction. */
  store(model: string, vectors: readonly CachedVector[]): void {
    this.db.transaction(() => {
      for (const { hash, vector } of vectors) this.#store.run(model, hash, vector.length, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
