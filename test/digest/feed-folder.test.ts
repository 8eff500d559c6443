import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDigestFile, loadDigest, loadDigestFile } from '../../src/digest/load-digest.js';
import type { Paper } from '../../src/digest/paper.js';
import { DigestWatcher } from '../../src/digest/watch-digest.js';
import { memoryLogger } from '../support/memory-log.js';

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

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
  let arrivals: { file: string; keys: string[] }[];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digest-watch-'));
    arrivals = [];
  });
  afterEach(async () => {
    await watcher.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const start = () => {
    watcher = new DigestWatcher({
      dir,
      log: memoryLogger().log,
      debounceMs: 50,
      onPapers: (papers: Paper[], file: string) => arrivals.push({ file, keys: papers.map((paper) => paper.key) }),
    });
    watcher.start();
  };

  it('watches a feed/ created after the start: a file written via temp + rename arrives once', async () => {
    start();
    await sleep(100);
    await mkdir(path.join(dir, 'feed'));
    await sleep(100);
    await writeAtomically(path.join(dir, 'feed', '2026-07-08.json'), day('2607.00001', '2607.00002'));
    await until(() => arrivals.length > 0);
    await writeAtomically(path.join(dir, 'feed', '2026-07-09.json'), day('2607.00003'));
    await until(() => arrivals.length > 1);
    // Longer than the debounce: nothing arrives twice, the temp names never.
    await sleep(400);
    expect(arrivals).toEqual([
      { file: 'feed/2026-07-08.json', keys: ['2607.00001', '2607.00002'] },
      { file: 'feed/2026-07-09.json', keys: ['2607.00003'] },
    ]);
  });

  it('reads the files of a feed/ that appeared after the start with files already in it', async () => {
    start();
    await sleep(100);
    // The folder is filled elsewhere and moved into place: no file event inside feed/ ever comes.
    await mkdir(path.join(dir, '.staging'));
    await writeFile(path.join(dir, '.staging', '2026-07-08.json'), day('2607.00001'));
    await rename(path.join(dir, '.staging'), path.join(dir, 'feed'));
    await until(() => arrivals.length > 0);
    await sleep(400);
    expect(arrivals).toEqual([{ file: 'feed/2026-07-08.json', keys: ['2607.00001'] }]);
  });

  it('watches a feed/ that existed at the start without re-reading its files, and a replaced feed/ anew', async () => {
    await mkdir(path.join(dir, 'feed'));
    await writeFile(path.join(dir, 'feed', '2026-07-07.json'), day('2607.00000'));
    start();
    await sleep(100);
    await writeAtomically(path.join(dir, 'feed', '2026-07-08.json'), day('2607.00001'));
    await until(() => arrivals.length > 0);
    await rm(path.join(dir, 'feed'), { recursive: true });
    await sleep(100);
    await mkdir(path.join(dir, 'feed'));
    await sleep(100);
    await writeAtomically(path.join(dir, 'feed', '2026-07-09.json'), day('2607.00002'));
    await writeAtomically(path.join(dir, 'top.json'), day('2607.00003'));
    await until(() => arrivals.length > 2);
    await sleep(400);
    expect(arrivals.map((arrival) => arrival.file).sort()).toEqual(['feed/2026-07-08.json', 'feed/2026-07-09.json', 'top.json']);
  });
});
