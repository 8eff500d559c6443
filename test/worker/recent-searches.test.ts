import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/library/library.js';
import { LibraryService } from '../../src/worker/library-service.js';
import { RecentSearches } from '../../src/worker/recent-searches.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEEDS_DIR, seedLibrary } from '../support/seed-library.js';

const request = (query: string, page = 1) => ({ query, sort: 'relevance' as const, since: null, page, pageSize: 2 });

/** The worker keeps recent searches so that paging one is a lookup (an interactive call). */
describe('RecentSearches', () => {
  let library: Library;
  beforeAll(async () => {
    library = await seedLibrary();
  });

  it('keeps a search by query, order and date, whatever page was asked; the least recently used goes first', () => {
    const searches = new RecentSearches(2);
    const first = searches.get(library, request('kv cache'));
    expect(searches.has(request('kv cache', 3))).toBe(true);
    expect(searches.has({ ...request('kv cache'), sort: 'newest' })).toBe(false);
    // The same object: computed once, then looked up.
    expect(searches.get(library, request('kv cache', 2))).toBe(first);
    expect(first).toMatchObject({ total: 5, partial: false, suggestions: [] });
    searches.get(library, request('mamba'));
    searches.get(library, request('kv cache')); // used again: "mamba" is now the oldest
    searches.get(library, request('video'));
    expect(['kv cache', 'mamba', 'video'].map((query) => searches.has(request(query)))).toEqual([true, false, true]);
  });

  it('says no, without throwing, for arguments that are not a search request', () => {
    const searches = new RecentSearches();
    expect([undefined, null, 'kv cache', 42].map((value) => searches.has(value))).toEqual([false, false, false, false]);
  });
});

describe('the worker forgets its searches when the digest changes', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('a search kept before an ingest is searched again after it, so the new paper is found', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'digest-'));
    dirs.push(dir);
    await cp(SEEDS_DIR, dir, { recursive: true });
    const service = new LibraryService({ digestDir: dir, watch: false, log: memoryLogger().log, onStatus: () => undefined, onAdded: () => undefined });
    await service.start();
    const api = service.api();
    expect(api.searchPage(request('zebrafish')).total).toBe(0);
    expect(service.laneOf('searchPage', [request('zebrafish', 2)])).toBe('interactive');
    await writeFile(
      path.join(dir, 'new.json'),
      JSON.stringify([{ paper: { id: '2611.00001', title: 'Ring attention for zebrafish videos', summary: 'Fish.' } }]),
    );
    await service.ingestFile('new.json');
    // Not kept any more: a new search, in the heavy lane, that finds the new paper.
    expect(service.laneOf('searchPage', [request('zebrafish', 1)])).toBe('heavy');
    expect(api.searchPage(request('zebrafish')).page.items.map((hit) => hit.paper.key)).toEqual(['2611.00001']);
    await service.stop();
  });
});
