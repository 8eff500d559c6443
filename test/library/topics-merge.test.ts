import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTopics, shippedTopics } from '../../src/library/load-topics.js';
import { mergeTopics, type Topic } from '../../src/library/topics.js';
import { loadLibrary } from '../../src/worker/load-library.js';
import { memoryLogger } from '../support/memory-log.js';
import { startLibraryWorker } from '../support/seed-library.js';

const topic = (id: string, name: string, terms: string[]): Topic => ({ id, name, description: `Papers about ${name.toLowerCase()}.`, terms });
const ZEBRAFISH = topic('zebrafish', 'Zebrafish studies', ['zebrafish']);
/** Replaces the shipped `video-multimodal` (same id): only papers with "camera" in the title. */
const VIDEO_OVERRIDE = topic('video-multimodal', 'Cameras', ['title:camera']);

/** One synthetic daily_papers file: a video paper, a zebrafish paper, a camera paper. */
const PAPERS = [
  { paper: { id: '2611.00001', title: 'Long video understanding with memory', summary: 'We study long video understanding.' } },
  { paper: { id: '2611.00002', title: 'Zebrafish larvae tracking', summary: 'A zebrafish dataset.' } },
  { paper: { id: '2611.00003', title: 'A camera for the rest of us', summary: 'Cheap camera hardware.' } },
];

describe('the shipped topics', () => {
  it('are a valid file of at least 9 described topics', async () => {
    const shipped = await shippedTopics();
    expect(shipped.length).toBeGreaterThanOrEqual(9);
    for (const { description } of shipped) expect(description.length).toBeGreaterThan(20);
    expect(shipped.map(({ id }) => id)).toContain('video-multimodal');
  });
});

describe('mergeTopics', () => {
  const shipped = [topic('a', 'Alpha', ['alpha']), topic('b', 'Beta', ['beta']), topic('c', 'Gamma', ['gamma'])];

  it('keeps the shipped topics and adds the folder’s after them', () => {
    expect(mergeTopics(shipped, [ZEBRAFISH])).toEqual({ topics: [...shipped, ZEBRAFISH], replaced: [] });
    expect(mergeTopics(shipped, [])).toEqual({ topics: shipped, replaced: [] });
  });

  it('lets a folder topic of the same id, or the same name in any case, replace the shipped one in its place', () => {
    const byId = topic('b', 'Better beta', ['beta', 'bêta']);
    const byName = topic('gamma-2', 'GAMMA', ['gamma rays']);
    const { topics, replaced } = mergeTopics(shipped, [byName, ZEBRAFISH, byId]);
    expect(topics).toEqual([shipped[0], byId, byName, ZEBRAFISH]);
    expect(replaced).toEqual(['b', 'c']);
  });

  it('never gives two topics one id, even when a folder topic matches two shipped ones', () => {
    // Same name as `a`, same id as `b`: both go, it takes the first place.
    const both = topic('b', 'alpha', ['x']);
    const { topics } = mergeTopics(shipped, [both]);
    expect(topics.map(({ id }) => id)).toEqual(['b', 'c']);
  });
});

describe('loadTopics on a synthetic folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'topics-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('gives the shipped topics to a folder without topics.json', async () => {
    const loaded = await loadTopics(dir);
    expect(loaded.topics).toEqual(await shippedTopics());
    expect(loaded).toMatchObject({ folder: [], replaced: [], problem: null });
  });

  it('merges shipped and folder topics: one added, one replaced', async () => {
    await writeFile(path.join(dir, 'topics.json'), JSON.stringify([ZEBRAFISH, VIDEO_OVERRIDE]));
    const shipped = await shippedTopics();
    const loaded = await loadTopics(dir);
    expect(loaded.folder).toEqual([ZEBRAFISH, VIDEO_OVERRIDE]);
    expect(loaded.replaced).toEqual(['video-multimodal']);
    expect(loaded.topics).toHaveLength(shipped.length + 1);
    expect(loaded.topics.map(({ id }) => id)).toEqual([...shipped.map(({ id }) => id), 'zebrafish']);
    expect(loaded.topics.find(({ id }) => id === 'video-multimodal')).toEqual(VIDEO_OVERRIDE);
  });

  it('keeps the shipped topics when the folder’s topics.json is bad, with a problem naming it', async () => {
    await writeFile(path.join(dir, 'topics.json'), '[{"id": "Not An Id"}]');
    const loaded = await loadTopics(dir);
    expect(loaded.topics).toEqual(await shippedTopics());
    expect(loaded.problem?.file).toBe('topics.json');
  });

  it('accepts an empty topics.json: nothing to add', async () => {
    await writeFile(path.join(dir, 'topics.json'), '[]');
    expect(await loadTopics(dir)).toMatchObject({ topics: await shippedTopics(), problem: null });
  });
});

describe('a digest folder of daily_papers JSON only, with and without its own topics', () => {
  let dir: string;
  let cacheDir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digest-'));
    cacheDir = await mkdtemp(path.join(tmpdir(), 'index-cache-'));
    await writeFile(path.join(dir, 'papers.json'), JSON.stringify(PAPERS));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('has the shipped topics, then the folder’s too; the index cache is keyed by the merged topics', async () => {
    const members = (library: Awaited<ReturnType<typeof loadLibrary>>['library'], id: string) => library.topicKeys(id);
    const first = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(first.indexCache).toBe('miss');
    expect(first.library.findTopic('video')?.id).toBe('video-multimodal');
    expect(members(first.library, 'video-multimodal')).toEqual(['2611.00001']);
    expect(first.library.findTopic('zebrafish')).toBeUndefined();
    await first.writeCache?.();
    expect((await loadLibrary(dir, memoryLogger().log, { cacheDir })).indexCache).toBe('hit');

    // The folder's own topics.json: a new topic, and the shipped video topic redefined.
    await writeFile(path.join(dir, 'topics.json'), JSON.stringify([ZEBRAFISH, VIDEO_OVERRIDE]));
    const merged = await loadLibrary(dir, memoryLogger().log, { cacheDir });
    expect(merged.indexCache).toBe('miss'); // other topics, other cache: no stale members
    expect(merged.library.topics).toHaveLength((await shippedTopics()).length + 1);
    expect(members(merged.library, 'zebrafish')).toEqual(['2611.00002']);
    expect(members(merged.library, 'video-multimodal')).toEqual(['2611.00003']);
    expect(merged.library.findTopic('long-context-training')?.id).toBe('long-context-training'); // a shipped one, untouched
  });

  it('answers /topic video from the library worker', async () => {
    const client = await startLibraryWorker({ digestDir: dir });
    try {
      const video = await client.api.findTopic('video');
      expect(video?.id).toBe('video-multimodal');
      const page = await client.api.topicPage(video?.id ?? '', 1, 5);
      expect(page?.page.items.map((paper) => paper.title)).toEqual(['Long video understanding with memory']);
    } finally {
      await client.stop();
    }
  });
});
