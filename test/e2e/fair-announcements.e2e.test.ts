import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start-bot.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { botEnv, startTestBot, tempBotDirs } from '../support/bot-harness.js';
import { FakeDiscord, GUILD_ID, SECOND_GUILD_CHANNEL_ID, SECOND_GUILD_ID } from '../support/fake-discord.js';
import { makePaper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';
import { logged } from '../support/work-done.js';

const TOKEN = 'e2e-fair-token.abcdefghijklmnopqrstuv';
/**
 * Guild A's 400 text channels. Their ids sort before guild B's channel (SECOND_GUILD_CHANNEL_ID),
 * so an outbox posting in id or channel order would post all of A's before B's.
 */
const A_CHANNELS = Array.from({ length: 400 }, (_, i) => `290000000000000${String(i).padStart(3, '0')}`);

describe('announcements take turns between guilds, through the real discord.js client', () => {
  let discord: FakeDiscord;
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
  let bot: RunningBot | undefined;

  beforeEach(async () => {
    discord = await new FakeDiscord({ guilds: [GUILD_ID, SECOND_GUILD_ID] }).start();
    dirs = await tempBotDirs();
    // Guild A's channels, as Discord has them: posts and threads there succeed.
    for (const [position, id] of A_CHANNELS.entries())
      discord.store.channels.set(id, { id, type: 0, name: `papers-${position}`, position: position + 3, permission_overwrites: [], guild_id: GUILD_ID });
  });
  afterEach(async () => {
    await bot?.stop();
    await discord.stop();
    await dirs.remove();
  });

  it(
    "posts guild B's one announcement among the first 10 posts, while guild A's 400 threaded subscriptions wait their turns",
    { timeout: 60_000 },
    async () => {
      const logs = memoryLogger('info');
      bot = await startTestBot(botEnv(discord, TOKEN, dirs), logs.log);
      const stores = bot.stores;
      if (!stores) throw new Error('the bot opened no database');
      // Subscribed before the papers arrive: A first, 400 channels, each a thread per paper; then B, one channel.
      for (const channelId of A_CHANNELS)
        await stores.subscriptions.add({ guildId: GUILD_ID, channelId, topicId: null, keywords: null, createdBy: 'test', threads: true });
      await stores.subscriptions.add({ guildId: SECOND_GUILD_ID, channelId: SECOND_GUILD_CHANNEL_ID, topicId: null, keywords: null, createdBy: 'test' });

      await writeFile(
        path.join(dirs.digestDir, 'update.json'),
        JSON.stringify([
          {
            paper: {
              id: '2611.00401',
              title: 'Fair Queues for Long Contexts',
              summary: 'Taking turns.',
              upvotes: 1,
              publishedAt: '2026-11-21T00:00:00.000Z',
              authors: [{ name: 'A' }],
            },
          },
        ]),
      );
      // Every post request the fake Discord received (messages and thread starts), in arrival order.
      const posts = () => discord.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/api/v10/channels/'));
      const postsToB = () => posts().findIndex((request) => request.path === `/api/v10/channels/${SECOND_GUILD_CHANNEL_ID}/messages`);
      const position = await discord.waitFor(() => (postsToB() >= 0 ? postsToB() + 1 : undefined), 30_000);
      // A's first message and its thread, the announce channel's post (a lane of its own), then B's: the 4th post.
      // Before the outbox took turns it was the 802nd, after A's 400 messages and 400 threads and the announce channel's post.
      expect(position).toBeLessThanOrEqual(10);
      expect(position).toBe(4);
      expect(discord.channelMessages.find((message) => message.channelId === SECOND_GUILD_CHANNEL_ID)?.body.content).toMatch(/^📰 1 new paper · /);

      // A's deliveries wait their turns, none lost or set aside (the store tests drain a guild of 400 to the end, each once);
      // the test stops here rather than spend ~17 s on A's 800 requests.
      const ofA = (await stores.outbox.deliveries()).filter((delivery) => A_CHANNELS.includes(delivery.channelId));
      expect(ofA).toHaveLength(400);
      expect(ofA.every((delivery) => delivery.status === 'sent' || delivery.status === 'pending')).toBe(true);
    },
  );

  /** A database as a bot that ran for months leaves it: a delivery sent 40 days ago, one sent today, a search memo last paged 40 days ago. */
  async function monthsOfState(): Promise<void> {
    const stores = openSqliteStores(dirs.dataDir);
    try {
      const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
      await stores.outbox.enqueue([{ paper: makePaper('2611.00501', '2026-11-20'), channelId: SECOND_GUILD_CHANNEL_ID }], daysAgo(40));
      await stores.outbox.enqueue([{ paper: makePaper('2611.00502', '2026-11-20'), channelId: SECOND_GUILD_CHANNEL_ID }], daysAgo(0));
      await stores.outbox.formBatches();
      for (const batch of await stores.outbox.dueBatches()) await stores.outbox.markSent(batch.id, 'm');
      await stores.queryMemo.remember('0123456789abcdef', 'a query paged last 40 days ago', daysAgo(40));
    } finally {
      await stores.close();
    }
  }

  for (const announcer of ['true', 'false'])
    it(`prunes old copies when it starts (ANNOUNCER=${announcer}: every machine keeps its own search memos)`, { timeout: 30_000 }, async () => {
      await monthsOfState();
      const logs = memoryLogger('info');
      bot = await startTestBot(botEnv(discord, TOKEN, dirs, { ANNOUNCER: announcer, RETENTION_DAYS: '30' }), logs.log);
      const pruned = await logged(logs, (line) => line.msg === 'old copies pruned');
      // The copy of the paper sent 40 days ago and the memo go; the delivery sent today keeps its copy.
      expect(pruned).toMatchObject({ days: 30, deliveries: 1, batches: 0, queries: 1 });
      expect(await bot.stores?.queryMemo.recall('0123456789abcdef')).toBeNull();
      // The pruned delivery is still known as delivered: nothing is posted again.
      expect((await bot.stores?.outbox.deliveries())?.map((delivery) => delivery.status)).toEqual(['sent', 'sent']);
    });
});
