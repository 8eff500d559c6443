import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botEnv, spawnBot, stopSpawned, tempBotDirs } from '../support/bot-harness.js';
import { FakeDiscord, GUILD_ID, MANAGE_GUILD_PERMISSIONS, SECOND_GUILD_CHANNEL_ID, SECOND_GUILD_ID, USER_ID } from '../support/fake-discord.js';
import { startDailyPapersFeed } from '../support/daily-papers-feed.js';
import { skipWithoutPostgres, usePostgresDatabase } from '../support/postgres-database.js';
import { logged, spawnedOutboxDrained, type SpawnedBot } from '../support/work-done.js';

const TOKEN = 'e2e-shared-feed-token.abcdefghijklmno';
const DAY = [
  {
    paper: {
      id: '2611.00501',
      title: 'Fed Through The Database',
      summary: 'A paper only the leader fetched.',
      upvotes: 4,
      publishedAt: '2026-11-27T00:00:00Z',
    },
  },
];

/** A daily_papers feed that answers an empty list until `publish()`, then DAY. */
async function startFeed(): Promise<{ server: Server; url: string; publish: () => void }> {
  let published = false;
  return { ...(await startDailyPapersFeed(() => (published ? DAY : []))), publish: () => (published = true) };
}

describe.skipIf(skipWithoutPostgres('shared-feed e2e'))('the feed through PostgreSQL: two machines, a digest folder each', { timeout: 120_000 }, () => {
  let discord: FakeDiscord;
  let feed: Awaited<ReturnType<typeof startFeed>>;
  const bots: SpawnedBot[] = [];
  const dirs: Awaited<ReturnType<typeof tempBotDirs>>[] = [];
  const database = usePostgresDatabase('all');

  beforeAll(async () => {
    discord = await new FakeDiscord({ shardCount: 2, guilds: [GUILD_ID, SECOND_GUILD_ID] }).start();
    feed = await startFeed();
    for (let i = 0; i < 2; i++) dirs.push(await tempBotDirs());
    const env = (shard: string, folder: Awaited<ReturnType<typeof tempBotDirs>>) =>
      botEnv(discord, TOKEN, folder, {
        DISCORD_SHARD_COUNT: '2',
        DISCORD_SHARD_IDS: shard,
        DATABASE_URL: database.url,
        FEED_URL: feed.url,
        FEED_INTERVAL: '1s',
        ANNOUNCE_CHANNEL_ID: '',
        LOG_LEVEL: 'info',
        HEALTH_PORT: '0',
      });
    // Shard 0's machine starts first and takes the lead; shard 1's follows, with a digest folder of its own.
    bots.push(await spawnBot(discord, env('0', dirs[0] as Awaited<ReturnType<typeof tempBotDirs>>)));
    await logged(bots[0] as SpawnedBot, (line) => String(line.msg).startsWith('leading the new-paper pipeline'), { timeout: 15_000 });
    bots.push(await spawnBot(discord, env('1', dirs[1] as Awaited<ReturnType<typeof tempBotDirs>>)));
  });

  afterAll(async () => {
    await stopSpawned(bots);
    await discord?.stop();
    feed?.server.close();
    for (const folder of dirs) await folder.remove();
  });

  it('a paper the leader fetched is searchable on the other machine within 10 s, and its subscription there gets the post once', async () => {
    const [leader, follower] = bots as [SpawnedBot, SpawnedBot];
    expect(follower.log()).not.toContain('leading the new-paper pipeline');
    // Subscribed through the follower (shard 1 serves the second guild).
    const [subscribed] = await discord.responsesOf(
      discord.interact({
        guild_id: SECOND_GUILD_ID,
        type: 2,
        member: {
          user: { id: USER_ID, username: 'reader', discriminator: '0', avatar: null },
          roles: [],
          permissions: MANAGE_GUILD_PERMISSIONS,
          joined_at: '2025-01-01T00:00:00.000Z',
          deaf: false,
          mute: false,
          flags: 0,
        },
        data: {
          id: '9',
          name: 'subscribe',
          type: 1,
          options: [{ name: 'channel', type: 7, value: SECOND_GUILD_CHANNEL_ID }],
          resolved: { channels: { [SECOND_GUILD_CHANNEL_ID]: { id: SECOND_GUILD_CHANNEL_ID, type: 0, name: 'papers', permissions: '2248473465835073' } } },
        },
      }).id,
      1,
      15_000,
    );
    expect(subscribed?.data?.content).toMatch(/^✅ Subscribed: /);

    feed.publish();
    const saved = await logged(leader, (line) => line.msg === 'feed day saved and ingested', { timeout: 15_000 });
    const brought = await logged(follower, (line) => line.msg === 'feed day brought from the database and ingested', { timeout: 15_000 });
    const fetchedAt = Number(saved.time);
    const searchableAt = Number(brought.time);
    process.stderr.write(`shared feed: the other machine ingested the leader's feed day ${searchableAt - fetchedAt} ms after the leader saved it\n`);
    expect(searchableAt - fetchedAt).toBeLessThan(10_000);
    // Only the leader fetched: the follower's folder got the day from the database, not from the feed.
    expect(follower.log()).not.toContain('feed day saved and ingested');
    expect(existsSync(path.join((dirs[1] as Awaited<ReturnType<typeof tempBotDirs>>).digestDir, String(brought.file)))).toBe(true);
    const card = await discord.finalMessage(
      discord.interact({
        guild_id: SECOND_GUILD_ID,
        type: 2,
        data: { id: '2', name: 'paper', type: 1, options: [{ name: 'title', type: 3, value: '2611.00501' }] },
      }).id,
      15_000,
    );
    expect((card.embeds as { url: string }[])[0]?.url).toBe('https://huggingface.co/papers/2611.00501');

    await discord.waitFor(() => (discord.channelMessages.length > 0 ? true : undefined), 20_000);
    await spawnedOutboxDrained(leader);
    expect(discord.channelMessages.map((message) => [message.channelId, message.body.content])).toEqual([
      [SECOND_GUILD_CHANNEL_ID, expect.stringMatching(/^📰 1 new paper · /)],
    ]);
    expect(discord.rejections).toEqual([]);
  });
});
