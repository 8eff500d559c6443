import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { LibraryBusyError, LibraryClient } from '../../src/worker/library-client.js';
import { CALL_DROPPED, type FromWorker, type ToWorker, type WorkerInit } from '../../src/worker/protocol.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEEDS_DIR } from '../support/seed-library.js';

const DROPPED = 'library call dropped: its caller gave up before it started';
const FINISHED_LATE = 'library call finished after its caller gave up';

/**
 * Deadlines through the real worker thread: calls whose callers gave up are never run, so a
 * burst leaves no backlog behind it. `blockEveryCallMs` makes every call but `status` a slow
 * synchronous computation.
 */
describe('the library worker drops calls whose deadline passed', { timeout: 60_000 }, () => {
  const clients: LibraryClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
  });

  it('after a burst of calls that time out, a fresh call is answered at once: the abandoned ones are dropped, not run', async () => {
    const logs = memoryLogger('debug');
    // Every call takes 1.5 s of the worker; callers give up after 1 s.
    const client = new LibraryClient({
      init: { digestDir: SEEDS_DIR, watch: false, logLevel: 'debug', blockEveryCallMs: 1500 },
      log: logs.log,
      callTimeoutMs: 1000,
    }).start();
    clients.push(client);
    await client.whenReady();
    const burst = await Promise.all(
      Array.from({ length: 8 }, () =>
        client.api.latest(1).then(
          () => 'answered',
          (error: Error) => (error instanceof LibraryBusyError ? 'busy' : error.message),
        ),
      ),
    );
    // The first call runs 1.5 s, past every caller's second: all eight gave up.
    expect(burst).toEqual(Array.from({ length: 8 }, () => 'busy'));
    // The fresh call waits only for the call already running (the worker cannot stop it), not
    // for 7 × 1.5 s of calls nobody waits for: without the drops it would time out too.
    const fresh = await client.api.status();
    expect(fresh.state).toBe('ready');
    // The worker's log lines arrive before the fresh call's answer (one ordered channel).
    const messages = logs.lines().map((line) => line.msg);
    expect(messages.filter((msg) => msg === FINISHED_LATE)).toHaveLength(1);
    expect(messages.filter((msg) => msg === DROPPED)).toHaveLength(7);
    expect(logs.lines().find((line) => line.msg === DROPPED)).toMatchObject({ thread: 'library', method: 'latest', level: 20 });
  });

  it('interactive calls overtake heavy ones waiting: /latest and the next page of a kept search before new searches', async () => {
    // Every call but status takes 400 ms of the worker.
    const client = new LibraryClient({
      init: { digestDir: SEEDS_DIR, watch: false, logLevel: 'warn', blockEveryCallMs: 400 },
      log: memoryLogger().log,
    }).start();
    clients.push(client);
    await client.whenReady();
    const search = (query: string, page = 1) => client.api.searchPage({ query, sort: 'relevance', since: null, page, pageSize: 2 });
    const first = await search('kv cache');
    const answered: string[] = [];
    const track = (name: string, call: Promise<unknown>) => call.then(() => answered.push(name));
    await Promise.all([
      track('search mamba', search('mamba')),
      track('search video', search('video')),
      track('search reward', search('reward model')),
      track('latest', client.api.latest(1)),
      track('kv cache page 2', search('kv cache', 2)),
    ]);
    // "search mamba" may have started before the others arrived; nothing heavy starts while
    // the two interactive calls wait. In one lane, first come first served.
    expect(answered.slice(-2)).toEqual(['search video', 'search reward']);
    expect(answered.indexOf('latest')).toBeLessThan(answered.indexOf('kv cache page 2'));
    // The page is cut from the search kept since page 1: the same total.
    const again = await search('kv cache', 2);
    expect([again.total, again.page.page]).toEqual([first.total, 2]);
  });

  it("members take turns: one member's burst of /latest waits behind another member's single call", async () => {
    // Every call but status takes 300 ms of the worker.
    const client = new LibraryClient({
      init: { digestDir: SEEDS_DIR, watch: false, logLevel: 'warn', blockEveryCallMs: 300 },
      log: memoryLogger().log,
    }).start();
    clients.push(client);
    await client.whenReady();
    const flooder = client.for({ caller: '100' });
    const other = client.for({ caller: '200' });
    const answered: string[] = [];
    const track = (name: string, call: Promise<unknown>) => call.then(() => answered.push(name));
    await Promise.all([
      // A third member's call runs first; the others all arrive while it runs (or before it starts).
      track('first', client.for({ caller: '300' }).latest(1)),
      ...Array.from({ length: 4 }, (_, i) => track(`flood ${i + 1}`, flooder.latest(1))),
      track('other', other.latest(1)),
    ]);
    // The other member's call goes after the flooder's first, not after its fourth: first
    // come, first served would answer it last, 1.5 s after it was asked.
    expect(answered).toEqual(['first', 'flood 1', 'other', 'flood 2', 'flood 3', 'flood 4']);
  });

  it('a rejected call says the library was busy, naming the call and the time', async () => {
    const client = new LibraryClient({
      init: { digestDir: SEEDS_DIR, watch: false, logLevel: 'warn', blockEveryCallMs: 700 },
      log: memoryLogger().log,
      callTimeoutMs: 300,
    }).start();
    clients.push(client);
    await client.whenReady();
    await expect(client.api.latest(1)).rejects.toThrow(new LibraryBusyError('the library did not answer latest within 300 ms'));
  });

  it('a view made by for() gives its calls its own deadline (autocomplete: 2 s), shorter than the 20-second default', async () => {
    const client = new LibraryClient({
      init: { digestDir: SEEDS_DIR, watch: false, logLevel: 'warn', blockEveryCallMs: 2600 },
      log: memoryLogger().log,
    }).start();
    clients.push(client);
    await client.whenReady();
    const started = performance.now();
    await expect(client.for({ deadlineMs: 2000 }).suggestTitles('ring', 5)).rejects.toThrow(
      new LibraryBusyError('the library did not answer suggestTitles within 2 s'),
    );
    // Rejected by its own timer, not after the worker's 2.6 s answer.
    expect(performance.now() - started).toBeLessThan(2500);
    // The same method through the client's own API keeps the default: it is answered, late.
    await expect(client.api.suggestTitles('ring', 5)).resolves.toBeDefined();
  });

  it('a call that arrives past its deadline is answered as dropped and never run', async () => {
    // A raw worker, as library-client.ts starts it, so the deadline can be any instant.
    const worker = new Worker(new URL('../../src/worker/boot-worker.mjs', import.meta.url), {
      workerData: {
        digestDir: SEEDS_DIR,
        watch: false,
        logLevel: 'silent',
        entry: new URL('../../src/worker/library-worker.ts', import.meta.url).href,
      } satisfies WorkerInit & { entry: string },
    });
    try {
      const results = new Map<number, FromWorker>();
      const both = new Promise<void>((resolve) =>
        worker.on('message', (message: FromWorker) => {
          if (message.type === 'result') results.set(message.id, message);
          if (results.size === 2) resolve();
        }),
      );
      // An ingest of a file that does not exist fails loudly when run: dropped, it is never read.
      worker.postMessage({ type: 'call', id: 1, method: 'ingestFile', args: ['missing.json'], deadline: Date.now() - 1 } satisfies ToWorker);
      worker.postMessage({ type: 'call', id: 2, method: 'latest', args: [1], deadline: Date.now() + 30_000 } satisfies ToWorker);
      await both;
      expect(results.get(1)).toMatchObject({
        ok: false,
        error: { name: CALL_DROPPED, message: 'the library was too busy to start ingestFile before its deadline' },
        ms: 0,
      });
      expect(results.get(2)).toMatchObject({ ok: true });
    } finally {
      await worker.terminate();
    }
  });
});
