import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores, type SqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import type { Paper } from '../../src/digest/paper.js';
import { HfLookupCap } from '../../src/unfurl/hf-lookup-cap.js';
import { createPaperLookup } from '../../src/unfurl/look-up-papers.js';
import type { RemoteLibrary } from '../../src/worker/library-api.js';
import { makePaper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';

const IN_DIGEST = makePaper('2402.08268', '2024-02-13', 'World Model on Million-Length Video');
/** Hugging Face's record of a paper the digest does not have. */
const ON_HF = {
  id: '2611.00042',
  title: 'Zebrafish Attention',
  summary: 'We study zebrafish attention.',
  publishedAt: '2026-11-20T00:00:00.000Z',
  upvotes: 7,
  authors: [{ _id: 'a', name: 'Ada Lovelace', hidden: false }],
};

/** Only what the lookup asks of the library. */
const library = (papers: Paper[]) => ({ papers: async (keys: readonly string[]) => papers.filter((paper) => keys.includes(paper.key)) }) as RemoteLibrary;

describe('createPaperLookup', () => {
  let server: Server;
  let baseUrl: string;
  let requests: string[];
  let dir: string;
  let stores: SqliteStores;
  let now: number;

  beforeEach(async () => {
    requests = [];
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === '/api/papers/2611.00042') response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ON_HF));
      else if (request.url === '/api/papers/2611.00077')
        setTimeout(() => response.writeHead(200).end('{}'), 1000); // too slow
      else if (request.url === '/api/papers/2611.00088')
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"2611.00088"}'); // no title
      else response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Paper not found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(path.join(tmpdir(), 'lookup-'));
    stores = openSqliteStores(dir);
    now = Date.parse('2026-11-28T12:00:00Z');
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await stores.close();
    await rm(dir, { recursive: true, force: true });
  });

  const lookup = (logs = memoryLogger(), cap?: HfLookupCap) =>
    createPaperLookup({
      library: library([IN_DIGEST]),
      cache: stores.hfPapers,
      log: logs.log,
      hf: { baseUrl, timeoutMs: 200 },
      ...(cap ? { cap } : {}),
      now: () => now,
    });

  it('finds digest papers in the digest and others on Hugging Face, in the order asked', async () => {
    const { found } = await lookup()(['2611.00042', '2402.08268']);
    expect(found.map(({ paper, inDigest }) => [paper.key, paper.title, inDigest])).toEqual([
      ['2611.00042', 'Zebrafish Attention', false],
      ['2402.08268', 'World Model on Million-Length Video', true],
    ]);
    expect(found[0]?.paper).toMatchObject({ authors: ['Ada Lovelace'], upvotes: 7, countsAsOf: '2026-11-28' });
    expect(requests).toEqual(['/api/papers/2611.00042']);
  });

  it('asks Hugging Face once a day per paper, found or 404, and shares one request between simultaneous asks', async () => {
    const find = lookup();
    await Promise.all([find(['2611.00042', '2611.00404']), find(['2611.00042', '2611.00404'])]);
    expect(requests.sort()).toEqual(['/api/papers/2611.00042', '/api/papers/2611.00404']);
    // A new lookup (a restart) reads the cache in the database.
    expect((await lookup()(['2611.00042', '2611.00404'])).found.map(({ paper }) => paper.key)).toEqual(['2611.00042']);
    expect(requests).toHaveLength(2);
    now += 86_400_000;
    await find(['2611.00042', '2611.00404']);
    expect(requests).toHaveLength(4);
  });

  it('shares one request between simultaneous asks even when the cache answers the second one late (a store over the network)', async () => {
    const stored = stores.hfPapers;
    let reads = 0;
    const cache = {
      // Each read sees the cache as it is when asked; the second answers after the first lookup has ended.
      fresh: async (id: string, at: number) => {
        const answer = await stored.fresh(id, at);
        if (reads++ > 0) await new Promise((resolve) => setTimeout(resolve, 300));
        return answer;
      },
      lastFound: (id: string) => stored.lastFound(id),
      put: (...args: Parameters<typeof stored.put>) => stored.put(...args),
    };
    const find = createPaperLookup({ library: library([]), cache, log: memoryLogger().log, hf: { baseUrl, timeoutMs: 200 }, now: () => now });
    expect((await Promise.all([find(['2611.00042']), find(['2611.00042'])])).map(({ found }) => found.map(({ paper }) => paper.key))).toEqual([
      ['2611.00042'],
      ['2611.00042'],
    ]);
    expect(requests).toEqual(['/api/papers/2611.00042']);
  });

  it('leaves out a paper whose lookup timed out or whose record cannot be read, says why, and asks again 5 minutes later', async () => {
    const logs = memoryLogger();
    const find = lookup(logs);
    expect(await find(['2611.00077', '2611.00088'])).toEqual({ found: [], notAsked: [] });
    const warnings = logs.lines().filter((line) => line.level === 40);
    expect(warnings.map((line) => [line.msg, line.paper])).toEqual(
      expect.arrayContaining([
        ['paper lookup on Hugging Face failed', '2611.00077'],
        ['Hugging Face sent a paper record that cannot be read', '2611.00088'],
      ]),
    );
    expect(String(warnings.find((line) => line.paper === '2611.00077')?.reason)).toContain('no complete answer within 200 ms');
    await find(['2611.00077']);
    expect(requests.filter((url) => url.endsWith('77'))).toHaveLength(1);
    now += 5 * 60_000;
    await find(['2611.00077']);
    expect(requests.filter((url) => url.endsWith('77'))).toHaveLength(2);
  });

  describe('with a cap on Hugging Face lookups', () => {
    let capNow = 0;
    const capOf = (perMinute: number) => new HfLookupCap(perMinute, () => capNow);

    it('asks for the first n papers the digest and cache lack, lists the rest as not asked, and caches nothing for them', async () => {
      const find = lookup(memoryLogger(), capOf(2));
      expect(await find(['2611.00042', '2611.00404', '2611.00405'])).toMatchObject({
        found: [{ paper: { key: '2611.00042' }, inDigest: false }],
        notAsked: ['2611.00405'],
      });
      // The places go in the order asked, as each cache read answers in turn; the requests may arrive in any order.
      expect(requests.sort()).toEqual(['/api/papers/2611.00042', '/api/papers/2611.00404']);
      // A minute later the cap has room: the paper not asked about was not cached as a miss, so it is asked now.
      capNow += 60_000;
      expect(await find(['2611.00405'])).toEqual({ found: [], notAsked: [] });
      expect(requests).toEqual(['/api/papers/2611.00042', '/api/papers/2611.00404', '/api/papers/2611.00405']);
    });

    it('counts neither digest papers nor cached answers, hits or misses', async () => {
      // Cached by a lookup without a cap: a paper found and a 404.
      await lookup()(['2611.00042', '2611.00404']);
      expect(requests).toHaveLength(2);
      // With room for one request, the digest paper and both cached answers leave it to the new paper.
      const find = lookup(memoryLogger(), capOf(1));
      const { found, notAsked } = await find(['2402.08268', '2611.00042', '2611.00404', '2611.00406']);
      expect([found.map(({ paper }) => paper.key), notAsked]).toEqual([['2402.08268', '2611.00042'], []]);
      expect(requests.slice(2)).toEqual(['/api/papers/2611.00406']);
      // Now it is used: the cache and the digest still answer, and only a new paper is refused.
      expect(await find(['2611.00042', '2611.00407'])).toMatchObject({ found: [{ paper: { key: '2611.00042' } }], notAsked: ['2611.00407'] });
      expect(requests).toHaveLength(3);
    });

    it('counts simultaneous asks for one paper once, as they share one request', async () => {
      const find = lookup(memoryLogger(), capOf(1));
      const answers = await Promise.all([find(['2611.00042']), find(['2611.00042'])]);
      expect(answers.map(({ found, notAsked }) => [found.map(({ paper }) => paper.key), notAsked])).toEqual([
        [['2611.00042'], []],
        [['2611.00042'], []],
      ]);
      expect(requests).toEqual(['/api/papers/2611.00042']);
    });

    it('warns once a minute while over the cap, each refusal after that at debug', async () => {
      const logs = memoryLogger();
      const find = lookup(logs, capOf(0));
      expect((await find(['2611.00404', '2611.00405', '2611.00406'])).notAsked).toEqual(['2611.00404', '2611.00405', '2611.00406']);
      now += 59_999;
      await find(['2611.00407']);
      now += 1;
      await find(['2611.00408']);
      const capLines = logs.lines().filter((line) => String(line.msg).includes('cap'));
      expect(capLines.map((line) => [line.level, line.msg])).toEqual([
        [40, 'Hugging Face lookups over their cap: links not in the digest or cache get no card for now'],
        [20, 'Hugging Face not asked: over the cap'],
        [20, 'Hugging Face not asked: over the cap'],
        [20, 'Hugging Face not asked: over the cap'],
        [40, 'Hugging Face lookups over their cap: links not in the digest or cache get no card for now'],
      ]);
      expect(capLines[0]).toMatchObject({ perMinute: 0 });
      expect(requests).toEqual([]);
    });
  });

  it('without a database, finds digest papers only', async () => {
    const find = createPaperLookup({ library: library([IN_DIGEST]), cache: undefined, log: memoryLogger().log, hf: { baseUrl } });
    expect((await find(['2611.00042', '2402.08268'])).found.map(({ paper }) => paper.key)).toEqual(['2402.08268']);
    expect(requests).toEqual([]);
  });
});
