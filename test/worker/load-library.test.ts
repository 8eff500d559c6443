import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryService } from '../../src/worker/library-service.js';
import { indexCacheKey, indexLibraryVersions, loadLibrary } from '../../src/worker/load-library.js';
import { makePaper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEEDS_DIR } from '../support/seed-library.js';

describe('the index cache', () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(path.join(tmpdir(), 'index-cache-'));
  });
  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("is keyed by the versions of minisearch, stemmer and stopword and by the bot's own reader and index code: an upgrade never serves stale stems or papers", () => {
    expect(indexLibraryVersions()).toMatch(/^minisearch@\d+\.\d+\.\d+ stemmer@\d+\.\d+\.\d+ stopword@\d+\.\d+\.\d+ code@[0-9a-f]{12}$/);
    const key = indexCacheKey([]);
    expect(indexCacheKey([], indexLibraryVersions())).toBe(key);
    expect(indexCacheKey([], indexLibraryVersions().replace(/stemmer@[\d.]+/, 'stemmer@3.0.0'))).not.toBe(key);
    expect(indexCacheKey([{ id: 'other-topics' }])).not.toBe(key);
  });

  it('is written after a cold build and loaded by the next start, with the same answers', async () => {
    const logs = memoryLogger();
    const cold = await loadLibrary(SEEDS_DIR, logs.log, { cacheDir });
    expect(cold.indexCache).toBe('miss');
    await cold.writeCache?.();
    const warm = await loadLibrary(SEEDS_DIR, logs.log, { cacheDir });
    expect(warm.indexCache).toBe('hit');
    const keys = (library: typeof cold.library) => library.search({ query: 'ring attention' }).hits.map((hit) => hit.paper.key);
    expect(keys(warm.library)).toEqual(keys(cold.library));
    expect(warm.library.latest(3)).toEqual(cold.library.latest(3));
  });

  it('is rebuilt, never trusted, when it is of the wrong shape, cut short, or for another digest', async () => {
    const logs = memoryLogger();
    const cold = await loadLibrary(SEEDS_DIR, logs.log, { cacheDir });
    await cold.writeCache?.();
    const [file] = await readdir(cacheDir);
    const cacheFile = path.join(cacheDir, file as string);
    const lines = (await readFile(cacheFile, 'utf8')).split('\n');
    const digestLine = lines[0] as string;
    for (const wrong of [
      '["digest",{"files":{},"problems":[]}]\n["papers",[{"key":"x"}]]\n',
      '{"unexpected":true}\n',
      '["digest",{"files":{"hf-daily-papers-long-context.txt":null},"problems":[]}]\n',
      '[]\n',
      `${digestLine}\n["surprise",1]\n`,
      `${digestLine}\n${lines.slice(1, -3).join('\n')}\n`,
      `${lines.join('\n').slice(0, -40)}`,
    ]) {
      await writeFile(cacheFile, wrong);
      const loaded = await loadLibrary(SEEDS_DIR, logs.log, { cacheDir });
      expect(loaded.indexCache).toBe('miss');
      expect(loaded.library.size).toBe(58);
      expect(loaded.library.search({ query: 'ring attention' }).hits.length).toBeGreaterThan(0);
    }
    // The first claims no files, so every file counts as new, the sidecar among them: a full
    // build that never reads its index. The next five are refused by shape (the second names a
    // file without its hash, the sixth lacks its last papers and the end record), and say so;
    // the last is cut mid-record.
    expect(logs.lines().filter((line) => line.msg === 'index cache does not fit the digest; rebuilding').length).toBe(5);
    expect(logs.lines().filter((line) => line.msg === 'index cache unreadable; rebuilding').length).toBe(1);
  });

  it('adds only the files that are new or changed since (a feed day), and rebuilds when a file was removed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'digest-'));
    await cp(SEEDS_DIR, dir, { recursive: true });
    const first = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    await first.writeCache?.();
    await mkdir(path.join(dir, 'feed'));
    const day = (papers: { id: string; title: string }[]) => JSON.stringify(papers.map((paper) => ({ paper: { ...paper, summary: `${paper.title}.` } })));
    await writeFile(path.join(dir, 'feed', '2026-11-20.json'), day([{ id: '2611.00001', title: 'Zebrafish attention' }]));
    const added = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(added.indexCache).toBe('updated');
    expect(added.library.size).toBe(59);
    expect(added.library.search({ query: 'zebrafish' }).hits.map((hit) => hit.paper.key)).toEqual(['2611.00001']);
    await added.writeCache?.();
    // The feed rewrote the day with one more paper: only that file is read again.
    await writeFile(
      path.join(dir, 'feed', '2026-11-20.json'),
      day([
        { id: '2611.00001', title: 'Zebrafish attention' },
        { id: '2611.00002', title: 'Axolotl memory' },
      ]),
    );
    const changed = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(changed.indexCache).toBe('updated');
    expect(changed.library.size).toBe(60);
    await changed.writeCache?.();
    expect((await loadLibrary(dir, memoryLogger().log, { cacheDir })).indexCache).toBe('hit');
    // The day corrected a paper's text, or dropped a paper: a full build, as a cold start would give.
    await writeFile(
      path.join(dir, 'feed', '2026-11-20.json'),
      day([
        { id: '2611.00001', title: 'Zebrafish attention, corrected' },
        { id: '2611.00002', title: 'Axolotl memory' },
      ]),
    );
    const corrected = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(corrected.indexCache).toBe('miss');
    expect(corrected.library.get('2611.00001')?.title).toBe('Zebrafish attention, corrected');
    await corrected.writeCache?.();
    await writeFile(path.join(dir, 'feed', '2026-11-20.json'), day([{ id: '2611.00002', title: 'Axolotl memory' }]));
    const dropped = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(dropped.indexCache).toBe('miss');
    expect(dropped.library.get('2611.00001')).toBeUndefined();
    await dropped.writeCache?.();
    // A file removed: its papers must go, so everything is built again.
    await rm(path.join(dir, 'feed', '2026-11-20.json'));
    const removed = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(removed.indexCache).toBe('miss');
    expect(removed.library.size).toBe(58);
    expect(removed.library.get('2611.00002')).toBeUndefined();
    // The files the cache had read unchanged were read for the build, the sidecar too (its arXiv ids key the listing's papers).
    expect(removed.library.get('2604.24715')?.title).toBe('Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling');
    await rm(dir, { recursive: true, force: true });
  });

  /** A copy of the seed whose files were last modified long ago (whole seconds, which utimes puts back exactly). */
  async function oldSeedCopy(): Promise<{ dir: string; listing: string; sidecar: string; text: string; swapped: string }> {
    const dir = await mkdtemp(path.join(tmpdir(), 'digest-'));
    await cp(SEEDS_DIR, dir, { recursive: true });
    const listing = path.join(dir, 'hf-daily-papers-long-context.txt');
    const sidecar = path.join(dir, 'arxiv-ids.tsv');
    for (const file of [listing, sidecar]) await utimes(file, OLD, OLD);
    const text = await readFile(listing, 'utf8');
    // The same number of bytes, another word.
    const swapped = text.replace('Attention', 'Attentiox');
    expect(swapped).not.toBe(text);
    return { dir, listing, sidecar, text, swapped };
  }
  const OLD = new Date('2026-11-01T00:00:00Z');
  /** The files the cache file in cacheDir records, from its first record. */
  const cachedFiles = async () => {
    const [name] = await readdir(cacheDir);
    const [first] = (await readFile(path.join(cacheDir, name as string), 'utf8')).split('\n');
    return (JSON.parse(first as string) as [string, { files: Record<string, { size?: number; mtimeMs?: number }> }])[1].files;
  };

  it('reads no file whose size and time are those the cache read it at, and reads one whose time moved (same text: still a hit)', async () => {
    const { dir, listing, text, swapped } = await oldSeedCopy();
    const first = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    await first.writeCache?.();
    expect(await cachedFiles()).toMatchObject({ 'arxiv-ids.tsv': { mtimeMs: OLD.getTime() }, 'hf-daily-papers-long-context.txt': { mtimeMs: OLD.getTime() } });
    // Other bytes of the same size, with the old time put back: the start trusts the cache and does not read the file.
    await writeFile(listing, swapped);
    await utimes(listing, OLD, OLD);
    const trusted = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(trusted.indexCache).toBe('hit');
    expect(trusted.library.search({ query: 'attentiox' }).hits).toEqual([]);
    expect(trusted.writeCache).toBeNull();
    // Its own text again, with another time (a checkout, a copy): read and hashed, found the
    // same, still a hit; the cache is written again with the new time, so the next start trusts it.
    await writeFile(listing, text);
    const later = new Date('2026-11-02T00:00:00Z');
    await utimes(listing, later, later);
    const touched = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(touched.indexCache).toBe('hit');
    expect(touched.writeCache).not.toBeNull();
    await touched.writeCache?.();
    await writeFile(listing, swapped);
    await utimes(listing, later, later);
    const again = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(again.library.search({ query: 'attentiox' }).hits).toEqual([]);
    expect(again.writeCache).toBeNull();
    // A limit lowered below both files' sizes: they are read, and refused as a start without the cache would.
    const limited = memoryLogger();
    const small = await loadLibrary(dir, limited.log, { cacheDir, maxFileBytes: 1_000 });
    expect(small.library.size).toBe(0);
    expect(limited.lines().filter((line) => String(line.msg).startsWith('digest problem:') && String(line.msg).includes('over the'))).toHaveLength(2);
    // Other bytes with a new time: read, and the index rebuilt from what they say.
    await utimes(listing, OLD, new Date('2026-11-03T00:00:00Z'));
    const changed = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(changed.indexCache).toBe('miss');
    expect(changed.library.search({ query: 'attentiox' }).hits.length).toBeGreaterThan(0);
    await changed.writeCache?.();
    // A new listing: the sidecar, unchanged and so unread at first, is read for it, and gives
    // its papers the same arXiv ids (without it they would be 58 new papers keyed by title).
    await writeFile(path.join(dir, 'copy.txt'), swapped);
    const copied = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(copied.indexCache).toBe('updated');
    expect(copied.library.size).toBe(58);
    await copied.writeCache?.();
    // The new file was written under 3 s ago: its stamp is not kept (it is read again next time).
    const files = await cachedFiles();
    expect(files['copy.txt']).toBeDefined();
    expect(files['copy.txt']?.mtimeMs).toBeUndefined();
    await rm(dir, { recursive: true, force: true });
  });

  it('drops a file it left unread that fails when it is read after all, and reports it once', async () => {
    const { dir, sidecar, swapped } = await oldSeedCopy();
    const first = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    await first.writeCache?.();
    // The sidecar turns binary, at the same size and time: left unread, until a new listing needs it.
    const { size } = await stat(sidecar);
    await writeFile(sidecar, Buffer.alloc(size));
    await utimes(sidecar, OLD, OLD);
    await writeFile(path.join(dir, 'copy.txt'), swapped);
    const logs = memoryLogger();
    const loaded = await loadLibrary(dir, logs.log, { cacheDir });
    // Gone from the digest as the cache knew it: a full build, without the sidecar's arXiv ids.
    expect(loaded.indexCache).toBe('miss');
    expect(loaded.library.get('2604.24715')).toBeUndefined();
    expect(logs.lines().filter((line) => String(line.msg).startsWith('digest problem: arxiv-ids.tsv'))).toHaveLength(1);
    await loaded.writeCache?.();
    expect(Object.keys(await cachedFiles())).not.toContain('arxiv-ids.tsv');
    await rm(dir, { recursive: true, force: true });
  });

  it('throws away a write that papers arrived during, writes it again, and gives up after three such attempts', async () => {
    const logs = memoryLogger();
    const cold = await loadLibrary(SEEDS_DIR, logs.log, { cacheDir });
    let next = 0;
    const addOne = () => cold.library.add([makePaper(`2612.${String(next++).padStart(5, '0')}`, '2026-12-01')]);
    // A paper on every turn of the event loop while the cache is written: each attempt is overtaken.
    let adding = true;
    const keepAdding = () => {
      if (!adding) return;
      addOne();
      setImmediate(keepAdding);
    };
    setImmediate(keepAdding);
    await cold.writeCache?.();
    adding = false;
    expect(logs.lines().filter((line) => line.msg === 'papers kept arriving while the index cache was written; not written this time')).toHaveLength(1);
    expect(await readdir(cacheDir)).toEqual([]);
    // Quiet again: the next write is whole, and the cache it leaves loads as a hit with every paper it held.
    const size = cold.library.size;
    expect(size).toBeGreaterThan(58);
    await cold.writeCache?.();
    expect(logs.lines().filter((line) => line.msg === 'index cache written')).toHaveLength(1);
    const warm = await loadLibrary(SEEDS_DIR, memoryLogger().log, { cacheDir });
    expect(warm.indexCache).toBe('hit');
    expect(warm.library.size).toBe(size);
    expect(warm.library.get('2612.00000')?.title).toBe('Paper 2612.00000');
  });

  it('logs the problems of bad files at every start, from the cache too', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'digest-'));
    await cp(SEEDS_DIR, dir, { recursive: true });
    await writeFile(path.join(dir, 'broken.json'), '{"not": "a list"}');
    const first = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    await first.writeCache?.();
    const logs = memoryLogger();
    expect((await loadLibrary(dir, logs.log, { cacheDir })).indexCache).toBe('hit');
    expect(logs.lines().some((line) => line.file === 'broken.json' && String(line.msg).startsWith('digest problem: broken.json'))).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('LibraryService and its index cache', () => {
  it('finishes writing the cache when stopped right after a cold build, so the next start is warm', async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'index-cache-'));
    const logs = memoryLogger();
    const service = new LibraryService({ digestDir: SEEDS_DIR, cacheDir, watch: false, log: logs.log, onStatus: () => undefined, onAdded: () => undefined });
    const loading = service.start();
    // Stop as soon as the digest answers (the cache is written after that): the write must still complete.
    while (service.status().state !== 'ready') await new Promise((resolve) => setTimeout(resolve, 5));
    await service.stop();
    // Checked before awaiting the load (which itself awaits the write): stop() waited for it.
    expect(logs.lines().some((line) => line.msg === 'index cache written')).toBe(true);
    expect((await readdir(cacheDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await loading;
    expect((await loadLibrary(SEEDS_DIR, memoryLogger().log, { cacheDir })).indexCache).toBe('hit');
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('removes temporary cache files a crash left behind when it writes the cache', async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'index-cache-'));
    await writeFile(path.join(cacheDir, 'library-0123456789abcdef.jsonl.99999.tmp'), '{"half": ');
    const cold = await loadLibrary(SEEDS_DIR, memoryLogger().log, { cacheDir });
    await cold.writeCache?.();
    expect((await readdir(cacheDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await rm(cacheDir, { recursive: true, force: true });
  });
});
