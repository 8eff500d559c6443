import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores, type SqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import type { Paper } from '../../src/digest/paper.js';
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

  const lookup = (logs = memoryLogger()) =>
    createPaperLookup({ library: library([IN_DIGEST]), cache: stores.hfPapers, log: logs.log, hf: { baseUrl, timeoutMs: 200 }, now: () => now });

  it('finds digest papers in the digest and others on Hugging Face, in the order asked', async () => {
    const found = await lookup()(['2611.00042', '2402.08268']);
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
    expect((await lookup()(['2611.00042', '2611.00404'])).map(({ paper }) => paper.key)).toEqual(['2611.00042']);
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
    expect((await Promise.all([find(['2611.00042']), find(['2611.00042'])])).map((found) => found.map(({ paper }) => paper.key))).toEqual([
      ['2611.00042'],
      ['2611.00042'],
    ]);
    expect(requests).toEqual(['/api/papers/2611.00042']);
  });

  it('leaves out a paper whose lookup timed out or whose record cannot be read, says why, and asks again 5 minutes later', async () => {
    const logs = memoryLogger();
    const find = lookup(logs);
    expect(await find(['2611.00077', '2611.00088'])).toEqual([]);
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

  it('without a database, finds digest papers only', async () => {
    const find = createPaperLookup({ library: library([IN_DIGEST]), cache: undefined, log: memoryLogger().log, hf: { baseUrl } });
    expect((await find(['2611.00042', '2402.08268'])).map(({ paper }) => paper.key)).toEqual(['2402.08268']);
    expect(requests).toEqual([]);
  });
});
