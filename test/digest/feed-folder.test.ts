import { once } from 'node:events';
import type * as NodeFs from 'node:fs';
import type { FSWatcher } from 'node:fs';
import type * as NodeFsPromises from 'node:fs/promises';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isDigestFile, loadDigest, loadDigestFile } from '../../src/digest/load-digest.js';
import type { Paper } from '../../src/digest/paper.js';
import { DigestWatcher } from '../../src/digest/watch-digest.js';
import { memoryLogger } from '../support/memory-log.js';

/**
 * What the watcher asks of the file system, recorded while the calls go through unchanged:
 * its looks at a folder (stat), its watches, each with the listing (readdir) it started in
 * the same turn, when it reads what a new feed/ already held. The watcher logs none of
 * these steps, so the tests wait on them here instead of sleeping.
 */
const fsCalls = vi.hoisted(() => ({
  stats: [] as { path: string; done: Promise<unknown> }[],
  watches: [] as { path: string; watcher: FSWatcher; listing?: Promise<unknown> }[],
  /** The watch made in the current turn, which a listing of the same folder belongs to. */
  justWatched: null as { path: string; listing?: Promise<unknown> } | null,
}));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const watch = ((...args: unknown[]) => {
    const watcher = (fs.watch as (...a: unknown[]) => FSWatcher)(...args);
    const entry = { path: String(args[0]), watcher };
    fsCalls.watches.push(entry);
    fsCalls.justWatched = entry;
    queueMicrotask(() => {
      if (fsCalls.justWatched === entry) fsCalls.justWatched = null;
    });
    return watcher;
  }) as typeof fs.watch;
  return { ...fs, watch, default: { ...fs, watch } };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFsPromises>();
  const stat = ((...args: unknown[]) => {
    const done = (fs.stat as (...a: unknown[]) => Promise<unknown>)(...args);
    fsCalls.stats.push({ path: String(args[0]), done });
    return done;
  }) as typeof fs.stat;
  const readdir = ((...args: unknown[]) => {
    const done = (fs.readdir as (...a: unknown[]) => Promise<unknown>)(...args);
    const watched = fsCalls.justWatched;
    if (watched?.path === String(args[0])) {
      watched.listing = done;
      fsCalls.justWatched = null;
    }
    return done;
  }) as typeof fs.readdir;
  return { ...fs, stat, readdir, default: { ...fs, stat, readdir } };
});

/** One day of the feed as the API sends it: a list of daily_papers items. */
function day(...ids: string[]): string {
  return JSON.stringify(ids.map((id) => ({ paper: { id, title: `Paper ${id}`, summary: `About ${id}.`, upvotes: 1 }, numComments: 0 })));
}

/** How the feed and `npm run import` write: a `.`-named temp file, then a rename. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  await writeFile(temp, text);
  await rename(temp, file);
}

const until = <T>(check: () => T) => vi.waitUntil(check, { timeout: 5000, interval: 10 });

describe('the feed/ subfolder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digest-feed-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('loadDigest reads the top level and feed/, named relative to the folder, in name order, temp files skipped', async () => {
    await mkdir(path.join(dir, 'feed'));
    await writeFile(path.join(dir, 'update.json'), day('2607.00003'));
    await writeFile(path.join(dir, 'feed', '2026-07-09.json'), day('2607.00002'));
    await writeFile(path.join(dir, 'feed', '2026-07-08.json'), day('2607.00001', '2607.00003'));
    await writeFile(path.join(dir, 'feed', '.2026-07-10.json.tmp'), 'half a fi');
    await mkdir(path.join(dir, 'other'));
    await writeFile(path.join(dir, 'other', 'ignored.json'), day('2607.00009'));
    const digest = await loadDigest(dir);
    expect(digest.problems).toEqual([]);
    expect(digest.files).toMatchObject([
      { file: 'feed/2026-07-08.json', papers: 2, problems: 0 },
      { file: 'feed/2026-07-09.json', papers: 1, problems: 0 },
      { file: 'update.json', papers: 1, problems: 0 },
    ]);
    // "feed/..." sorts before "update.json", so 2607.00003 is first read from the feed.
    expect(digest.papers.map((paper) => [paper.key, paper.source.file, paper.countsAsOf])).toEqual([
      ['2607.00001', 'feed/2026-07-08.json', '2026-07-08'],
      ['2607.00003', 'feed/2026-07-08.json', '2026-07-08'],
      ['2607.00002', 'feed/2026-07-09.json', '2026-07-09'],
    ]);
  });

  it('loadDigestFile takes a name relative to the folder; names outside the folder and feed/ are not read', async () => {
    await mkdir(path.join(dir, 'feed'));
    await writeFile(path.join(dir, 'feed', '2026-07-08.json'), day('2607.00001'));
    await writeFile(path.join(dir, 'top.json'), day('2607.00002'));
    expect((await loadDigestFile(dir, 'feed/2026-07-08.json')).papers.map((paper) => paper.key)).toEqual(['2607.00001']);
    expect((await loadDigestFile(dir, 'top.json')).papers.map((paper) => paper.key)).toEqual(['2607.00002']);
    for (const name of ['../top.json', 'feed/../top.json', 'other/x.json', 'feed/.2026-07-08.json', 'feed/missing.json'])
      expect(await loadDigestFile(dir, name)).toStrictEqual({ papers: [], problems: [], files: [] });
    expect(['feed/a.json', 'a.json', 'a.txt', 'feed/a.tsv'].map(isDigestFile)).toEqual([true, true, true, true]);
    expect(['feed', 'feed/', 'feed/.a.json', 'feed/x/a.json', 'other/a.json', '.a.json', 'topics.json'].map(isDigestFile)).toEqual(Array(7).fill(false));
  });

  it('loads without feed/, and with a file named feed', async () => {
    await writeFile(path.join(dir, 'a.json'), day('2607.00001'));
    expect((await loadDigest(dir)).papers).toHaveLength(1);
    await writeFile(path.join(dir, 'feed'), 'not a folder');
    const digest = await loadDigest(dir);
    expect(digest.papers).toHaveLength(1);
    expect(digest.problems).toEqual([]);
  });
});

describe('DigestWatcher and feed/', { timeout: 20_000 }, () => {
  let dir: string;
  let watcher: DigestWatcher;
  let logs: ReturnType<typeof memoryLogger>;
  let arrivals: { file: string; keys: string[] }[];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digest-watch-'));
    arrivals = [];
    fsCalls.stats.length = 0;
    fsCalls.watches.length = 0;
  });
  afterEach(async () => {
    await watcher.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const start = () => {
    logs = memoryLogger();
    watcher = new DigestWatcher({
      dir,
      log: logs.log,
      debounceMs: 50,
      onPapers: (papers: Paper[], file: string) => arrivals.push({ file, keys: papers.map((paper) => paper.key) }),
    });
    watcher.start();
  };
  const feedDir = () => path.join(dir, 'feed');

  /** Resolves once the watcher's n-th look at feed/ (whether it is there, and which folder) has settled. */
  async function lookedForFeed(n: number): Promise<void> {
    const look = await until(() => fsCalls.stats.filter((call) => call.path === feedDir())[n - 1]);
    await look.done.catch(() => undefined);
  }

  /** Resolves once the n-th watch of feed/ is in place and the files it already held (if it read them) are listed; returns its watcher. */
  async function watchingFeed(n: number): Promise<FSWatcher> {
    const watch = await until(() => fsCalls.watches.filter((call) => call.path === feedDir())[n - 1]);
    await watch.listing;
    return watch.watcher;
  }

  /**
   * Resolves once the watcher has handled every change made so far, for "nothing more
   * arrives" checks. A marker file the reader rejects (so it adds no arrival) is written
   * last: file events come in order and every file's debounce timer has the same length, so
   * the timers fire in the order they were set and every read an earlier change could start has started by the time the marker's warning is logged, and stop()
   * then waits for any still running.
   */
  async function caughtUp(): Promise<void> {
    const from = logs.lines().length;
    await writeFile(path.join(dir, 'marker.json'), '1');
    await until(() =>
      logs
        .lines()
        .slice(from)
        .some((line) => line.level === 40 && (line.files as string[] | undefined)?.includes('marker.json')),
    );
    await watcher.stop();
  }

  it('watches a feed/ created after the start: a file written via temp + rename arrives once', async () => {
    start();
    await lookedForFeed(1); // none yet
    await mkdir(feedDir());
    await watchingFeed(1);
    await writeAtomically(path.join(dir, 'feed', '2026-07-08.json'), day('2607.00001', '2607.00002'));
    await until(() => arrivals.length > 0);
    await writeAtomically(path.join(dir, 'feed', '2026-07-09.json'), day('2607.00003'));
    await until(() => arrivals.length > 1);
    // Every change handled: nothing arrives twice, the temp names never.
    await caughtUp();
    expect(arrivals).toEqual([
      { file: 'feed/2026-07-08.json', keys: ['2607.00001', '2607.00002'] },
      { file: 'feed/2026-07-09.json', keys: ['2607.00003'] },
    ]);
  });

  it('reads the files of a feed/ that appeared after the start with files already in it', async () => {
    start();
    await lookedForFeed(1); // none yet
    // The folder is filled elsewhere and moved into place: no file event inside feed/ ever comes.
    await mkdir(path.join(dir, '.staging'));
    await writeFile(path.join(dir, '.staging', '2026-07-08.json'), day('2607.00001'));
    await rename(path.join(dir, '.staging'), feedDir());
    await until(() => arrivals.length > 0);
    await caughtUp();
    expect(arrivals).toEqual([{ file: 'feed/2026-07-08.json', keys: ['2607.00001'] }]);
  });

  it('watches a feed/ that existed at the start without re-reading its files, and a replaced feed/ anew', async () => {
    await mkdir(feedDir());
    await writeFile(path.join(dir, 'feed', '2026-07-07.json'), day('2607.00000'));
    start();
    const first = await watchingFeed(1);
    await writeAtomically(path.join(dir, 'feed', '2026-07-08.json'), day('2607.00001'));
    await until(() => arrivals.length > 0);
    const closed = once(first, 'close');
    await rm(feedDir(), { recursive: true });
    await closed; // the watcher saw feed/ go
    await mkdir(feedDir());
    await watchingFeed(2);
    await writeAtomically(path.join(dir, 'feed', '2026-07-09.json'), day('2607.00002'));
    await writeAtomically(path.join(dir, 'top.json'), day('2607.00003'));
    await until(() => arrivals.length > 2);
    await caughtUp();
    expect(arrivals.map((arrival) => arrival.file).sort()).toEqual(['feed/2026-07-08.json', 'feed/2026-07-09.json', 'top.json']);
  });
});
