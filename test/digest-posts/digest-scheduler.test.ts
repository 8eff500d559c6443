import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores, type SqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import type { NewSubscription } from '../../src/store/subscription-store.js';
import { Announcer } from '../../src/announce/announcer.js';
import type { Paper } from '../../src/digest/paper.js';
import { DigestPostSchema } from '../../src/digest-posts/digest-post.js';
import { DigestScheduler } from '../../src/digest-posts/digest-scheduler.js';
import type { RefreshCounts } from '../../src/digest-posts/refresh-counts.js';
import { digestStats } from '../../src/library/digest-stats.js';
import { Library } from '../../src/library/library.js';
import { periodPapers, type PeriodScope } from '../../src/library/period-papers.js';
import type { BuildDigestDeps } from '../../src/digest-posts/build-digest.js';
import { makePaper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';

const NINE = 9 * 60;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A paper listed on `listedOn`, published on arXiv two days before (real papers are listed a day or more after). */
const paper = (key: string, listedOn: string, upvotes: number, countsAsOf: string | null = null): Paper => ({
  ...makePaper(key, new Date(Date.parse(listedOn) - 2 * 86_400_000).toISOString().slice(0, 10)),
  listedOn,
  upvotes,
  countsAsOf,
});

/** Listed in the week of Monday Nov 16 – Sunday Nov 22, 2026, and one paper of the week before. */
const PAPERS = [
  paper('2611.00001', '2026-11-16', 4, '2026-11-16'),
  paper('2611.00002', '2026-11-22', 9, '2026-11-22'),
  paper('2611.00003', '2026-11-18', 9, '2026-11-18'),
  paper('2611.00004', '2026-11-20', 1, '2026-11-20'),
  paper('2611.00005', '2026-11-15', 50, '2026-11-15'),
];

/** The worker's answers over these papers: the real period selection (periodPapers) on a Library, a stand-in chart. */
function fakeLibrary(papers: () => readonly Paper[], calls: PeriodScope[] = []): BuildDigestDeps['library'] {
  const inPeriod = (scope: PeriodScope) => periodPapers(new Library([...papers()]), scope);
  return {
    periodPapers: (request) => {
      calls.push(request);
      const found = inPeriod(request);
      return Promise.resolve({ top: found.slice(0, request.limit), total: found.length });
    },
    digestChart: (request) =>
      Promise.resolve({
        png: PNG,
        width: 800,
        height: 600,
        stats: digestStats(inPeriod(request), { now: new Date(request.nowIso), title: request.title, labelsOf: () => [] }),
      }),
    topics: () => Promise.resolve([]),
  };
}

describe('DigestScheduler', () => {
  let dir: string;
  let stores: SqliteStores;
  let clock: Date;
  let logs: ReturnType<typeof memoryLogger>;
  let woken: number;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digests-'));
    stores = openSqliteStores(dir);
    logs = memoryLogger();
    woken = 0;
  });
  afterEach(async () => {
    await stores.close();
    await rm(dir, { recursive: true, force: true });
  });

  const subscribe = async (input: Partial<NewSubscription>, createdAt = '2026-11-01T00:00:00Z') =>
    (await stores.subscriptions.add({ guildId: 'g', channelId: 'c1', topicId: null, keywords: null, createdBy: 'u', ...input }, new Date(createdAt)))
      .subscription;
  const scheduler = (options: { refresh?: RefreshCounts; papers?: () => readonly Paper[]; calls?: PeriodScope[] } = {}) =>
    new DigestScheduler({
      stores,
      library: fakeLibrary(options.papers ?? (() => PAPERS), options.calls),
      log: logs.log,
      postMinutes: NINE,
      refresh: options.refresh,
      onQueued: () => woken++,
      now: () => clock,
    });
  const queued = async () => (await stores.outbox.dueBatches(Number.MAX_SAFE_INTEGER)).filter((batch) => batch.kind === 'digest');
  const logged = (msg: string) => logs.lines().filter((line) => line.msg === msg);

  it('queues a weekly digest at its post time, once, with the top papers by upvotes (ties by newest), and never again', async () => {
    const subscription = await subscribe({ schedule: 'weekly', top: 3 });
    clock = new Date('2026-11-23T08:59:00Z'); // Monday, a minute early
    expect(await scheduler().tick()).toBe(0);
    clock = new Date('2026-11-23T09:00:00Z');
    expect(await scheduler().tick()).toBe(1);
    expect(woken).toBe(1);

    const [batch] = await queued();
    expect(batch?.channelId).toBe('c1');
    // 9 and 9 tie: Nov 22 is newer than Nov 18. Then 4. The 50-upvote paper is of the week before, the 1-upvote one is 4th.
    expect(batch?.papers.map((p) => p.key)).toEqual(['2611.00002', '2611.00003', '2611.00001']);
    const post = DigestPostSchema.parse(batch?.payload);
    expect(post).toMatchObject({
      subscriptionId: subscription.id,
      period: { schedule: 'weekly', start: '2026-11-16', end: '2026-11-22' },
      subject: null,
      total: 4,
      // No feed: the counts are the listing's, and the post says as of when (the oldest shown).
      countsCurrent: false,
      countsAsOf: '2026-11-16',
      chart: { name: 'digest-2026-11-16.png' },
    });
    // The chart shows when the week's papers were published (on arXiv, two days before their listing).
    expect(post.chart?.description).toMatch(/^All papers · week of Nov 16: 4 papers, 14 Nov 2026 to 20 Nov 2026\./);
    expect(Buffer.from(post.chart?.pngBase64 ?? '', 'base64')).toEqual(Buffer.from(PNG));
    expect(await stores.outbox.hasBatch(`digest:${subscription.id}:weekly:2026-11-16`)).toBe(true);

    // Later ticks, and a restarted process (a new scheduler on the same database), queue nothing more.
    clock = new Date('2026-11-23T12:00:00Z');
    expect(await scheduler().tick()).toBe(0);
    await stores.close();
    stores = openSqliteStores(dir);
    expect(await scheduler().tick()).toBe(0);
    expect(await queued()).toHaveLength(1);
  });

  it('posts a digest missed by less than a day, and skips (and logs once) one missed by more', async () => {
    await subscribe({ schedule: 'weekly' });
    clock = new Date('2026-11-24T08:59:00Z'); // down since before Monday 09:00, back 23 h 59 min late
    expect(await scheduler().tick()).toBe(1);

    await stores.close();
    await rm(dir, { recursive: true, force: true });
    stores = openSqliteStores(dir);
    logs = memoryLogger();
    // Created after the week before's post time, so only this week's digest is at stake.
    await subscribe({ schedule: 'weekly' }, '2026-11-20T00:00:00Z');
    clock = new Date('2026-11-24T09:00:00Z'); // back exactly a day late
    expect(await scheduler().tick()).toBe(0);
    expect(await queued()).toHaveLength(0);
    expect(logged('digest skipped: its post time passed more than a day ago (the bot was not running)')).toEqual([
      expect.objectContaining({ level: 40, schedule: 'weekly', period: '2026-11-16', postAt: '2026-11-23T09:00:00.000Z' }),
    ]);
    // Recorded, so neither a later tick nor a restart logs it again.
    await scheduler().tick();
    expect(logged('digest skipped: its post time passed more than a day ago (the bot was not running)')).toHaveLength(1);
  });

  it("after a three-day outage posts yesterday's daily digest and logs the day before it as skipped", async () => {
    await subscribe({ schedule: 'daily' });
    clock = new Date('2026-11-23T10:00:00Z'); // last ran before Nov 20 09:00
    expect(await scheduler().tick()).toBe(1);
    expect(DigestPostSchema.parse((await queued())[0]?.payload).period.start).toBe('2026-11-22');
    // Nov 21's post time (Nov 22 09:00) passed 25 h ago; older days are not looked at.
    expect(logged('digest skipped: its post time passed more than a day ago (the bot was not running)').map((line) => line.period)).toEqual(['2026-11-21']);
  });

  it('leaves a new subscription waiting for its first post time, and ignores subscriptions that post each paper', async () => {
    await subscribe({ schedule: 'weekly' }, '2026-11-23T09:30:00Z'); // created after this Monday's post time
    await subscribe({ channelId: 'c2' }); // schedule 'new'
    clock = new Date('2026-11-23T10:00:00Z');
    expect(await scheduler().tick()).toBe(0);
    clock = new Date('2026-11-30T09:00:00Z');
    expect(await scheduler({ papers: () => [...PAPERS, paper('2611.00006', '2026-11-25', 2)] }).tick()).toBe(1);
    expect(DigestPostSchema.parse((await queued())[0]?.payload).period.start).toBe('2026-11-23');
  });

  it('a schedule changed after its post time waits for the next one: nothing posted at once, no false "skipped" warning', async () => {
    await subscribe({ schedule: 'weekly' }); // created Nov 1
    // Changed to daily on Monday Nov 23 at 10:00, after the 09:00 post time.
    await stores.subscriptions.add(
      { guildId: 'g', channelId: 'c1', topicId: null, keywords: null, createdBy: 'u', schedule: 'daily' },
      new Date('2026-11-23T10:00:00Z'),
    );
    clock = new Date('2026-11-23T10:00:30Z');
    // Planned from Nov 1, Nov 22's daily digest would post now and Nov 21's be "skipped (the bot was not running)".
    expect(await scheduler().tick()).toBe(0);
    expect(logged('digest skipped: its post time passed more than a day ago (the bot was not running)')).toEqual([]);
    clock = new Date('2026-11-24T09:00:00Z');
    expect(await scheduler({ papers: () => [...PAPERS, paper('2611.00006', '2026-11-23', 2)] }).tick()).toBe(1);
    expect(DigestPostSchema.parse((await queued())[0]?.payload).period).toEqual({ schedule: 'daily', start: '2026-11-23', end: '2026-11-23' });
    expect(logged('digest skipped: its post time passed more than a day ago (the bot was not running)')).toEqual([]);
  });

  it('posts nothing for a period without papers, records it and does not ask again', async () => {
    const calls: PeriodScope[] = [];
    await subscribe({ schedule: 'monthly' });
    clock = new Date('2026-12-01T09:00:00Z');
    expect(await scheduler({ papers: () => [], calls }).tick()).toBe(0);
    expect(await scheduler({ papers: () => [], calls }).tick()).toBe(0);
    expect(calls).toEqual([{ from: '2026-11-01', to: '2026-11-30', topicId: null, keywords: null, limit: 5 }]);
    expect(logged('digest: no papers in the period, nothing to post')).toHaveLength(1);
  });

  it("fetches the period's listing days again before ranking: current when every paper shown was listed on a day fetched again", async () => {
    const asked: string[][] = [];
    let counts = PAPERS;
    const refresh: RefreshCounts = (days) => {
      asked.push([...days]);
      // The refetch brings current counts: the 4-upvote paper now leads.
      counts = PAPERS.map((p) => (p.key === '2611.00001' ? { ...p, upvotes: 30 } : p));
      return Promise.resolve({ refreshed: [...days], failed: [] });
    };
    await subscribe({ schedule: 'weekly', top: 1 });
    clock = new Date('2026-11-23T09:00:00Z');
    await scheduler({ refresh, papers: () => counts }).tick();
    expect(asked).toEqual([['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']]);
    const [fresh] = await queued();
    expect(fresh?.papers.map((p) => p.key)).toEqual(['2611.00001']);
    expect(DigestPostSchema.parse(fresh?.payload)).toMatchObject({ countsCurrent: true, countsAsOf: null });
  });

  it('says counts may be stale when a shown paper was listed on a day that failed, and only then', async () => {
    // Top 2 of the week: Nov 22 and Nov 18 (9 upvotes each).
    const failing =
      (day: string): RefreshCounts =>
      (days) =>
        Promise.resolve({ refreshed: days.filter((d) => d !== day), failed: [{ day, reason: 'HTTP 503' }] });
    await subscribe({ schedule: 'weekly', top: 2 });
    clock = new Date('2026-11-23T09:00:00Z');
    // Nov 16 failed, but no paper shown was listed that day: the counts shown are current.
    await scheduler({ refresh: failing('2026-11-16') }).tick();
    expect(DigestPostSchema.parse((await queued())[0]?.payload)).toMatchObject({ countsCurrent: true, countsAsOf: null });

    await subscribe({ schedule: 'weekly', top: 2, channelId: 'c2' });
    await scheduler({ refresh: failing('2026-11-18') }).tick();
    const stale = (await queued()).find((batch) => batch.channelId === 'c2');
    // Stale: the oldest reading among the two papers shown (Nov 18 and Nov 22).
    expect(DigestPostSchema.parse(stale?.payload)).toMatchObject({ countsCurrent: false, countsAsOf: '2026-11-18' });
    expect(logged('digest: some papers shown could not be fetched again; counts may be stale')).toEqual([
      expect.objectContaining({ level: 40, period: '2026-11-16', failed: [{ day: '2026-11-18', reason: 'HTTP 503' }], stale: ['2611.00003'] }),
    ]);
  });

  it('a daily digest holds the papers listed that day, and fetching that one day again refreshes every paper it shows', async () => {
    const asked: string[][] = [];
    const refresh: RefreshCounts = (days) => {
      asked.push([...days]);
      return Promise.resolve({ refreshed: [...days], failed: [] });
    };
    await subscribe({ schedule: 'daily', top: 10 });
    clock = new Date('2026-11-21T09:00:00Z');
    await scheduler({ refresh }).tick();
    expect(asked).toEqual([['2026-11-20']]);
    // 2611.00004 was published Nov 18 and listed Nov 20; by its arXiv date it would have been in Nov 18's digest, posted before it was listed.
    const [batch] = await queued();
    expect(batch?.papers.map((p) => [p.key, p.publishedAt, p.listedOn])).toEqual([['2611.00004', '2026-11-18', '2026-11-20']]);
    expect(DigestPostSchema.parse(batch?.payload)).toMatchObject({ period: { start: '2026-11-20' }, total: 1, countsCurrent: true });
  });

  it('fetches each listing day once per tick, however many subscriptions share it', async () => {
    const asked: string[][] = [];
    const refresh: RefreshCounts = (days) => {
      asked.push([...days]);
      return Promise.resolve({ refreshed: [...days], failed: [] });
    };
    await subscribe({ schedule: 'weekly', channelId: 'w1' });
    await subscribe({ schedule: 'weekly', channelId: 'w2' });
    await subscribe({ schedule: 'weekly', channelId: 'w3', keywords: 'paper' });
    await subscribe({ schedule: 'daily', channelId: 'd1' });
    clock = new Date('2026-11-23T09:00:00Z'); // Monday: the week of Nov 16 and the day of Nov 22 are both due
    expect(await scheduler({ refresh }).tick()).toBe(4);
    // One request per day: 7, not 3 × 7 + 1 (Sunday Nov 22 is in the week and is the daily digest's day).
    expect(asked).toEqual([['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']]);
    expect((await queued()).map((batch) => [batch.channelId, DigestPostSchema.parse(batch.payload).countsCurrent])).toEqual([
      ['w1', true],
      ['w2', true],
      ['w3', true],
      ['d1', true],
    ]);
    // Nothing left to post: a later tick fetches nothing.
    clock = new Date('2026-11-23T09:01:00Z');
    expect(await scheduler({ refresh }).tick()).toBe(0);
    expect(asked).toHaveLength(1);
  });

  it('queues nothing when stopped during the refresh; the next start prepares the digest again', async () => {
    await subscribe({ schedule: 'daily' });
    clock = new Date('2026-11-21T09:00:00Z');
    let seen: AbortSignal | undefined;
    const running: DigestScheduler = scheduler({
      refresh: (days, signal) => {
        // Stopped while the days are fetched: the fetch is cancelled and answers "interrupted".
        void running.stop();
        seen = signal;
        return Promise.resolve({ refreshed: [], failed: days.map((day) => ({ day, reason: 'interrupted' })) });
      },
    });
    expect(await running.tick()).toBe(0);
    // Checked here, not in the callback, whose throw the scheduler would catch and log.
    expect(seen?.aborted).toBe(true);
    expect(await queued()).toEqual([]);
    expect(await scheduler().tick()).toBe(1);
  });

  it('retries a digest whose preparation failed at the next tick', async () => {
    await subscribe({ schedule: 'daily' });
    clock = new Date('2026-11-19T09:00:00Z');
    let fail = true;
    const papers = () => {
      if (fail) throw new Error('library restarting');
      return PAPERS;
    };
    expect(await scheduler({ papers }).tick()).toBe(0);
    expect(logged('digest could not be prepared; trying again at the next tick')).toHaveLength(1);
    fail = false;
    expect(await scheduler({ papers }).tick()).toBe(1);
  });
});

describe('Announcer with scheduled subscriptions', () => {
  it('sends papers one by one only to subscriptions that post new papers', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'digests-'));
    const stores = openSqliteStores(dir);
    try {
      await stores.subscriptions.add({ guildId: 'g', channelId: 'each', topicId: null, keywords: null, createdBy: 'u' });
      await stores.subscriptions.add({ guildId: 'g', channelId: 'weekly', topicId: null, keywords: null, createdBy: 'u', schedule: 'weekly' });
      const announcer = new Announcer(stores, undefined, memoryLogger().log);
      // A digest subscription gets the paper in its digest instead, so it is not delivered twice.
      expect(announcer.channelsFor(PAPERS[0] as Paper, new Set(), await stores.subscriptions.list())).toEqual(['each']);
    } finally {
      await stores.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
