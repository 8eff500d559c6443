import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores, type SqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { Announcer } from '../../src/announce/announcer.js';
import { loadDigestFile } from '../../src/digest/load-digest.js';
import { periodDays } from '../../src/time/digest-period.js';
import { createCountsRefresher } from '../../src/digest-posts/refresh-counts.js';
import { writeFeedDay } from '../../src/feed/feed-day.js';
import { PoliteFetcher } from '../../src/feed/polite-fetch.js';
import { Library } from '../../src/library/library.js';
import type { RemoteLibrary } from '../../src/worker/library-api.js';
import { memoryLogger } from '../support/memory-log.js';
import { sendJson, startFeedServer } from '../feed/feed-server.js';

/** Papers listed on `day` (published the day before), `count` of them, with `upvotes`. */
const listing = (day: string, upvotes: number, count = 1) =>
  JSON.stringify(
    Array.from({ length: count }, (_, i) => ({
      paper: {
        id: count === 1 ? '2611.00301' : `2611.${day.slice(8, 10)}${String(i).padStart(3, '0')}`,
        title: `A Paper ${day} ${i}`,
        summary: 'About it.',
        upvotes,
        publishedAt: new Date(Date.parse(day) - 86_400_000).toISOString(),
        submittedOnDailyAt: `${day}T00:00:00.000Z`,
      },
    })),
  );

describe('createCountsRefresher', () => {
  let digestDir: string;
  let dataDir: string;
  let stores: SqliteStores;
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  let ingested: string[];

  beforeEach(async () => {
    digestDir = await mkdtemp(path.join(tmpdir(), 'refresh-'));
    dataDir = await mkdtemp(path.join(tmpdir(), 'refresh-data-'));
    stores = openSqliteStores(dataDir);
    ingested = [];
  });
  afterEach(async () => {
    await stores.close();
    await server.close();
    await rm(digestDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fetches each day politely, writes it over its feed file and reads it in; reports the days it could not refresh', async () => {
    server = await startFeedServer((request, res) => {
      const date = request.url.searchParams.get('date') ?? '';
      if (date === '2026-11-17')
        sendJson(res, 200, '[]'); // a day that listed nothing
      else if (date === '2026-11-18') sendJson(res, 503, '{}');
      else if (date === '2026-11-19')
        sendJson(res, 200, listing('2026-11-12', 1)); // the server ignored date=
      else sendJson(res, 200, listing(date, 42));
    });
    await writeFile(path.join(digestDir, 'keep.json'), '[]');
    const refresh = createCountsRefresher({
      feedUrl: `${server.url}?limit=100`,
      digestDir,
      fetcher: new PoliteFetcher({ minIntervalMs: 5, attempts: 1 }),
      ingest: (name) => Promise.resolve(void ingested.push(name)),
      known: stores.known,
    });
    const outcome = await refresh(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']);

    expect(server.requests.map((request) => request.url.search)).toEqual([
      '?limit=100&date=2026-11-16',
      '?limit=100&date=2026-11-17',
      '?limit=100&date=2026-11-18',
      '?limit=100&date=2026-11-19',
    ]);
    // Nov 17 listed nothing: refreshed, but no empty file was written. Nov 18 failed; Nov 19's answer was of another day.
    expect(outcome.refreshed).toEqual(['2026-11-16', '2026-11-17']);
    expect(outcome.failed.map(({ day }) => day)).toEqual(['2026-11-18', '2026-11-19']);
    expect(outcome.failed[1]?.reason).toContain('not of 2026-11-19 (was date= ignored?)');
    expect(ingested).toEqual(['feed/2026-11-16.json']);
    expect(await readdir(path.join(digestDir, 'feed'))).toEqual(['2026-11-16.json']);
    expect(JSON.parse(await readFile(path.join(digestDir, 'feed', '2026-11-16.json'), 'utf8'))).toEqual(JSON.parse(listing('2026-11-16', 42)));
    // Its paper was recorded as known before the file was written; the failed days' papers were not.
    expect(await stores.known.unknownKeys(['2611.00301'])).toEqual([]);
    expect(await stores.known.count()).toBe(1);
  });

  it('a fresh deployment plus a monthly digest refresh announces nothing: the month is history, not news', async () => {
    // 30 listing days of November, 20 papers each: the digest folder had none of them.
    server = await startFeedServer((request, res) => sendJson(res, 200, listing(request.url.searchParams.get('date') ?? '', 3, 20)));
    const log = memoryLogger().log;
    const announcer = new Announcer(stores, 'announce-channel', log);
    await stores.subscriptions.add({ guildId: 'g', channelId: 'each-paper', topicId: null, keywords: null, createdBy: 'u' });
    // The first start: an empty digest becomes known, nothing is announced.
    const library = new Library([]);
    const remote = { keys: () => Promise.resolve(library.all().map((paper) => paper.key)) } as Pick<RemoteLibrary, 'keys'> as RemoteLibrary;
    expect(await announcer.start(remote)).toBe(0);

    // As in production: the worker indexes the file and reports the papers it did not have,
    // and the pipeline hands them to the announcer.
    let reportedAsAdded = 0;
    const ingest = async (name: string) => {
      const added = library.add((await loadDigestFile(digestDir, name)).papers);
      reportedAsAdded += added.length;
      await announcer.announce(
        added.map((paper) => ({ paper, topicIds: [] })),
        `file ${name}`,
      );
    };
    const refresh = createCountsRefresher({
      feedUrl: server.url,
      digestDir,
      fetcher: new PoliteFetcher({ minIntervalMs: 0, attempts: 1 }),
      ingest,
      known: stores.known,
    });
    const outcome = await refresh(periodDays({ start: '2026-11-01', end: '2026-11-30' }));

    expect(outcome).toMatchObject({ failed: [] });
    expect(outcome.refreshed).toHaveLength(30);
    // 600 papers new to the library, every one known, none queued for the announce channel or the subscription.
    expect(reportedAsAdded).toBe(600);
    expect(await stores.known.count()).toBe(600);
    expect(await stores.outbox.deliveries()).toEqual([]);
    expect(await stores.outbox.backlog()).toBe(0);
  });

  it('leaves the papers of the day the feed poller still reads (the newest in feed/) to be announced: they may be news', async () => {
    // The poller's last pass saved Nov 20 with 2 papers; Hugging Face has listed a third since.
    await writeFeedDay(digestDir, '2026-11-20', listing('2026-11-20', 1, 2));
    server = await startFeedServer((request, res) => {
      const date = request.url.searchParams.get('date') ?? '';
      sendJson(res, 200, listing(date, 9, date === '2026-11-20' ? 3 : 2));
    });
    const refresh = createCountsRefresher({
      feedUrl: server.url,
      digestDir,
      fetcher: new PoliteFetcher({ minIntervalMs: 0, attempts: 1 }),
      ingest: (name) => Promise.resolve(void ingested.push(name)),
      known: stores.known,
    });
    expect(await refresh(['2026-11-19', '2026-11-20'])).toEqual({ refreshed: ['2026-11-19', '2026-11-20'], failed: [] });
    expect(ingested).toEqual(['feed/2026-11-19.json', 'feed/2026-11-20.json']);
    // Nov 19 is behind the poller: history, recorded. Nov 20's are not recorded: the announcer
    // decides, as after a poll (in a running bot the store knows the two the poller brought).
    expect(await stores.known.unknownKeys(['2611.19000', '2611.19001', '2611.20000', '2611.20001', '2611.20002'])).toEqual([
      '2611.20000',
      '2611.20001',
      '2611.20002',
    ]);
  });

  it('a day whose papers cannot be recorded as known is not written, so they are never announced unrecorded', async () => {
    server = await startFeedServer((request, res) => sendJson(res, 200, listing(request.url.searchParams.get('date') ?? '', 5)));
    const busy = {
      rememberKeys: () => {
        throw new Error('database is locked');
      },
    };
    const refresh = createCountsRefresher({
      feedUrl: server.url,
      digestDir,
      fetcher: new PoliteFetcher({ minIntervalMs: 0, attempts: 1 }),
      ingest: (name) => Promise.resolve(void ingested.push(name)),
      known: busy,
    });
    expect(await refresh(['2026-11-16'])).toEqual({
      refreshed: [],
      failed: [{ day: '2026-11-16', reason: 'could not record its papers as known: database is locked' }],
    });
    expect(ingested).toEqual([]);
    await expect(readdir(path.join(digestDir, 'feed'))).rejects.toThrow(/ENOENT/);
  });
});
