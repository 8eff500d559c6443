import { execFile, execFileSync } from 'node:child_process';
import { constants, existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DigestProblem } from '../../src/digest/digest-problem.js';
import { loadDigest } from '../../src/digest/load-digest.js';
import type { Paper } from '../../src/digest/paper.js';
import { summariseProblems } from '../../src/digest/summarise-problems.js';
import { DigestWatcher } from '../../src/digest/watch-digest.js';
import { loadTopics, shippedTopics } from '../../src/library/load-topics.js';
import { loadLibrary } from '../../src/worker/load-library.js';
import { memoryLogger } from '../support/memory-log.js';
import { logged } from '../support/work-done.js';

/**
 * Files named like digest files that are not regular files, or are endless or too big: a
 * symbolic link to /dev/zero used to grow memory by about 150 MB/s until the machine died, a
 * FIFO hung the load forever (a blocked open() on the thread pool), and topics.json had no
 * cap. Each must now be one problem line, with the rest of the folder loaded.
 */

const FIXTURE = new URL('../fixtures/daily-papers.json', import.meta.url).pathname;
/** The two papers of the fixture, the one ordinary file of the folder. */
const GOOD_KEYS = ['2410.01485', '2611.00042'];
/** The default cap (MAX_DIGEST_FILE_BYTES), which the oversized topics.json exceeds by 1 MiB. */
const CAP = 20 * 1024 * 1024;
/** A load that takes longer than this has hung (it takes milliseconds). */
const HANG_MS = 10_000;
const MB = 1024 * 1024;

const NOT_REGULAR = (what: string) => `file is not a regular file: ${what}; only regular files are read`;
const PROBLEMS: DigestProblem[] = [
  { file: 'd.json', line: null, message: NOT_REGULAR('a directory') },
  { file: 's.tsv', line: null, message: NOT_REGULAR('a socket') },
  { file: 'x.json', line: null, message: NOT_REGULAR('a symbolic link to a character device (/dev/zero)') },
  { file: 'y.txt', line: null, message: NOT_REGULAR('a FIFO (named pipe)') },
];
const TOPICS_PROBLEM: DigestProblem = { file: 'topics.json', line: null, message: 'file is 21.0 MB, over the 20.0 MB limit (MAX_DIGEST_FILE_BYTES)' };

/** Rejects when `work` has not settled within `ms`: a hang fails the test with this message instead of timing out the file. */
function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (hung)`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Opens the FIFO for writing and closes it, which releases a reader blocked opening it (the
 * old code, should it come back): without this, a failed test would leave a thread-pool
 * thread blocked and the test file unable to finish. With no reader waiting it does nothing.
 */
async function releaseFifo(fifo: string): Promise<void> {
  const handle = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => null);
  await handle?.close();
}

/** Bytes this process has read through read() calls so far (Linux), or null where /proc/self/io is absent. */
function bytesReadByProcess(): number | null {
  if (!existsSync('/proc/self/io')) return null;
  const rchar = /^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
  return rchar ? Number(rchar[1]) : null;
}

/** Runs `work`, sampling RSS every 5 ms: the most RSS grew over its value before, at any sample and at the end. */
async function rssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; grewBy: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, grewBy: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

describe.skipIf(process.platform === 'win32')('a digest folder of hostile files', { timeout: 30_000 }, () => {
  let dir: string;
  let socket: Server;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hostile-'));
    await symlink('/dev/zero', path.join(dir, 'x.json'));
    execFileSync('mkfifo', [path.join(dir, 'y.txt')]);
    await mkdir(path.join(dir, 'd.json'));
    socket = createServer();
    await new Promise<void>((resolve) => socket.listen(path.join(dir, 's.tsv'), resolve));
    // 21 MiB of zeros without taking the disk space (a sparse file): over the 20 MiB cap.
    await writeFile(path.join(dir, 'topics.json'), '');
    await truncate(path.join(dir, 'topics.json'), CAP + MB);
    await copyFile(FIXTURE, path.join(dir, 'good.json'));
  });
  afterEach(async () => {
    await releaseFifo(path.join(dir, 'y.txt'));
    await new Promise((resolve) => socket.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the good file, gives one problem line per bad file, never hangs, and RSS grows by under 100 MB', async () => {
    const readBefore = bytesReadByProcess();
    const { result, grewBy } = await rssGrowth(() => within(Promise.all([loadDigest(dir), loadTopics(dir)]), HANG_MS, 'the load'));
    const readAfter = bytesReadByProcess();
    const [digest, topics] = result;

    expect(digest.papers.map((paper) => paper.key)).toEqual(GOOD_KEYS);
    expect(digest.problems).toEqual(PROBLEMS);
    expect(digest.files).toEqual([{ file: 'good.json', papers: 2, problems: 0, keys: GOOD_KEYS }]);
    expect(topics.problem).toEqual(TOPICS_PROBLEM);
    // The oversized topics.json is not used; the shipped topics still are.
    expect(topics.topics).toEqual(await shippedTopics());
    // Counted as the other unreadable files are, and topics.json as a topics problem.
    expect(summariseProblems([TOPICS_PROBLEM, ...digest.problems]).map(({ kind, count, files }) => ({ kind, count, files }))).toEqual([
      { kind: 'topics', count: 1, files: ['topics.json'] },
      { kind: 'unreadable', count: 4, files: ['d.json', 's.tsv', 'x.json', 'y.txt'] },
    ]);
    // The old code read /dev/zero until memory ran out; reading topics.json whole would be 21 MB.
    expect(grewBy).toBeLessThan(100 * MB);
    // None of the bad files is read at all: the 1,428-byte fixture (and a little of the test
    // runner's own traffic) is all. The old code read /dev/zero endlessly.
    if (readBefore !== null && readAfter !== null) expect(readAfter - readBefore).toBeLessThan(MB);
  });

  it('the library load logs them as the other problems are: one warning per kind', async () => {
    const logs = memoryLogger();
    const { library } = await within(loadLibrary(dir, logs.log), HANG_MS, 'loadLibrary');
    expect(library.all().map((paper) => paper.key)).toEqual(GOOD_KEYS);
    const warnings = logs.lines().filter((line) => line.level === 40);
    expect(warnings.map((line) => line.msg)).toEqual([
      `${TOPICS_PROBLEM.file}: ${TOPICS_PROBLEM.message}; the folder's topics are not used, the shipped topics still apply`,
      `skipped 4 files that could not be read (d.json, s.tsv, x.json, …); the first: d.json: ${NOT_REGULAR('a directory')} (LOG_LEVEL=debug logs every one)`,
    ]);
  });

  it('the folder watcher reports a FIFO and a link to /dev/zero written later, and still reads the good file after them', async () => {
    const watched = await mkdtemp(path.join(tmpdir(), 'hostile-watch-'));
    const logs = memoryLogger();
    const arrivals: { file: string; keys: string[] }[] = [];
    const watcher = new DigestWatcher({
      dir: watched,
      log: logs.log,
      debounceMs: 20,
      onPapers: (papers: Paper[], file: string) => arrivals.push({ file, keys: papers.map((paper) => paper.key) }),
    });
    watcher.start();
    try {
      execFileSync('mkfifo', [path.join(watched, 'late.txt')]);
      await symlink('/dev/zero', path.join(watched, 'late.json'));
      const warned = (file: string) =>
        logged(logs, (line) => line.level === 40 && (line.files as string[] | undefined)?.includes(file) === true, { timeout: HANG_MS });
      expect((await warned('late.txt')).msg).toBe(`skipped a file that could not be read: late.txt: ${NOT_REGULAR('a FIFO (named pipe)')}`);
      expect((await warned('late.json')).msg).toBe(
        `skipped a file that could not be read: late.json: ${NOT_REGULAR('a symbolic link to a character device (/dev/zero)')}`,
      );
      // The watcher keeps going: a good file written after them is read.
      await copyFile(FIXTURE, path.join(watched, 'good.json'));
      await vi.waitUntil(() => arrivals.length > 0, { interval: 20, timeout: HANG_MS });
      expect(arrivals).toEqual([{ file: 'good.json', keys: GOOD_KEYS }]);
    } finally {
      await releaseFifo(path.join(watched, 'late.txt'));
      await watcher.stop();
      await rm(watched, { recursive: true, force: true });
    }
  });

  it('npm run seeds:check reports each bad file and exits 1, without hanging', async () => {
    const root = new URL('../../', import.meta.url).pathname;
    // A hang is killed at the timeout (and then has no exit code), so a failing run cannot outlive the test.
    const run = await promisify(execFile)(
      process.execPath,
      ['--import', path.join(root, 'node_modules/tsx/dist/loader.mjs'), path.join(root, 'scripts/check-seeds.ts'), dir],
      { cwd: root, env: { PATH: process.env.PATH ?? '', ENV_FILE: 'none' }, timeout: 20_000, killSignal: 'SIGKILL' },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, signal: null, stdout, stderr }),
      (error: { code: number | null; signal: string | null; stdout: string; stderr: string }) => error,
    );
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 1, signal: null });
    expect(run.stdout).toContain('Papers: 2 unique');
    expect(run.stdout).toContain(
      [
        'Problems: 5',
        `  ${TOPICS_PROBLEM.file}: ${TOPICS_PROBLEM.message}; the folder's topics are not used, the shipped topics still apply`,
        `  skipped 4 files that could not be read (d.json, s.tsv, x.json, …); the first: d.json: ${NOT_REGULAR('a directory')}`,
      ].join('\n'),
    );
    expect(run.stderr).toContain(
      ['5 problems:', `  topics.json: ${TOPICS_PROBLEM.message}`, ...PROBLEMS.map((problem) => `  ${problem.file}: ${problem.message}`)].join('\n'),
    );
  });
});
