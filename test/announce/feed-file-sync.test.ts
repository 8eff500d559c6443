import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedFileSync } from '../../src/announce/feed-file-sync.js';
import { memoryLogger } from '../support/memory-log.js';
import { useTempStore } from '../support/temp-store.js';

describe('FeedFileSync: the feed days recorded in the database, into this machine’s digest folder', () => {
  const temp = useTempStore('each');
  let digestDir: string;
  beforeEach(async () => {
    digestDir = await mkdtemp(path.join(tmpdir(), 'feed-sync-'));
  });
  afterEach(async () => {
    await rm(digestDir, { recursive: true, force: true });
  });

  const syncWith = (ingest: (name: string) => Promise<void>) => {
    const logs = memoryLogger();
    return { logs, sync: new FeedFileSync({ store: temp.stores.feedFiles, digestDir, ingest, log: logs.log }) };
  };

  it('writes and ingests each day it lacks or holds differently, once; a day it holds already is left alone', async () => {
    const ingested: string[] = [];
    const { sync } = syncWith(async (name) => void ingested.push(name));
    await mkdir(path.join(digestDir, 'feed'));
    await writeFile(path.join(digestDir, 'feed/2026-11-20.json'), '[1]');
    await temp.stores.feedFiles.record('feed/2026-11-20.json', '[1]');
    await temp.stores.feedFiles.record('feed/2026-11-21.json', '[2]');
    expect(await sync.runOnce()).toBe(1);
    expect(ingested).toEqual(['feed/2026-11-21.json']);
    expect(await readFile(path.join(digestDir, 'feed/2026-11-21.json'), 'utf8')).toBe('[2]');
    // Nothing new: nothing written. Then the first day's counts change on the leader.
    expect(await sync.runOnce()).toBe(0);
    await temp.stores.feedFiles.record('feed/2026-11-20.json', '[1, 3]');
    expect(await sync.runOnce()).toBe(1);
    expect(ingested).toEqual(['feed/2026-11-21.json', 'feed/2026-11-20.json']);
    expect(await readFile(path.join(digestDir, 'feed/2026-11-20.json'), 'utf8')).toBe('[1, 3]');
  });

  it('never writes outside feed/<day>.json, whatever the database holds', async () => {
    const ingested: string[] = [];
    const { sync, logs } = syncWith(async (name) => void ingested.push(name));
    await temp.stores.feedFiles.record('../escape.json', '[]');
    await temp.stores.feedFiles.record('feed/2026-13-45.json', '[]');
    await temp.stores.feedFiles.record('feed/2026-11-22.json', '[3]');
    expect(await sync.runOnce()).toBe(1);
    expect(ingested).toEqual(['feed/2026-11-22.json']);
    expect(logs.lines().filter((line) => String(line.msg).startsWith('a feed file in the database has a name'))).toHaveLength(2);
  });

  it('a day whose ingest fails is tried again at the next round, and none after it is skipped', async () => {
    let failures = 1;
    const ingested: string[] = [];
    const { sync } = syncWith(async (name) => {
      if (failures-- > 0) throw new Error('the library restarted');
      ingested.push(name);
    });
    await temp.stores.feedFiles.record('feed/2026-11-20.json', '[1]');
    await temp.stores.feedFiles.record('feed/2026-11-21.json', '[2]');
    await expect(sync.runOnce()).rejects.toThrow('the library restarted');
    // The file was written before its ingest failed: it matches now, and is ingested all the same.
    expect(await readFile(path.join(digestDir, 'feed/2026-11-20.json'), 'utf8')).toBe('[1]');
    expect(await sync.runOnce()).toBe(2);
    expect(ingested).toEqual(['feed/2026-11-20.json', 'feed/2026-11-21.json']);
  });
});
