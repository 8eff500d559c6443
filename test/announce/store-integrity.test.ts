import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnouncementStore, type NewSubscription } from '../../src/announce/announcement-store.js';

describe('AnnouncementStore keeps its rows valid', () => {
  let dir: string;
  let store: AnnouncementStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'store-integrity-'));
    store = AnnouncementStore.open(dir);
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const input: NewSubscription = { guildId: 'g', channelId: 'c', topicId: null, keywords: null, createdBy: 'u' };

  it('refuses an invalid subscription with the constraint that failed, instead of a TypeError', () => {
    // INSERT OR IGNORE skipped such a row (changes = 0) and the code then read a missing row.
    expect(() => store.addSubscription({ ...input, schedule: 'hourly' as never })).toThrow(/CHECK constraint failed/);
    expect(() => store.addSubscription({ ...input, top: 11 })).toThrow(/CHECK constraint failed/);
    expect(() => store.addSubscription({ ...input, createdBy: null as never })).toThrow(/NOT NULL constraint failed/);
    expect(store.listSubscriptions()).toEqual([]);
    // A true duplicate is still not an error.
    expect(store.addSubscription(input).created).toBe(true);
    expect(store.addSubscription(input)).toMatchObject({ created: false, changed: false });
  });

  it('refuses an invalid batch instead of answering "already queued" (null)', () => {
    expect(() => store.queueBatch({ kind: null as never, channelId: 'c', payload: {}, dedupeKey: 'k1' })).toThrow(/NOT NULL constraint failed/);
    expect(() => store.queueBatch({ kind: 'digest', channelId: null as never, payload: {}, dedupeKey: 'k2' })).toThrow(/NOT NULL constraint failed/);
    expect(store.hasBatch('k1')).toBe(false);
    // The dedupe key is still the one conflict that means "queued before".
    expect(store.queueBatch({ kind: 'digest', channelId: 'c', payload: {}, dedupeKey: 'k1' })).toEqual(expect.any(Number));
    expect(store.queueBatch({ kind: 'digest', channelId: 'c', payload: {}, dedupeKey: 'k1' })).toBeNull();
  });

  it('refuses a digest outcome it does not know', () => {
    expect(() => store.recordDigestOutcome('digest:1:daily:2026-11-27', 'lost' as never)).toThrow(/CHECK constraint failed/);
    expect(store.digestDecided('digest:1:daily:2026-11-27')).toBe(false);
  });
});
