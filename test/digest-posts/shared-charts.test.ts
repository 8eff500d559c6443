import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestPostSchema } from '../../src/digest-posts/digest-post.js';
import { DigestScheduler } from '../../src/digest-posts/digest-scheduler.js';
import { openSqliteStores, type SqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import type { NewSubscription } from '../../src/store/subscription-store.js';
import type { RemoteLibrary } from '../../src/worker/library-api.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { memoryLogger } from '../support/memory-log.js';
import { startLibraryWorker } from '../support/seed-library.js';

type ChartRequest = Parameters<RemoteLibrary['digestChart']>[0];

/** A daily_papers answer of papers listed on Nov 18, 20 and 22, 2026 (the week of Monday Nov 16), published two days before. */
function listing(): string {
  const item = (id: string, day: string, title: string) => ({
    paper: {
      id,
      title,
      summary: `About ${title}.`,
      upvotes: 3,
      publishedAt: new Date(Date.parse(`${day}T00:00:00Z`) - 2 * 86_400_000).toISOString(),
      submittedOnDailyAt: `${day}T00:00:00.000Z`,
      authors: [{ name: 'A' }],
    },
  });
  return JSON.stringify([
    item('2611.00301', '2026-11-18', 'Sparse Attention at Length'),
    item('2611.00302', '2026-11-20', 'KV Cache Paging for Agents'),
    item('2611.00303', '2026-11-22', 'Retrieval over Long Context'),
  ]);
}

describe('scheduled digests share their charts', () => {
  let digestDir: string;
  let dataDir: string;
  let library: LibraryClient;
  let stores: SqliteStores;

  beforeAll(async () => {
    digestDir = await mkdtemp(path.join(tmpdir(), 'digest-'));
    dataDir = await mkdtemp(path.join(tmpdir(), 'data-'));
    await writeFile(path.join(digestDir, 'week.json'), listing());
    library = await startLibraryWorker({ digestDir });
    stores = openSqliteStores(dataDir);
  });
  afterAll(async () => {
    await stores?.close();
    await library?.stop();
    await rm(digestDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('draws one chart per scope and period in a look, however many subscriptions show it', { timeout: 30_000 }, async () => {
    const subscribe = (input: Partial<NewSubscription>) =>
      stores.subscriptions.add({ guildId: 'g', channelId: 'c', topicId: null, keywords: null, createdBy: 'u', ...input }, new Date('2026-11-01T00:00:00Z'));
    // Three weekly digests of all papers (one scope, one period), one weekly of a keyword, one daily of Sunday Nov 22.
    for (const channelId of ['w1', 'w2', 'w3']) await subscribe({ channelId, schedule: 'weekly' });
    await subscribe({ channelId: 'kv', schedule: 'weekly', keywords: 'kv cache' });
    await subscribe({ channelId: 'd1', schedule: 'daily' });

    // Every chart request that reaches the library worker, counted where the scheduler hands it over.
    const requests: ChartRequest[] = [];
    const counted: RemoteLibrary = {
      ...library.api,
      digestChart: (request) => {
        requests.push(request);
        return library.api.digestChart(request);
      },
    };
    const scheduler = new DigestScheduler({
      stores,
      library: counted,
      log: memoryLogger().log,
      postMinutes: 9 * 60,
      onQueued: () => {},
      now: () => new Date('2026-11-23T09:00:00Z'), // Monday: the week of Nov 16 and the day of Nov 22 are due
    });
    expect(await scheduler.tick()).toBe(5);

    // Three charts, not five: each drawing takes the worker ~145 ms, and a guild with 400 channels on one scope needed 400.
    expect(requests.map(({ from, to, keywords, title }) => [from, to, keywords, title])).toEqual([
      ['2026-11-16', '2026-11-22', null, 'All papers · week of Nov 16'],
      ['2026-11-16', '2026-11-22', 'kv cache', 'kv cache · week of Nov 16'],
      ['2026-11-22', '2026-11-22', null, 'All papers · Nov 22'],
    ]);
    const posts = new Map((await stores.outbox.dueBatches(Number.MAX_SAFE_INTEGER)).map((batch) => [batch.channelId, DigestPostSchema.parse(batch.payload)]));
    // The three that share a scope carry the same picture; the others their own.
    const chart = (channel: string) => posts.get(channel)?.chart;
    expect(chart('w1')?.pngBase64.length).toBeGreaterThan(1000);
    expect([chart('w2'), chart('w3')]).toEqual([chart('w1'), chart('w1')]);
    expect(chart('kv')?.pngBase64).not.toBe(chart('w1')?.pngBase64);
    expect([posts.get('w1')?.total, posts.get('kv')?.total, posts.get('d1')?.total]).toEqual([3, 1, 1]);
  });
});
