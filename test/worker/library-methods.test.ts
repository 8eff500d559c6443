import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { LIBRARY_METHODS, type LibraryMethod } from '../../src/worker/library-api.js';
import { LibraryClient } from '../../src/worker/library-client.js';
import { libraryQueries } from '../../src/worker/library-queries.js';
import { LibraryService } from '../../src/worker/library-service.js';
import type { FromWorker, ToWorker, WorkerInit } from '../../src/worker/protocol.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEEDS_DIR } from '../support/seed-library.js';

describe('the client and the worker agree on the library methods', { timeout: 60_000 }, () => {
  const clients: LibraryClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
  });
  const queries = Object.keys(libraryQueries).sort();

  it('the client exposes every query the worker answers, and nothing else', () => {
    const client = new LibraryClient({ init: { digestDir: SEEDS_DIR, watch: false, logLevel: 'info' }, log: memoryLogger().log });
    expect(Object.keys(client.api).sort()).toEqual(queries);
    expect([...LIBRARY_METHODS].sort()).toEqual(queries);
    const service = new LibraryService({ digestDir: SEEDS_DIR, watch: false, log: memoryLogger().log, onStatus: () => undefined, onAdded: () => undefined });
    expect(Object.keys(service.api()).sort()).toEqual(queries);
  });

  it('every method the client sends reaches a query in the worker thread', async () => {
    const logs = memoryLogger();
    const client = new LibraryClient({ init: { digestDir: SEEDS_DIR, watch: false, logLevel: 'info' }, log: logs.log }).start();
    clients.push(client);
    await client.whenReady();
    // Called without arguments: whatever a query makes of none (a value or its own error),
    // the call reached it; a method the worker lacks is refused as unknown.
    const api = client.api as unknown as Record<string, () => Promise<unknown>>;
    const outcomes = await Promise.all(
      Object.values(api).map((call) =>
        call().then(
          () => 'answered',
          (error: Error) => (/unknown library method/.test(error.message) ? 'unknown' : 'answered'),
        ),
      ),
    );
    expect(outcomes).toEqual(queries.map(() => 'answered'));
    expect(logs.lines().filter((line) => /unknown library method/.test(JSON.stringify(line)))).toEqual([]);
  });
});

describe('the worker thread refuses a method it does not have', { timeout: 60_000 }, () => {
  it('by name, for an unknown name and for a name every object inherits', async () => {
    // A raw worker, as library-client.ts starts it: the client itself sends only known methods.
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
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'result') results.set(message.id, message);
      });
      const call = (id: number, method: string) =>
        worker.postMessage({ type: 'call', id, method: method as LibraryMethod, args: [], deadline: Date.now() + 30_000 } satisfies ToWorker);
      call(1, 'nope');
      call(2, 'toString');
      for (let waited = 0; results.size < 2 && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect([1, 2].map((id) => results.get(id)).map((result) => result?.type === 'result' && !result.ok && result.error.message)).toEqual([
        'unknown library method: nope',
        'unknown library method: toString',
      ]);
    } finally {
      await worker.terminate();
    }
  });
});
