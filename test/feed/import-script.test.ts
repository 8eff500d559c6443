import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDailyPapersJson } from '../../src/digest/read-daily-papers-json.js';
import { addDays } from '../../src/feed/import-arguments.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { hasRealDigest, skipReasonUnlessRealDigest } from '../support/real-digest.js';
import { FEED_DAYS_DIR, realDay, sendJson, startFeedServer, type SeenRequest } from './feed-server.js';

skipReasonUnlessRealDigest();

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/import-history.ts');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/loader.mjs');

/** Runs `scripts/import-history.ts` as a user would, in an empty folder (no .env), with only these variables. */
function runImport(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, SCRIPT, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Seconds between consecutive requests. */
function gapsOf(requests: SeenRequest[]): number[] {
  return requests.slice(1).map((request, i) => request.at - (requests[i] as SeenRequest).at);
}

describe('npm run import, as a child process', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'import-script-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('says what is wrong with its arguments, with the usage, and exits 2', async () => {
    const result = await runImport(['--from', '2026-02-30'], {}, work);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^--from "2026-02-30" is not a day written YYYY-MM-DD\n\nUsage: npm run import -- --from YYYY-MM-DD/);
    expect(result.stdout).toBe('');
    const badConfig = await runImport(['--from', '2026-07-08'], { FEED_URL: 'ftp://example.org/x' }, work);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('FEED_URL: must be an http(s) URL');
  });

  describe.skipIf(!hasRealDigest)('against a local server replaying the real days', () => {
    // 6 calendar days (Wednesday to Monday): 4 archived weekdays and a weekend the server
    // answers with []. 6, not 20: the same cases at the real 1 request per second.
    const FROM = '2026-07-08';
    const DAYS = Array.from({ length: 6 }, (_, i) => addDays(FROM, i));
    const archived = new Set(hasRealDigest ? readdirSync(FEED_DAYS_DIR).map((file) => file.replace('.json', '')) : []);
    const LIMITED_DAY = '2026-07-10';
    let server: Awaited<ReturnType<typeof startFeedServer>>;
    beforeAll(async () => {
      let limited = false;
      server = await startFeedServer((request, res) => {
        const day = request.url.searchParams.get('date') ?? '';
        // One 429 in the middle of the range, with a delay in seconds.
        if (day === LIMITED_DAY && !limited) {
          limited = true;
          res.writeHead(429, { 'retry-after': '2' }).end();
        } else if (archived.has(day)) sendJson(res, 200, realDay(day));
        else sendJson(res, 200, '[]');
      });
    });
    afterAll(() => server.close());

    it('fetches 6 days politely, saves them byte for byte, marks the papers known, and a second run asks nothing', async () => {
      const digestDir = path.join(work, 'digest');
      const dataDir = path.join(work, 'data');
      const env = { FEED_URL: `${server.url}?date=2026-01-01&limit=50` };
      const args = ['--from', FROM, '--to', DAYS.at(-1) as string, '--dir', digestDir, '--data', dataDir];
      const first = await runImport(args, env, work);
      expect(first.stderr).not.toMatch(/Error|at /);
      expect(first.code).toBe(0);

      // The query of FEED_URL is dropped; each day is asked with its own date=.
      expect(server.requests.every((request) => request.url.pathname === '/api/daily_papers' && [...request.url.searchParams.keys()].join() === 'date')).toBe(
        true,
      );
      // Nothing fetched twice: every day once, and the rate-limited day once more after its 429.
      const perDate = new Map<string, number>();
      for (const request of server.requests)
        perDate.set(request.url.searchParams.get('date') ?? '', (perDate.get(request.url.searchParams.get('date') ?? '') ?? 0) + 1);
      expect(Object.fromEntries(perDate)).toEqual(Object.fromEntries(DAYS.map((day) => [day, day === LIMITED_DAY ? 2 : 1])));

      // Politeness, measured at the server: at least 1 s between requests, 2 s after the 429.
      const gaps = gapsOf(server.requests);
      const limitedAt = server.requests.findIndex((request) => request.url.searchParams.get('date') === LIMITED_DAY);
      expect(gaps[limitedAt]).toBeGreaterThanOrEqual(2000 - 15);
      const minGap = Math.min(...gaps);
      // 15 ms: arrival times at the server trail the client's send times by a variable few ms.
      expect(minGap).toBeGreaterThanOrEqual(1000 - 15);
      const spanSeconds = ((server.requests.at(-1)?.at ?? 0) - (server.requests[0]?.at ?? 0)) / 1000;
      const perSecond = (server.requests.length - 1) / spanSeconds;
      expect(perSecond).toBeLessThanOrEqual(1);
      process.stderr.write(
        `import throughput over ${DAYS.length} days: ${server.requests.length} requests in ${spanSeconds.toFixed(2)} s = ${perSecond.toFixed(3)} requests/s; min gap ${minGap} ms; gap after the 429 ${gaps[limitedAt]} ms\n`,
      );

      // Every day saved, byte for byte; days without an archive as [].
      expect(readdirSync(path.join(digestDir, 'feed')).sort()).toEqual(DAYS.map((day) => `${day}.json`));
      let papers = 0;
      for (const day of DAYS) {
        const saved = await readFile(path.join(digestDir, 'feed', `${day}.json`));
        expect(saved.equals(archived.has(day) ? realDay(day) : Buffer.from('[]')), day).toBe(true);
        papers += archived.has(day) ? readDailyPapersJson(saved.toString('utf8'), day).items.length : 0;
      }
      expect(papers).toBe(66);

      // Progress: one plain line per day on a non-terminal, with N of M, papers so far and an ETA.
      const dayLines = first.stderr.split('\n').filter((line) => line.startsWith('day '));
      expect(dayLines).toHaveLength(6);
      expect(dayLines[0]).toMatch(/^day 1 of 6: 2026-07-08 fetched, 27 papers \| 27 papers so far \| ETA \d+s$/);
      expect(dayLines[3]).toMatch(/^day 4 of 6: 2026-07-11 fetched, 0 papers \| 53 papers so far \| ETA \d+s$/);
      expect(dayLines[5]).toMatch(/^day 6 of 6: 2026-07-13 fetched, 13 papers \| 66 papers so far \| ETA 0s$/);
      expect(first.stderr).toContain(`${LIMITED_DAY}: HTTP 429 (attempt 1 of 4); waiting 2s before the next request`);

      // The summary.
      expect(first.stdout).toMatch(
        new RegExp(
          [
            `^Imported 2026-07-08 to 2026-07-13 \\(6 days\\) into ${digestDir}/feed`,
            '  days: 6 fetched, 0 skipped \\(already saved\\), 0 failed',
            '  papers: 66 in the fetched days, 66 new to the announcement store \\(marked known, never announced\\)',
            '  requests: 7 in \\d+\\.\\d s \\(0\\.\\d\\d requests/s; each sent at least 1\\d\\d\\d ms after the previous answer\\)\n$',
          ].join('\n'),
        ),
      );

      // The papers are known, as imported: a watcher seeing the files announces none of them.
      const stores = openSqliteStores(dataDir);
      try {
        expect(await stores.known.count()).toBe(66);
      } finally {
        await stores.close();
      }

      // Resumable: a second run finds every day saved and sends no request.
      const before = server.requests.length;
      const second = await runImport(args, env, work);
      expect(second.code).toBe(0);
      expect(server.requests.length).toBe(before);
      expect(second.stdout).toContain('days: 0 fetched, 6 skipped (already saved), 0 failed');
      expect(second.stdout).toContain('requests: 0 in');
      expect(existsSync(path.join(digestDir, 'feed'))).toBe(true);
    }, 90_000);
  });
});
