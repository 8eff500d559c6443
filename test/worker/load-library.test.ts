import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INDEX_LIBRARY_VERSIONS, indexCacheKey, loadLibrary } from '../../src/worker/load-library.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEEDS_DIR } from '../support/seed-library.js';

describe('the index cache', () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(path.join(tmpdir(), 'index-cache-'));
  });
  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('is keyed by the versions of minisearch, stemmer and stopword too: an upgrade never serves stale stems', () => {
    expect(INDEX_LIBRARY_VERSIONS).toMatch(/^minisearch@\d+\.\d+\.\d+ stemmer@\d+\.\d+\.\d+ stopword@\d+\.\d+\.\d+$/);
    const key = indexCacheKey('digest-hash', []);
    expect(indexCacheKey('digest-hash', [], INDEX_LIBRARY_VERSIONS)).toBe(key);
    expect(indexCacheKey('digest-hash', [], INDEX_LIBRARY_VERSIONS.replace(/stemmer@[\d.]+/, 'stemmer@3.0.0'))).not.toBe(key);
    expect(indexCacheKey('other-digest', [])).not.toBe(key);
  });

  it('is written after a cold build and loaded by the next start, with the same answers', async () => {
    const logs = memoryLogger();
    const cold = await loadLibrary(SEEDS_DIR, logs.log, { cacheDir });
    expect(cold.indexCache).toBe('miss');
    await cold.writeCache?.();
    const warm = await loadLibrary(SEEDS_DIR, logs.log, { cacheDir });
    expect(warm.indexCache).toBe('hit');
    const keys = (library: typeof cold.library) => library.search({ query: 'ring attention' }).hits.map((hit) => hit.paper.key);
    expect(keys(warm.library)).toEqual(keys(cold.library));
    expect(warm.library.latest(3)).toEqual(cold.library.latest(3));
  });

  it('is rebuilt, never trusted, when it is readable but of the wrong shape or for another digest', async () => {
    const logs = memoryLogger();
    const cold = await loadLibrary(SEEDS_DIR, logs.log, { cacheDir });
    await cold.writeCache?.();
    const [file] = await readdir(cacheDir);
    for (const wrong of ['{"paperIndex":{"search":{}},"topicMembers":{}}', '{"unexpected":true}', '[]']) {
      await writeFile(path.join(cacheDir, file as string), wrong);
      const loaded = await loadLibrary(SEEDS_DIR, logs.log, { cacheDir });
      expect(loaded.indexCache).toBe('miss');
      expect(loaded.library.size).toBe(58);
      expect(loaded.library.search({ query: 'ring attention' }).hits.length).toBeGreaterThan(0);
    }
    expect(logs.lines().filter((line) => line.msg === 'index cache does not fit the digest; rebuilding').length).toBe(3);
  });

  it('is not used for a digest that changed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'digest-'));
    await cp(SEEDS_DIR, dir, { recursive: true });
    const first = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    await first.writeCache?.();
    await writeFile(path.join(dir, 'new.json'), JSON.stringify([{ paper: { id: '2611.00001', title: 'New', summary: 'New.' } }]));
    const second = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(second.indexCache).toBe('miss');
    expect(second.library.size).toBe(59);
    await rm(dir, { recursive: true, force: true });
  });
});
