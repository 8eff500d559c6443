import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../src/embeddings/embedding-cache.js';
import { paperText, textHash } from '../../src/embeddings/paper-text.js';

describe('EmbeddingCache: vectors in DATA_DIR/embeddings.sqlite by model and text hash', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const tempFile = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'embeddings-cache-'));
    dirs.push(dir);
    return path.join(dir, 'data', 'embeddings.sqlite');
  };

  it('keys a paper by the SHA-256 of its title, a line break and its abstract', () => {
    expect(paperText({ title: 'Ring Attention', abstract: 'Long context.' })).toBe('Ring Attention\nLong context.');
    expect(textHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives back the exact Float32 vectors after a reopen, only under their model, in a WAL database', async () => {
    const file = await tempFile();
    const first = EmbeddingCache.open(file);
    const a = Float32Array.from([0.6, -0.8, 1e-7]);
    const b = Float32Array.from([1, 0, 0, 0]);
    first.store('model-a', [
      { hash: textHash('a'), vector: a },
      { hash: textHash('b'), vector: b },
    ]);
    first.close();
    const cache = EmbeddingCache.open(file);
    const found = cache.lookup('model-a', [textHash('a'), textHash('b'), textHash('missing')]);
    expect(new Map(found.map((row) => [row.hash, [...row.vector]]))).toEqual(
      new Map([
        [textHash('a'), [...a]],
        [textHash('b'), [...b]],
      ]),
    );
    expect(cache.lookup('model-b', [textHash('a')])).toEqual([]);
    // A vector stored again replaces the old one.
    cache.store('model-a', [{ hash: textHash('a'), vector: Float32Array.from([1, 2]) }]);
    expect([...(cache.lookup('model-a', [textHash('a')])[0]?.vector ?? [])]).toEqual([1, 2]);
    cache.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('throws on a file that is not a database, for the caller to run uncached', async () => {
    const file = await tempFile();
    await writeFile(path.join(path.dirname(file), '..', 'not-a-db.sqlite'), 'this is not SQLite '.repeat(100));
    expect(() => EmbeddingCache.open(path.join(path.dirname(file), '..', 'not-a-db.sqlite'))).toThrow(/not a database/);
  });
});
