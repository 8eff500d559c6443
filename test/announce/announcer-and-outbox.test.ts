import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnouncementStore } from '../../src/announce/announcement-store.js';
import { Announcer } from '../../src/announce/announcer.js';
import { DeliveryError, OutboxWorker, type PostBatch } from '../../src/announce/outbox-worker.js';
import { parseDuration } from '../../src/announce/parse-duration.js';
import type { Paper } from '../../src/digest/paper.js';
import { type Library } from '../../src/library/library.js';
import { announcementMessage } from '../../src/present/announcement-message.js';
import { memoryLogger } from '../support/memory-log.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';
import { SEED_NOW, seedLibrary } from '../support/seed-library.js';
import { makePaper as paper } from '../support/make-paper.js';

const ANNOUNCE = '300000000000000001';

describe('Announcer', () => {
  let dir: string;
  let store: AnnouncementStore;
  let library: Library;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'announcer-'));
    store = AnnouncementStore.open(dir);
    library = await seedLibrary();
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('announces nothing on the first start, then only papers it has not seen', () => {
    const announcer = new Announcer(store, library, ANNOUNCE, memoryLogger().log);
    expect(announcer.start(library.all())).toBe(0);
    expect(store.knownCount()).toBe(58);
    // A later start with two papers added while the bot was down announces just those.
    const added = [paper('2611.00001', '2026-11-20'), paper('2611.00002', '2026-11-21')];
    expect(announcer.start([...library.all(), ...added])).toBe(2);
    expect(announcer.announce(added, 'again')).toBe(0);
  });

  it('treats 2401.12345v1 and v2 as one paper', () => {
    const announcer = new Announcer(store, library, ANNOUNCE, memoryLogger().log);
    announcer.start([]);
    const v1 = { ...paper('2611.12345', null), arxivId: '2611.12345' };
    expect(announcer.announce([v1], 'feed')).toBe(1);
    expect(announcer.announce([{ ...v1, title: 'Paper 2611.12345 (v2, retitled)' }], 'file')).toBe(0);
  });

  it('routes a paper to the announce channel and to the subscriptions it matches', () => {
    store.addSubscription({ guildId: 'g', channelId: 'kv', topicId: null, keywords: 'kv cache, zebrafish', createdBy: 'u' });
    store.addSubscription({ guildId: 'g', channelId: 'surveys', topicId: 'surveys', keywords: null, createdBy: 'u' });
    store.addSubscription({ guildId: 'g', channelId: 'all', topicId: null, keywords: null, createdBy: 'u' });
    const announcer = new Announcer(store, library, ANNOUNCE, memoryLogger().log);
    const kv = library.get('2410.01485') as Paper; // LongGen: "KV cache" in its abstract
    const survey = library.get('2503.17407') as Paper; // A Comprehensive Survey on Long Context Language Modeling
    expect(announcer.channelsFor(kv)).toEqual([ANNOUNCE, 'kv', 'all']);
    expect(announcer.channelsFor(survey)).toEqual([ANNOUNCE, 'surveys', 'all']);
  });

  it('backfills the newest N on request, never twice to one channel', () => {
    const announcer = new Announcer(store, library, ANNOUNCE, memoryLogger().log);
    announcer.start(library.all());
    expect(announcer.backfill(3)).toBe(3);
    expect(announcer.backfill(3)).toBe(0);
  });
});

describe('OutboxWorker', () => {
  let dir: string;
  let store: AnnouncementStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outbox-'));
    store = AnnouncementStore.open(dir);
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('retries a failing post with backoff and reuses the nonce, then records it sent', async () => {
    store.enqueue([{ paper: paper('2611.00001', null), channelId: 'c' }]);
    const nonces: string[] = [];
    let failures = 2;
    const post: PostBatch = async (_channel, _papers, nonce) => {
      nonces.push(nonce);
      if (failures-- > 0) throw new DeliveryError('HTTP 500', false);
      return 'message-1';
    };
    let now = 0;
    const logs = memoryLogger();
    const worker = new OutboxWorker({ store, post, log: logs.log, retryBaseMs: 1000, now: () => now });
    expect(await worker.drainOnce()).toBe(0);
    expect(await worker.drainOnce()).toBe(0); // not due yet: waiting 1 s
    now = 1000;
    expect(await worker.drainOnce()).toBe(0); // second failure: waiting 2 s more
    now = 3000;
    expect(await worker.drainOnce()).toBe(1);
    expect(new Set(nonces).size).toBe(1);
    expect(store.deliveries()[0]?.status).toBe('sent');
    expect(
      logs
        .lines()
        .filter((line) => line.msg === 'announcement failed; will retry')
        .map((line) => line.retryInMs),
    ).toEqual([1000, 2000]);
  });

  it('parks a batch Discord refuses for good (missing channel or permission), with the reason logged', async () => {
    store.enqueue([{ paper: paper('2611.00001', null), channelId: 'gone' }]);
    const logs = memoryLogger();
    const worker = new OutboxWorker({
      store,
      post: async () => Promise.reject(new DeliveryError('Discord refused the post (404 10003: Unknown Channel)', true)),
      log: logs.log,
    });
    await worker.drainOnce();
    expect(store.deliveries()[0]?.status).toBe('parked');
    expect(store.backlog()).toBe(0);
    expect(logs.lines().find((line) => line.msg === 'announcement parked: cannot post in this channel')?.reason).toBe(
      'Discord refused the post (404 10003: Unknown Channel)',
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
