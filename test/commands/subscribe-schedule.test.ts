import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command, CommandContext } from '../../src/interactions/command.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { commandContext } from '../support/command-context.js';
import { startLibraryWorker } from '../support/seed-library.js';
import { useTempStore } from '../support/temp-store.js';

const CHANNEL = '300000000000000002';
const registry = new CommandRegistry(commands);
const command = (name: string) => registry.get(name) as Command;

describe('/subscribe with a schedule', () => {
  const temp = useTempStore('all');
  let library: LibraryClient;
  let context: CommandContext;
  beforeAll(async () => {
    library = await startLibraryWorker();
    context = commandContext(library, { stores: temp.stores, memberPermissions: 32n });
  });
  afterAll(() => library?.stop());

  it('subscribes to a weekly digest of a topic, says when it is posted, then changes it in place', async () => {
    const weekly = await command('subscribe').run(context, { channel: CHANNEL, topic: 'sparse', schedule: 'weekly', top: 7 });
    expect(weekly.content).toBe(
      `✅ Subscribed: <#${CHANNEL}> · topic **Sparse and efficient attention** · weekly top 7. The 7 most upvoted papers will be posted there on Mondays, for the week before (at the bot's digest time, UTC), with a chart.`,
    );
    // The same channel and topic with another schedule is the same subscription, changed.
    const monthly = await command('subscribe').run(context, { channel: CHANNEL, topic: 'sparse', schedule: 'monthly', top: 1 });
    expect(monthly.content).toBe(
      `✅ Changed: <#${CHANNEL}> · topic **Sparse and efficient attention** · monthly top 1. The most upvoted paper will be posted there on the 1st, for the month before (at the bot's digest time, UTC), with a chart.`,
    );
    const again = await command('subscribe').run(context, { channel: CHANNEL, topic: 'sparse', schedule: 'monthly', top: 1 });
    expect(again.content).toBe(`That subscription already exists: <#${CHANNEL}> · topic **Sparse and efficient attention** · monthly top 1.`);
    const onTopic = (await temp.stores.subscriptions.list()).filter((subscription) => subscription.topicId !== null);
    expect(onTopic.map(({ schedule, top }) => [schedule, top])).toEqual([['monthly', 1]]);
  });

  it('keeps posting each new paper by default, and refuses a schedule or top it does not know', async () => {
    const each = await command('subscribe').run(context, { channel: CHANNEL, keywords: 'kv cache' });
    expect(each.content).toBe(`✅ Subscribed: <#${CHANNEL}> · keywords **kv cache**. New papers will be posted there.`);
    await expect(command('subscribe').run(context, { channel: CHANNEL, schedule: 'hourly' })).rejects.toThrow(
      'schedule: must be one of new, daily, weekly, monthly',
    );
    await expect(command('subscribe').run(context, { channel: CHANNEL, schedule: 'daily', top: 11 })).rejects.toThrow('top: at most 10');
  });
});
