import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCountsRefresher } from '../../src/digests/refresh-counts.js';
import { PoliteFetcher } from '../../src/feed/polite-fetch.js';
import { sendJson, startFeedServer } from '../feed/feed-server.js';

/** One listed paper of `day`, with `upvotes`. */
const listing = (day: string, upvotes: number) =>
  JSON.stringify([{ paper: { id: '2611.00301', title: 'A Paper', summary: 'About it.', upvotes, submittedOnDailyAt: `${day}T08:00:00.000Z` } }]);

describe('createCountsRefresher', () => {
  let digestDir: string;
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  let ingested: string[];

  beforeEach(async () => {
    digestDir = await mkdtemp(path.join(tmpdir(), 'refresh-'));
    ingested = [];
    server = await startFeedServer((request, res) => {
      const date = request.url.searchParams.get('date') ?? '';
      if (date === '2026-11-17')
        sendJson(res, 200, '[]'); // a day that listed nothing
      else if (date === '2026-11-18') sendJson(res, 503, '{}');
      else if (date === '2026-11-19')
        sendJson(res, 200, listing('2026-11-12', 1)); // the server ignored date=
      else sendJson(res, 200, listing(date, 42));
    });
  });
  afterEach(async () => {
    await server.close();
    await rm(digestDir, { recursive: true, force: true });
  });

  it('fetches each day politely, writes it over its feed file and reads it in; reports the days it could not refresh', async () => {
    await writeFile(path.join(digestDir, 'keep.json'), '[]');
    const refresh = createCountsRefresher({
      feedUrl: `${server.url}?limit=100`,
      digestDir,
      fetcher: new PoliteFetcher({ minIntervalMs: 5, attempts: 1 }),
      ingest: (name) => Promise.resolve(void ingested.push(name)),
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
  });
});
