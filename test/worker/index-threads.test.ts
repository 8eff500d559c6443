import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePapers, writeDailyPapers } from '../../scripts/bench/generate-corpus.js';
import { SPLIT_FROM_PAPERS } from '../../src/library/library.js';
import { LibraryClient } from '../../src/worker/library-client.js';
import { memoryLogger } from '../support/memory-log.js';
import { seedLibrary } from '../support/seed-library.js';

/** More papers than a build splits from, so INDEX_THREADS=2 indexes half of them on a second thread. */
const PAPERS = SPLIT_FROM_PAPERS + 1_000;

describe('the library worker with INDEX_THREADS 1 and 2', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'index-threads-'));
    writeDailyPapers(generatePapers((await seedLibrary()).all(), PAPERS), dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function loaded(indexThreads: 1 | 2) {
    const logs = memoryLogger('info');
    const client = new LibraryClient({ init: { digestDir: dir, watch: false, logLevel: 'info', indexThreads }, log: logs.log }).start();
    await client.whenReady();
    const search = await client.api.searchPage({ query: 'attention long context', sort: 'relevance', since: null, page: 0, pageSize: 10 });
    const answer = await client.api.answer('which paper makes attention cheaper for long context?', '2026-11-28T12:00:00Z');
    await client.stop();
    return { logs, size: client.status.indexed, search, answer };
  }

  it('indexes half the papers on a second thread with 2, and answers as with 1', { timeout: 90_000 }, async () => {
    const [one, two] = [await loaded(1), await loaded(2)];
    expect(one.size).toBe(PAPERS);
    expect(two.size).toBe(PAPERS);
    const messages = (of: typeof one) => of.logs.lines().map((line) => line.msg);
    expect(messages(one)).not.toContain('indexing part of the digest on a second thread');
    expect(messages(two)).toContain('indexing part of the digest on a second thread');
    expect(two.logs.lines().find((line) => line.msg === 'second indexing thread done')).toMatchObject({ papers: PAPERS / 2 });
    expect(messages(two)).toContain('second indexing thread joined');
    expect(two.search).toEqual(one.search);
    expect(two.answer).toEqual(one.answer);
  });
});
