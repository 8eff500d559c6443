import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores, type SqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { Announcer } from '../../src/announce/announcer.js';
import { DeliveryError, OutboxWorker, type PostBatch } from '../../src/announce/outbox-worker.js';
import { parseDuration } from '../../src/time/parse-duration.js';
import type { Paper } from '../../src/digest/paper.js';
import { announcementMessage } from '../../src/present/announcement-message.js';
import type { RoutedPaper } from '../../src/worker/library-api.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { tempBotDirs } from '../support/bot-harness.js';
import { memoryLogger } from '../support/memory-log.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';
import { SEED_NOW, seedLibrary, startLibraryWorker } from '../support/seed-library.js';
import { makePaper as paper } from '../support/make-paper.js';

const ANNOUNCE = '300000000000000001';

describe('Announcer', () => {
  let dir: string;
  let stores: SqliteStores;
  let library: LibraryClient;
  let seedPapers: RoutedPaper[];
  beforeAll(async () => {
    library = await startLibraryWorker();
    seedPapers = await library.api.routedPapers(await library.api.keys());
  });
  afterAll(async () => {
    await library?.stop();
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'announcer-'));
    stores = openSqliteStores(dir);
  });
  afterEach(async () => {
    await stores.close();
    await rm(dir, { recursive: true, force: true });
  });
  const routed = (p: Paper, topicIds: string[] = []): RoutedPaper => ({ paper: p, topicIds });
  const seedPaper = (key: string) => seedPapers.find((candidate) => candidate.paper.key === key) as RoutedPaper;

  it('announces nothing on the first start, then only papers it has not seen', async () => {
    const announcer = new Announcer(stores, ANNOUNCE, memoryLogger().log);
    expect(await announcer.start(library.api)).toBe(0);
    expect(await stores.known.count()).toBe(58);
    // A later start finds every seed paper known; papers that arrive later are announced once.
    expect(await announcer.start(library.api)).toBe(0);
    const added = [routed(paper('2611.00001', '2026-11-20')), routed(paper('2611.00002', '2026-11-21'))];
    expect(await announcer.announce(added, 'file')).toBe(2);
    expect(await announcer.announce(added, 'again')).toBe(0);
  });

  it('announces, at the next start, the papers added to the digest folder while the bot was stopped', async () => {
    const dirs = await tempBotDirs();
    const logs = memoryLogger();
    const announcer = new Announcer(stores, ANNOUNCE, logs.log);
    try {
      const before = await startLibraryWorker({ digestDir: dirs.digestDir });
      expect(await announcer.start(before.api)).toBe(0); // the first start only learns the digest
      await before.stop();
      // While stopped, someone drops a file with one new paper (and one already known).
      const added = { paper: { id: '2611.00077', title: 'Zebrafish Attention', summary: 'New.', publishedAt: '2026-11-27T00:00:00.000Z' } };
      const known = { paper: { id: '2402.08268', title: 'World Model on Million-Length Video And Language With RingAttention', summary: 'Known.' } };
      await writeFile(path.join(dirs.digestDir, 'while-stopped.json'), JSON.stringify([added, known]));
      const after = await startLibraryWorker({ digestDir: dirs.digestDir });
      try {
        expect(await announcer.start(after.api)).toBe(1);
      } finally {
        await after.stop();
      }
      expect((await stores.outbox.deliveries()).map((d) => [d.paperKey, d.channelId, d.status])).toEqual([['2611.00077', ANNOUNCE, 'pending']]);
      expect(logs.lines().find((line) => line.msg === 'new papers queued for announcement')).toMatchObject({ source: 'digest at start', newPapers: 1 });
    } finally {
      await dirs.remove();
    }
  });

  it('treats 2401.12345v1 and v2 as one paper', async () => {
    const announcer = new Announcer(stores, ANNOUNCE, memoryLogger().log);
    const v1 = { ...paper('2611.12345', null), arxivId: '2611.12345' };
    expect(await announcer.announce([routed(v1)], 'feed')).toBe(1);
    expect(await announcer.announce([routed({ ...v1, title: 'Paper 2611.12345 (v2, retitled)' })], 'file')).toBe(0);
  });

  it('routes a paper to the announce channel and to the subscriptions it matches', async () => {
    await stores.subscriptions.add({ guildId: 'g', channelId: 'kv', topicId: null, keywords: 'kv cache, zebrafish', createdBy: 'u' });
    await stores.subscriptions.add({ guildId: 'g', channelId: 'surveys', topicId: 'surveys', keywords: null, createdBy: 'u' });
    await stores.subscriptions.add({ guildId: 'g', channelId: 'all', topicId: null, keywords: null, createdBy: 'u' });
    const announcer = new Announcer(stores, ANNOUNCE, memoryLogger().log);
    const subscriptions = await stores.subscriptions.list();
    const kv = seedPaper('2410.01485'); // LongGen: "KV cache" in its abstract
    const survey = seedPaper('2503.17407'); // A Comprehensive Survey on Long Context Language Modeling
    expect(announcer.channelsFor(kv.paper, new Set(kv.topicIds), subscriptions)).toEqual([ANNOUNCE, 'kv', 'all']);
    expect(announcer.channelsFor(survey.paper, new Set(survey.topicIds), subscriptions)).toEqual([ANNOUNCE, 'surveys', 'all']);
  });

  it('backfills papers on request, never twice to one channel', async () => {
    const announcer = new Announcer(stores, ANNOUNCE, memoryLogger().log);
    await announcer.start(library.api);
    const newest = await library.api.routedPapers((await library.api.latest(3)).map((p) => p.key));
    expect(await announcer.backfill(newest)).toBe(3);
    expect(await announcer.backfill(newest)).toBe(0);
  });

  it('records a paper as known and queues its deliveries in one transaction: a failure in between loses nothing', async () => {
    const papers = [paper('2611.00001', null), paper('2611.00002', null)];
    // The second paper's routing fails (as a locked database or a bug would): nothing may be half done.
    const failing = (p: Paper) => {
      if (p.key === '2611.00002') throw new Error('SQLITE_BUSY: database is locked');
      return [ANNOUNCE];
    };
    await expect(stores.outbox.announcePapers(papers, failing, 'feed')).rejects.toThrow('SQLITE_BUSY');
    expect(await stores.known.count()).toBe(0);
    expect(await stores.outbox.deliveries()).toEqual([]);
    // Retried later, both are new and both are queued.
    expect((await stores.outbox.announcePapers(papers, () => [ANNOUNCE], 'feed')).queued).toBe(2);
  });
});

describe('OutboxWorker', () => {
  let dir: string;
  let stores: SqliteStores;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outbox-'));
    stores = openSqliteStores(dir);
  });
  afterEach(async () => {
    await stores.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('retries a failing post with backoff and reuses the nonce, then records it sent', async () => {
    await stores.outbox.enqueue([{ paper: paper('2611.00001', null), channelId: 'c' }]);
    const nonces: string[] = [];
    let failures = 2;
    const post: PostBatch = async ({ nonce }) => {
      nonces.push(nonce);
      if (failures-- > 0) throw new DeliveryError('HTTP 500', 'retry');
      return 'message-1';
    };
    let now = 0;
    const logs = memoryLogger();
    const worker = new OutboxWorker({ store: stores.outbox, post, log: logs.log, retryBaseMs: 1000, now: () => now });
    expect(await worker.drainOnce()).toBe(0);
    expect(await worker.drainOnce()).toBe(0); // not due yet: waiting 1 s
    now = 1000;
    expect(await worker.drainOnce()).toBe(0); // second failure: waiting 2 s more
    now = 3000;
    expect(await worker.drainOnce()).toBe(1);
    expect(new Set(nonces).size).toBe(1);
    expect((await stores.outbox.deliveries())[0]?.status).toBe('sent');
    expect(
      logs
        .lines()
        .filter((line) => line.msg === 'announcement failed; will retry')
        .map((line) => line.retryInMs),
    ).toEqual([1000, 2000]);
  });

  it('parks a batch Discord refuses for good (missing channel or permission), with the reason logged', async () => {
    await stores.outbox.enqueue([{ paper: paper('2611.00001', null), channelId: 'gone' }]);
    const logs = memoryLogger();
    const worker = new OutboxWorker({
      store: stores.outbox,
      post: async () => Promise.reject(new DeliveryError('Discord refused the post (404 10003: Unknown Channel)', 'park')),
      log: logs.log,
    });
    await worker.drainOnce();
    expect((await stores.outbox.deliveries())[0]?.status).toBe('parked');
    expect(await stores.outbox.backlog()).toBe(0);
    expect(logs.lines().find((line) => line.msg === 'announcement parked: Discord will not accept it')?.reason).toBe(
      'Discord refused the post (404 10003: Unknown Channel)',
    );
  });

  it('halts on a rejected token: no further post is attempted, and it says so loudly', async () => {
    await stores.outbox.enqueue([
      { paper: paper('2611.00001', null), channelId: 'a' },
      { paper: paper('2611.00002', null), channelId: 'b' },
    ]);
    const logs = memoryLogger();
    let attempts = 0;
    const worker = new OutboxWorker({
      store: stores.outbox,
      post: async () => {
        attempts++;
        throw new DeliveryError('Discord rejected the token (401 0: 401: Unauthorized)', 'halt');
      },
      log: logs.log,
    });
    worker.start();
    await expect.poll(() => worker.halted, { timeout: 5000, interval: 10 }).not.toBeNull(); // the first attempt ended in the halt
    await worker.stop();
    expect(attempts).toBe(1);
    expect(worker.halted).toBe('Discord rejected the token (401 0: 401: Unauthorized)');
    expect(await stores.outbox.backlog()).toBe(2); // nothing parked: a fixed token delivers them after a restart
    expect(logs.lines().find((line) => line.level === 60)?.msg).toBe(
      'Discord rejected the bot token: announcements stopped. Fix DISCORD_TOKEN and restart the bot',
    );
  });
});

describe('announcementMessage', () => {
  it('has a short header and stays within Discord limits with 10 long papers', async () => {
    const library = await seedLibrary();
    const payload = announcementMessage(library.latest(10), SEED_NOW);
    expect(payload.content).toBe('📰 10 new papers · Nov 28');
    expect(payload.embeds).toHaveLength(10);
    expectWithinDiscordLimits(payload);
  });
});

describe('parseDuration', () => {
  it.each([
    ['2s', 2000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    [' 1d ', 86_400_000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', '0s', '5', '1 week', '-1m', '1.5h'])('rejects %j', (text) => expect(parseDuration(text)).toBeNull());
});
