import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnnouncementStore } from '../../src/announce/announcement-store.js';
import { FeedPoller } from '../../src/announce/feed-poller.js';
import type { Paper } from '../../src/digest/paper.js';
import { memoryLogger } from '../support/memory-log.js';

const FEED = JSON.stringify([
  { paper: { id: '2611.00042v1', title: 'Paged Sparse Attention', summary: 'We page the KV cache.', upvotes: 3, publishedAt: '2026-11-20T00:00:00Z' } },
]);

describe('FeedPoller against a local HTTP server', () => {
  let server: Server;
  let url: string;
  let respond: (res: ServerResponse, headers: IncomingHttpHeaders) => void;
  const seen: IncomingHttpHeaders[] = [];
  let dir: string;
  let store: AnnouncementStore;
  let received: Paper[][];
  let logs: ReturnType<typeof memoryLogger>;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      respond(res, req.headers);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/daily_papers`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'feed-'));
    store = AnnouncementStore.open(dir);
    received = [];
    logs = memoryLogger();
    seen.length = 0;
    return async () => {
      store.close();
      await rm(dir, { recursive: true, force: true });
    };
  });

  const poller = (options: { timeoutMs?: number; maxBytes?: number } = {}) =>
    new FeedPoller({ url, intervalMs: 60_000, store, log: logs.log, onPapers: (papers) => received.push(papers), ...options });

  it('reads new papers, then asks conditionally and accepts 304 Not Modified', async () => {
    respond = (res, headers) => {
      if (headers['if-none-match'] === '"v1"') res.writeHead(304).end();
      else res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"', 'last-modified': 'Fri, 27 Nov 2026 10:00:00 GMT' }).end(FEED);
    };
    const feed = poller();
    expect(await feed.pollOnce()).toBe('new-data');
    expect(received[0]?.map((paper) => [paper.key, paper.title])).toEqual([['2611.00042', 'Paged Sparse Attention']]);
    expect(await feed.pollOnce()).toBe('not-modified');
    expect(seen[1]).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Fri, 27 Nov 2026 10:00:00 GMT' });
    // The validators survive a restart: they live in the store.
    expect(await poller().pollOnce()).toBe('not-modified');
  });

  it('treats an empty list (weekends) as normal', async () => {
    respond = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    expect(await poller().pollOnce()).toBe('empty');
    expect(received).toEqual([]);
    expect(logs.lines().filter((line) => line.level === 40)).toEqual([]);
  });

  it('backs off exponentially on 5xx and honours Retry-After on 429', async () => {
    respond = (res) => res.writeHead(503).end();
    const feed = poller();
    expect(await feed.pollOnce()).toBe('failed');
    expect(await feed.pollOnce()).toBe('failed');
    respond = (res) => res.writeHead(429, { 'retry-after': '7200' }).end();
    expect(await feed.pollOnce()).toBe('failed');
    const delays = logs
      .lines()
      .filter((line) => line.msg === 'feed poll failed; backing off')
      .map((line) => [line.reason, line.nextInMs]);
    expect(delays).toEqual([
      ['HTTP 503', 120_000],
      ['HTTP 503', 240_000],
      ['HTTP 429', 7_200_000],
    ]);
    respond = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    expect(await feed.pollOnce()).toBe('empty'); // recovered: the next poll is at the normal interval
  });

  it('caps the response size and times out slow servers', async () => {
    respond = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`[${' '.repeat(10_000)}]`);
    expect(await poller({ maxBytes: 1000 }).pollOnce()).toBe('failed');
    respond = (res) => setTimeout(() => res.writeHead(200).end('[]'), 1000);
    expect(await poller({ timeoutMs: 100 }).pollOnce()).toBe('failed');
    expect(logs.lines().map((line) => line.reason)).toEqual(['feed response over 1000 bytes', 'The operation was aborted due to timeout']);
  });
});
