import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FEED_META_KEYS, FeedPoller, type FeedMeta, type FeedPollerOptions } from '../../src/feed/feed-poller.js';
import { memoryLogger } from '../support/memory-log.js';
import { hasRealDigest, skipReasonUnlessRealDigest } from '../support/real-digest.js';
import { FEED_DAYS_DIR, realDay, sendJson, startFeedServer } from './feed-server.js';

skipReasonUnlessRealDigest();

/** Meta in a Map, so a test can look at it at any moment (during ingest, for one). */
function memoryMeta(): FeedMeta & { values: Map<string, string>; getMeta(key: string): string | null } {
  const values = new Map<string, string>();
  const getMeta = (key: string) => values.get(key) ?? null;
  return { values, getMeta, get: getMeta, set: (key, value) => void values.set(key, value) };
}

/**
 * Servers see arrival times, which trail send times by a variable few milliseconds on a
 * busy machine; a gap measured between two arrivals may be that much shorter than the gap
 * the client kept.
 */
const ARRIVAL_JITTER_MS = 15;

let digestDir: string;
let logs: ReturnType<typeof memoryLogger>;
let meta: ReturnType<typeof memoryMeta>;
let ingested: string[];
beforeEach(async () => {
  digestDir = await mkdtemp(path.join(tmpdir(), 'feed-poller-'));
  logs = memoryLogger();
  meta = memoryMeta();
  ingested = [];
  return () => rm(digestDir, { recursive: true, force: true });
});

function poller(url: string, options: Partial<FeedPollerOptions> = {}): FeedPoller {
  return new FeedPoller({
    url,
    intervalMs: 60_000,
    digestDir,
    meta,
    log: logs.log,
    minIntervalMs: 20,
    ingest: async (file) => void ingested.push(file),
    ...options,
  });
}

const feedFiles = () => (existsSync(path.join(digestDir, 'feed')) ? readdirSync(path.join(digestDir, 'feed')).sort() : []);
const logged = (level: number) =>
  logs
    .lines()
    .filter((line) => line.level === level)
    .map((line) => line.msg);

describe.skipIf(!hasRealDigest)('FeedPoller replaying the real archived days', () => {
  const days = hasRealDigest
    ? readdirSync(FEED_DAYS_DIR)
        .map((file) => file.replace('.json', ''))
        .sort()
    : [];
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  let current = '';
  beforeEach(async () => {
    // One listing day at a time, as the live API: its ETag, and 304 when the client has it.
    server = await startFeedServer((request, res) => {
      const etag = `"${current}"`;
      if (request.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end();
      else sendJson(res, 200, realDay(current), { etag, 'last-modified': new Date(`${current}T06:00:00Z`).toUTCString() });
    });
    return () => server.close();
  });

  it('writes every day byte for byte, ingests each file once, and remembers its ETag only after the ingest', async () => {
    const etagDuringIngest: (string | null)[] = [];
    const feed = poller(server.url, {
      ingest: async (file) => {
        etagDuringIngest.push(meta.getMeta(FEED_META_KEYS.etag));
        ingested.push(file);
      },
    });
    for (const day of days) {
      current = day;
      expect(await feed.pollOnce()).toMatchObject({ kind: 'new-data', day, file: path.join(digestDir, 'feed', `${day}.json`), problems: 0 });
      expect(await feed.pollOnce()).toEqual({ kind: 'not-modified' });
    }
    expect(days).toHaveLength(33);
    expect(feedFiles()).toEqual(days.map((day) => `${day}.json`));
    for (const day of days) expect((await readFile(path.join(digestDir, 'feed', `${day}.json`))).equals(realDay(day)), day).toBe(true);
    expect(ingested).toEqual(days.map((day) => `feed/${day}.json`));
    // While a day was being ingested, the store still held the previous day's ETag.
    expect(etagDuringIngest).toEqual([null, ...days.slice(0, -1).map((day) => `"${day}"`)]);
    expect(meta.getMeta(FEED_META_KEYS.etag)).toBe(`"${days.at(-1)}"`);
    // Every second request was conditional, and answered 304.
    expect(server.requests.map((request) => request.headers['if-none-match'] ?? null)).toEqual(
      days.flatMap((day, i) => [i === 0 ? null : `"${days[i - 1]}"`, `"${day}"`]),
    );
    expect(JSON.parse(meta.getMeta(FEED_META_KEYS.lastPoll) ?? '')).toMatchObject({ status: 304, outcome: 'not-modified' });
    expect(logged(40)).toEqual([]);
  });

  it('fetches the same papers again, unconditionally, when the ingest threw', async () => {
    current = days[0] as string;
    let failNext = true;
    const feed = poller(server.url, {
      ingest: async (file) => {
        if (failNext) {
          failNext = false;
          throw new Error('library busy');
        }
        ingested.push(file);
      },
    });
    expect(await feed.pollOnce()).toEqual({ kind: 'failed', reason: `could not save or ingest feed/${current}.json: library busy` });
    expect(meta.getMeta(FEED_META_KEYS.etag)).toBeNull();
    expect(await feed.pollOnce()).toMatchObject({ kind: 'new-data', day: current, papers: 27 });
    expect(server.requests.map((request) => request.headers['if-none-match'] ?? null)).toEqual([null, null]);
    expect(ingested).toEqual([`feed/${current}.json`]);
    expect(meta.getMeta(FEED_META_KEYS.etag)).toBe(`"${current}"`);
    expect(logged(40)).toEqual([`feed poll failed: could not save or ingest feed/${current}.json: library busy`]);
  });

  it('fetches a day again when its file was deleted: the folder, not the ETag, is the truth', async () => {
    current = days[0] as string;
    const feed = poller(server.url);
    await feed.pollOnce();
    await rm(path.join(digestDir, 'feed', `${current}.json`));
    expect(await feed.pollOnce()).toMatchObject({ kind: 'new-data', day: current });
    expect(server.requests[1]?.headers['if-none-match']).toBeUndefined();
    expect(feedFiles()).toEqual([`${current}.json`]);
  });
});

describe('FeedPoller politeness and odd answers', () => {
  const ONE_PAPER = JSON.stringify([{ paper: { id: '2608.00001', title: 'A paper', summary: 'S.', submittedOnDailyAt: '2026-08-21T00:00:00.000Z' } }]);
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  let respond: Parameters<typeof startFeedServer>[0];
  beforeEach(async () => {
    server = await startFeedServer((request, res) => respond(request, res));
    return () => server.close();
  });

  it('waits for a 429 HTTP-date Retry-After before asking again, and never asks faster than minIntervalMs', async () => {
    let retryAt = 0;
    respond = (request, res) => {
      if (server.requests.length === 1) {
        // HTTP-dates have whole seconds: 2 s ahead, rounded up, is between 2 and 3 s from now.
        retryAt = Math.ceil((request.at + 2000) / 1000) * 1000;
        res.writeHead(429, { 'retry-after': new Date(retryAt).toUTCString() }).end();
      } else sendJson(res, 200, ONE_PAPER, { etag: '"a"' });
    };
    const feed = poller(server.url, { minIntervalMs: 300 });
    expect(await feed.pollOnce()).toMatchObject({ kind: 'new-data', day: '2026-08-21', papers: 1 });
    for (let i = 0; i < 3; i++) await feed.pollOnce();
    const [first, second] = server.requests;
    expect(second?.at).toBeGreaterThanOrEqual(retryAt);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(2000);
    expect(server.requests).toHaveLength(5);
    for (const gap of server.gaps()) expect(gap).toBeGreaterThanOrEqual(300 - ARRIVAL_JITTER_MS);
  });

  it('backs off exponentially through a 503 storm instead of hot-looping, and stops at once', async () => {
    respond = (_request, res) => res.writeHead(503).end();
    const feed = poller(server.url, { intervalMs: 10, minIntervalMs: 50 });
    feed.start();
    // Requests at ~0, 100, 300, 700, 1500 ms: each wait doubles (2, 4, 8, 16 × 50 ms), across
    // polls too (a poll gives up after 4 attempts; the next one still waits). The 6th is due
    // 1600 ms after the 5th: in the 800 ms after it, nothing more may come. A hot loop at the
    // 50 ms floor would have sent ~45 requests by then.
    await expect.poll(() => server.requests.length, { timeout: 5000, interval: 20 }).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(server.requests).toHaveLength(5);
    const stopping = Date.now();
    await feed.stop();
    // stop() cancels the wait for the 6th request instead of sitting it out.
    expect(Date.now() - stopping).toBeLessThan(200);
    const gaps = server.gaps();
    [100, 200, 400, 800].forEach((expected, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(expected - ARRIVAL_JITTER_MS);
      // Doubling, not more: a generous margin for a busy machine.
      expect(gaps[i]).toBeLessThan(expected * 1.5 + 50);
    });
    expect(JSON.parse(meta.getMeta(FEED_META_KEYS.lastPoll) ?? '')).toMatchObject({ status: 503, outcome: 'failed' });
    expect(logged(40)).toContain('feed poll failed: HTTP 503 (4 attempts)');
    expect(feedFiles()).toEqual([]);
  });

  it('logs a JSON object at warn with the reason, writes nothing and keeps no ETag', async () => {
    respond = (_request, res) => sendJson(res, 200, '{"error":"maintenance"}', { etag: '"x"' });
    expect(await poller(server.url).pollOnce()).toEqual({ kind: 'unreadable', reason: 'the feed answered a JSON object, not a list of daily_papers entries' });
    expect(logged(40)).toEqual(['feed answer unreadable: the feed answered a JSON object, not a list of daily_papers entries']);
    expect(feedFiles()).toEqual([]);
    expect(ingested).toEqual([]);
    expect(meta.getMeta(FEED_META_KEYS.etag)).toBeNull();
  });

  it('logs text that is not JSON at warn with the parser reason', async () => {
    respond = (_request, res) => sendJson(res, 200, '<html>busy</html>');
    const outcome = await poller(server.url).pollOnce();
    expect(outcome).toMatchObject({ kind: 'unreadable' });
    expect(logged(40)[0]).toMatch(/^feed answer unreadable: the feed answered text that is not JSON \(Unexpected token/);
  });

  it('logs an empty list at info, as a normal answer for the listing day, not an error', async () => {
    respond = (_request, res) => sendJson(res, 200, '[]', { etag: '"empty"' });
    const today = new Date().toISOString().slice(0, 10);
    expect(await poller(server.url).pollOnce()).toEqual({ kind: 'empty', day: today });
    expect(await poller(`${server.url}?date=2026-08-22`).pollOnce()).toEqual({ kind: 'empty', day: '2026-08-22' });
    expect(logged(30)).toEqual([`no papers listed yet for ${today}`, 'no papers listed yet for 2026-08-22']);
    expect(logged(40)).toEqual([]);
    expect(feedFiles()).toEqual([]);
    // Nothing to ingest, so the ETag can be kept: the next poll asks conditionally.
    expect(meta.getMeta(FEED_META_KEYS.etag)).toBe('"empty"');
  });

  it('logs bad entries, and still saves the raw day and ingests the good ones', async () => {
    const body = JSON.stringify([...JSON.parse(ONE_PAPER), { paper: { id: '2608.00002' } }]);
    respond = (_request, res) => sendJson(res, 200, body);
    expect(await poller(server.url).pollOnce()).toMatchObject({ kind: 'new-data', day: '2026-08-21', papers: 1, problems: 1 });
    expect(logged(40)).toEqual([expect.stringMatching(/^feed problem: feed\/2026-08-21\.json: entry 1: paper\.title/)]);
    expect(await readFile(path.join(digestDir, 'feed', '2026-08-21.json'), 'utf8')).toBe(body);
  });

  it('records a failed connection without a status, and stop() waits for an ingest in flight', async () => {
    respond = (_request, res) => sendJson(res, 200, ONE_PAPER);
    let finishIngest = () => {};
    const feed = poller(server.url, { ingest: () => new Promise<void>((resolve) => (finishIngest = resolve)) });
    feed.start();
    await expect.poll(() => feedFiles()).toEqual(['2026-08-21.json']);
    let stopped = false;
    const stopping = feed.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    finishIngest();
    await stopping;
    expect(JSON.parse(meta.getMeta(FEED_META_KEYS.lastPoll) ?? '')).toMatchObject({ status: 200, outcome: 'new-data' });

    // A port nothing listens on any more: no pooled keep-alive socket can reach it.
    const gone = await startFeedServer(() => {});
    await gone.close();
    const port = new URL(gone.url).port;
    expect(await poller(gone.url, { attempts: 1 }).pollOnce()).toEqual({ kind: 'failed', reason: `connect ECONNREFUSED 127.0.0.1:${port} (1 attempt)` });
    expect(JSON.parse(meta.getMeta(FEED_META_KEYS.lastPoll) ?? '')).toMatchObject({ status: null, outcome: 'failed' });
  });
});
