import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePapers, writeDailyPapers } from '../../scripts/bench/generate-corpus.js';
import { SPLIT_FROM_PAPERS } from '../../src/library/library.js';
import { LibraryClient } from '../../src/worker/library-client.js';
import { indexThreadsFor, thisMachine } from '../../src/worker/index-threads.js';
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

describe('INDEX_THREADS=auto', () => {
  const GIB = 1024 ** 3;
  it('takes a second thread with two cores or more and 4 GiB or more; 1 and 2 are taken as set', () => {
    expect(indexThreadsFor('auto', { cores: 2, memoryBytes: 4 * GIB })).toBe(2);
    expect(indexThreadsFor(undefined, { cores: 8, memoryBytes: 64 * GIB })).toBe(2);
    // One core, or a small box (a 2 GB VPS, a Raspberry Pi, a container limited to 1 GiB): one thread.
    expect(indexThreadsFor('auto', { cores: 1, memoryBytes: 64 * GIB })).toBe(1);
    expect(indexThreadsFor('auto', { cores: 4, memoryBytes: 4 * GIB - 1 })).toBe(1);
    expect(indexThreadsFor(2, { cores: 1, memoryBytes: GIB })).toBe(2);
    expect(indexThreadsFor(1, { cores: 8, memoryBytes: 64 * GIB })).toBe(1);
  });

  it("reads this machine's cores, and the lower of its memory and the process's limit", () => {
    const machine = thisMachine();
    expect(machine.cores).toBe(availableParallelism());
    expect(machine.memoryBytes).toBeGreaterThan(0);
    expect(machine.memoryBytes).toBeLessThanOrEqual(totalmem());
  });
});
