import { describe, expect, it } from 'vitest';
import { SubscriptionLimitReached, type NewSubscription } from '../../src/store/subscription-store.js';
import { storeEngines } from '../support/store-engines.js';

describe.each(storeEngines())('SubscriptionStore ($name)', (engine) => {
  const temp = engine.use();

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
    await expect(store.add({ ...input, schedule: 'hourly' as never })).rejects.toThrow(engine.errors.check);
    await expect(store.add({ ...input, top: 11 })).rejects.toThrow(engine.errors.check);
    await expect(store.add({ ...input, createdBy: null as never })).rejects.toThrow(engine.errors.notNull);
    expect(await store.list()).toEqual([]);
    // A true duplicate is still not an error.
    expect((await store.add(input)).created).toBe(true);
    expect(await store.add(input)).toMatchObject({ created: false, changed: false });
  });
});

describe.each(storeEngines())('SubscriptionStore limits ($name)', (engine) => {
  const temp = engine.use();
  const limits = { perGuild: 3, perChannel: 2 };
  const sub = (guildId: string, channelId: string, keywords: string): NewSubscription => ({ guildId, channelId, topicId: null, keywords, createdBy: 'u' });
  /** What `add` rejected with, as plain fields (undefined when it resolved). */
  async function refusal(input: NewSubscription): Promise<{ name: string; scope: string; limit: number; count: number } | undefined> {
    try {
      await temp.stores.subscriptions.add(input, undefined, limits);
      return undefined;
    } catch (error) {
      const { name, scope, limit, count } = error as SubscriptionLimitReached;
      expect(error).toBeInstanceOf(SubscriptionLimitReached);
      return { name, scope, limit, count };
    }
  }
  const keywordsOf = async (guildId: string) => (await temp.stores.subscriptions.list(guildId)).map((s) => `${s.channelId}:${s.keywords}`);

  it('refuses a channel its third subscription and the guild its fourth, with the counts, and adds nothing', async () => {
    const store = temp.stores.subscriptions;
    await store.add(sub('g', 'c1', 'a'), undefined, limits);
    await store.add(sub('g', 'c1', 'b'), undefined, limits);
    expect(await refusal(sub('g', 'c1', 'c'))).toEqual({ name: 'SubscriptionLimitReached', scope: 'channel', limit: 2, count: 2 });
    // Another channel of the guild still has room, until the guild is full.
    await store.add(sub('g', 'c2', 'c'), undefined, limits);
    expect(await refusal(sub('g', 'c3', 'd'))).toEqual({ name: 'SubscriptionLimitReached', scope: 'guild', limit: 3, count: 3 });
    expect(await keywordsOf('g')).toEqual(['c1:a', 'c1:b', 'c2:c']);
    // Another guild counts its own, even in a channel with the same id.
    await store.add(sub('other', 'c1', 'a'), undefined, limits);
    await store.add(sub('other', 'c1', 'b'), undefined, limits);
    expect(await keywordsOf('other')).toEqual(['c1:a', 'c1:b']);
  });

  it('names the guild first when both are full, and counts a guild already over the limit as full', async () => {
    const store = temp.stores.subscriptions;
    // Subscriptions made before there were limits (or under higher ones) stay; they only block new ones.
    for (const keywords of ['a', 'b', 'c', 'd']) await store.add(sub('g', 'c1', keywords));
    expect(await refusal(sub('g', 'c1', 'e'))).toEqual({ name: 'SubscriptionLimitReached', scope: 'guild', limit: 3, count: 4 });
    expect(await store.list('g')).toHaveLength(4);
  });

  it('still changes an existing subscription at the limit, and has room again after a removal', async () => {
    const store = temp.stores.subscriptions;
    const first = await store.add(sub('g', 'c1', 'a'), undefined, limits);
    await store.add(sub('g', 'c1', 'b'), undefined, limits);
    // The same channel, topic and keywords is the same subscription: a new schedule is a change, not one more.
    const weekly = await store.add({ ...sub('g', 'c1', 'a'), schedule: 'weekly' }, undefined, limits);
    expect([weekly.created, weekly.changed, weekly.subscription.schedule]).toEqual([false, true, 'weekly']);
    expect((await store.add(sub('g', 'c1', 'b'), undefined, limits)).created).toBe(false);
    await store.remove('g', first.subscription.id);
    expect((await store.add(sub('g', 'c1', 'c'), undefined, limits)).created).toBe(true);
    expect(await keywordsOf('g')).toEqual(['c1:b', 'c1:c']);
  });
});
