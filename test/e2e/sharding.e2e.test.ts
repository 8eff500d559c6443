import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botEnv, spawnBot, stopSpawned, tempBotDirs } from '../support/bot-harness.js';
import { FakeDiscord, GUILD_ID, MANAGE_GUILD_PERMISSIONS, SECOND_GUILD_ID } from '../support/fake-discord.js';
import { logged, spawnedOutboxDrained, type SpawnedBot } from '../support/work-done.js';

const TOKEN = 'e2e-sharding-token.abcdefghijklmnopqrs';
/** The worker's line for its read of `update.json`. */
const readUpdate = (line: Record<string, unknown>) => line.msg === 'digest updated' && line.source === 'file update.json';

describe('one process running two internal shards beside one library worker', { timeout: 90_000 }, () => {
  let discord: FakeDiscord;
  let bot: { child: ChildProcess; log: () => string };
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;

  beforeAll(async () => {
    discord = await new FakeDiscord({ shardCount: 2, guilds: [GUILD_ID, SECOND_GUILD_ID] }).start();
    dirs = await tempBotDirs();
    bot = await spawnBot(discord, botEnv(discord, TOKEN, dirs, { DISCORD_SHARD_COUNT: '2', LOG_LEVEL: 'info', HEALTH_PORT: '0' }));
  });

  afterAll(async () => {
    if (bot) await stopSpawned([bot]);
    await discord?.stop();
    await dirs?.remove();
  });

  it('identifies each shard from the one process', () => {
    expect(discord.identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it('builds one index for the whole deployment', () => {
    const loads = bot
      .log()
      .split('\n')
      .filter((line) => line.includes('"msg":"digest loaded"'));
    expect(loads).toHaveLength(1);
  });

  it('answers commands in the guilds of both shards', async () => {
    expect(discord.shardFor(GUILD_ID)).toBe(0);
    expect(discord.shardFor(SECOND_GUILD_ID)).toBe(1);
    const onShard0 = await discord.finalMessage(discord.slashCommand('latest', { count: 1 }).id, 15_000);
    const onShard1 = await discord.finalMessage(
      discord.interact({ guild_id: SECOND_GUILD_ID, type: 2, data: { id: '1', name: 'latest', type: 1, options: [{ name: 'count', type: 4, value: 1 }] } }).id,
      15_000,
    );
    const titles = [onShard0, onShard1].map((message) => (message.embeds as { title: string }[])[0]?.title);
    // The seed's newest paper, or the one "posts an announcement once" adds when it ran first.
    expect([
      [
        'InternVideo3: Agentify Foundation Models with Multimodal Contextual Reasoning',
        'InternVideo3: Agentify Foundation Models with Multimodal Contextual Reasoning',
      ],
      ['Sharded Zebrafish Attention', 'Sharded Zebrafish Attention'],
    ]).toContainEqual(titles);
  });

  it('posts an announcement once', async () => {
    await writeFile(
      path.join(dirs.digestDir, 'update.json'),
      JSON.stringify([
        {
          paper: {
            id: '2611.00301',
            title: 'Sharded Zebrafish Attention',
            summary: 'Zebrafish attention, sharded.',
            upvotes: 1,
            publishedAt: '2026-11-25T00:00:00Z',
          },
        },
      ]),
    );
    await discord.waitFor(() => (discord.channelMessages.length > 0 ? true : undefined), 20_000);
    await spawnedOutboxDrained(bot); // the outbox store has nothing left to post
    expect(discord.channelMessages).toHaveLength(1);
    expect(discord.channelMessages[0]?.body.content).toMatch(/^📰 1 new paper · /);
  });
});

describe('beyond one machine: two processes, each with a range of shards, one announcer', { timeout: 120_000 }, () => {
  let discord: FakeDiscord;
  const bots: { child: ChildProcess; log: () => string }[] = [];
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
  let secondData: Awaited<ReturnType<typeof tempBotDirs>>;

  beforeAll(async () => {
    discord = await new FakeDiscord({ shardCount: 2, guilds: [GUILD_ID, SECOND_GUILD_ID] }).start();
    dirs = await tempBotDirs();
    secondData = await tempBotDirs();
    // The same digest folder (a shared mount), a database each; the second runs shard 1 only, so it does not announce.
    bots.push(await spawnBot(discord, botEnv(discord, TOKEN, dirs, { DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '0', LOG_LEVEL: 'info', HEALTH_PORT: '0' })));
    bots.push(
      await spawnBot(
        discord,
        botEnv(
          discord,
          TOKEN,
          { digestDir: dirs.digestDir, dataDir: secondData.dataDir },
          { DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '1', LOG_LEVEL: 'info', HEALTH_PORT: '0' },
        ),
      ),
    );
  });

  afterAll(async () => {
    await stopSpawned(bots);
    await discord?.stop();
    await dirs?.remove();
    await secondData?.remove();
  });

  it('each process identifies only its own shard, and only shard 0’s registers the commands', () => {
    expect(discord.identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(discord.requests.filter((request) => request.method === 'PUT' && request.path.endsWith('/commands'))).toHaveLength(1);
    expect(bots[1]?.log()).not.toContain('commands registered');
    expect(bots[0]?.log()).toContain('"announcer":true');
    expect(bots[1]?.log()).toContain('"announcer":false');
  });

  it('posts a new paper once, from the announcer; the other machine refuses subscriptions and says why', async () => {
    await writeFile(
      path.join(dirs.digestDir, 'update.json'),
      JSON.stringify([{ paper: { id: '2611.00302', title: 'Two Machines', summary: 'One announcer.', publishedAt: '2026-11-25T00:00:00Z' } }]),
    );
    await discord.waitFor(() => (discord.channelMessages.length > 0 ? true : undefined), 20_000);
    // The other machine read the file too, and answers from it: a round trip to its library
    // worker, so the worker's report of the new paper has reached that machine's main thread.
    const [announcer, other] = bots as [SpawnedBot, SpawnedBot];
    await logged(other, readUpdate, { timeout: 20_000 });
    const card = await discord.finalMessage(
      discord.interact({
        guild_id: SECOND_GUILD_ID,
        type: 2,
        data: { id: '2', name: 'paper', type: 1, options: [{ name: 'title', type: 3, value: '2611.00302' }] },
      }).id,
      15_000,
    );
    expect((card.embeds as { url: string }[])[0]?.url).toBe('https://huggingface.co/papers/2611.00302');
    // Neither machine has anything left to post.
    await spawnedOutboxDrained(announcer);
    await spawnedOutboxDrained(other);
    expect(discord.channelMessages).toHaveLength(1);
    const [refused] = await discord.responsesOf(
      discord.interact({
        guild_id: SECOND_GUILD_ID,
        type: 2,
        member: {
          user: { id: '400000000000000001', username: 'reader', discriminator: '0', avatar: null },
          roles: [],
          permissions: MANAGE_GUILD_PERMISSIONS,
          joined_at: '2025-01-01T00:00:00.000Z',
          deaf: false,
          mute: false,
          flags: 0,
        },
        data: {
          id: '1',
          name: 'subscribe',
          type: 1,
          options: [{ name: 'channel', type: 7, value: '300000000000000003' }],
          resolved: { channels: { '300000000000000003': { id: '300000000000000003', type: 0, name: 'papers', permissions: '2248473465835073' } } },
        },
      }).id,
      1,
      15_000,
    );
    expect(refused?.data?.content).toBe(
      '⚠️ Subscriptions are kept by the machine of this bot that posts announcements, and this server is served by another one. Ask the bot operator.',
    );
  });
});
