import { cp, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoutedPaper } from '../../src/worker/library-api.js';
import { LibraryClient, LibraryUnavailableError } from '../../src/worker/library-client.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEEDS_DIR } from '../support/seed-library.js';

describe('LibraryClient: the library in a worker thread', { timeout: 60_000 }, () => {
  const clients: LibraryClient[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const start = (digestDir: string, logs = memoryLogger()) => {
    const client = new LibraryClient({ init: { digestDir, watch: false, logLevel: 'info' }, log: logs.log, restartDelayMs: 100 }).start();
    clients.push(client);
    return client;
  };
  const copyOfSeed = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'digest-'));
    dirs.push(dir);
    await cp(SEEDS_DIR, dir, { recursive: true });
    return dir;
  };

  it('reports loading, then ready with every paper, and relays the worker log lines to the main logger', async () => {
    const logs = memoryLogger();
    const client = start(SEEDS_DIR, logs);
    expect(client.status.state).toBe('starting');
    await client.whenReady();
    expect(client.status).toMatchObject({ state: 'ready', indexed: 58, total: 58 });
    expect(logs.lines().find((line) => line.msg === 'digest loaded')).toMatchObject({ thread: 'library', papers: 58 });
  });

  it('ingests a file the feed wrote: resolves once indexed, and reports the new papers with their topics', async () => {
    const dir = await copyOfSeed();
    const client = start(dir);
    const added: RoutedPaper[] = [];
    client.onAdded((papers) => added.push(...papers));
    await client.whenReady();
    await writeFile(
      path.join(dir, 'new.json'),
      JSON.stringify([{ paper: { id: '2611.00001', title: 'Ring attention for zebrafish videos', summary: 'Long video understanding with ring attention.' } }]),
    );
    expect(await client.api.ingestFile('new.json')).toEqual({ papers: 1, added: 1 });
    // "ring attention" is an efficient-attention term, "video understanding" a video one.
    expect(added.map(({ paper, topicIds }) => [paper.key, topicIds])).toEqual([['2611.00001', ['efficient-attention', 'video-multimodal']]]);
    const { page } = await client.api.searchPage({ query: 'zebrafish', sort: 'relevance', since: null, page: 1, pageSize: 5 });
    expect(page.items.map((hit) => hit.paper.key)).toEqual(['2611.00001']);
    // The same file again adds nothing and announces nothing.
    expect(await client.api.ingestFile('new.json')).toEqual({ papers: 1, added: 0 });
    expect(added).toHaveLength(1);
  });

  it('restarts a worker that died (an unreadable digest folder) and answers once it can load again', async () => {
    const dir = path.join(tmpdir(), `missing-digest-${process.pid}-${Date.now()}`);
    dirs.push(dir);
    const logs = memoryLogger();
    const client = start(dir, logs);
    const restarts = () => logs.lines().filter((line) => line.msg === 'library worker exited; restarting it').length;
    for (let waited = 0; restarts() < 2 && waited < 20_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(restarts()).toBeGreaterThanOrEqual(2);
    // Nothing hangs meanwhile: a call is answered or refused within its timeout.
    const during = await client.api.latest(1).then(
      (papers) => papers.length,
      (error: unknown) => (error instanceof LibraryUnavailableError ? 'unavailable' : 'other error'),
    );
    expect([0, 'unavailable']).toContain(during);
    // Copied beside it and renamed into place at once: a worker restarting mid-copy would find half the folder.
    await cp(SEEDS_DIR, `${dir}.part`, { recursive: true });
    await rename(`${dir}.part`, dir);
    await client.whenReady();
    expect((await client.api.latest(1))[0]?.key).toBe('2606.12195');
  });

  it('on restart(): rejects the calls in flight, then answers from the new worker', async () => {
    const client = new LibraryClient({
      init: { digestDir: SEEDS_DIR, watch: false, logLevel: 'warn', blockEveryCallMs: 1000 },
      log: memoryLogger().log,
    }).start();
    clients.push(client);
    await client.whenReady();
    const inFlight = expect(client.api.latest(1)).rejects.toThrow(LibraryUnavailableError);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.restart();
    await inFlight;
    await client.whenReady();
    expect((await client.api.latest(1))[0]?.key).toBe('2606.12195');
  });
});
