import { describe, expect, it } from 'vitest';
import type { NewSubscription } from '../../src/store/subscription-store.js';
import { useTempStore } from '../support/temp-store.js';

describe('SubscriptionStore (SQLite)', () => {
  const temp = useTempStore();

  it('keeps subscriptions per guild, without duplicates', async () => {
    const store = temp.stores.subscriptions;
    const first = await store.add({ guildId: 'g', channelId: 'c1', topicId: null, keywords: 'kv cache', createdBy: 'u' });
    expect(first.created).toBe(true);
    expect((await store.add({ guildId: 'g', channelId: 'c1', topicId: null, keywords: 'kv cache', createdBy: 'u' })).created).toBe(false);
    await store.add({ guildId: 'other', channelId: 'c9', topicId: 'surveys', keywords: null, createdBy: 'u' });
    expect((await store.list('g')).map((s) => [s.channelId, s.keywords])).toEqual([['c1', 'kv cache']]);
    expect(await store.list()).toHaveLength(2);
    expect(await store.remove('other', first.subscription.id)).toBeNull(); // another guild cannot remove it
    expect((await store.remove('g', first.subscription.id))?.keywords).toBe('kv cache');
    expect(await store.list('g')).toEqual([]);
  });

  it('changes the schedule of an existing subscription in place', async () => {
    const store = temp.stores.subscriptions;
    const input = { guildId: 'g', channelId: 'c', topicId: 'surveys', keywords: null, createdBy: 'u' };
    const first = await store.add({ ...input, schedule: 'weekly', top: 3 });
    expect([first.created, first.changed]).toEqual([true, false]);
    const same = await store.add({ ...input, schedule: 'weekly', top: 3 });
    expect([same.created, same.changed]).toEqual([false, false]);
    const daily = await store.add({ ...input, schedule: 'daily', top: 3 });
    expect([daily.created, daily.changed, daily.subscription.id, daily.subscription.schedule]).toEqual([false, true, first.subscription.id, 'daily']);
    expect(await store.list()).toHaveLength(1);
  });

  it('dates a schedule change (digests are planned from it), and only a schedule change', async () => {
    const store = temp.stores.subscriptions;
    const input = { guildId: 'g', channelId: 'c', topicId: null, keywords: null, createdBy: 'u' };
    const created = (await store.add({ ...input, schedule: 'weekly', top: 3 }, new Date('2026-11-01T00:00:00Z'))).subscription;
    expect([created.createdAt, created.scheduleChangedAt]).toEqual(['2026-11-01T00:00:00.000Z', null]);
    // Another top keeps the schedule's date: the weekly digests keep their plan.
    await store.add({ ...input, schedule: 'weekly', top: 5 }, new Date('2026-11-10T00:00:00Z'));
    expect((await store.list())[0]?.scheduleChangedAt).toBeNull();
    const daily = (await store.add({ ...input, schedule: 'daily', top: 5 }, new Date('2026-11-23T10:00:00Z'))).subscription;
    expect([daily.createdAt, daily.scheduleChangedAt]).toEqual(['2026-11-01T00:00:00.000Z', '2026-11-23T10:00:00.000Z']);
    expect(await store.list()).toEqual([daily]);
  });

  const input: NewSubscription = { guildId: 'g', channelId: 'c', topicId: null, keywords: null, createdBy: 'u' };

  it('refuses an invalid subscription with the constraint that failed, instead of a TypeError', async () => {
    const store = temp.stores.subscriptions;
    // INSERT OR IGNORE skipped such a row (changes = 0) and the code then read a missing row.
    await expect(store.add({ ...input, schedule: 'hourly' as never })).rejects.toThrow(/CHECK constraint failed/);
    await expect(store.add({ ...input, top: 11 })).rejects.toThrow(/CHECK constraint failed/);
    await expect(store.add({ ...input, createdBy: null as never })).rejects.toThrow(/NOT NULL constraint failed/);
    expect(await store.list()).toEqual([]);
    // A true duplicate is still not an error.
    expect((await store.add(input)).created).toBe(true);
    expect(await store.add(input)).toMatchObject({ created: false, changed: false });
  });
});
