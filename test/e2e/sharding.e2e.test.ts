import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botEnv, spawnBot, tempBotDirs } from '../support/bot-harness.js';
import { FakeDiscord, GUILD_ID, SECOND_GUILD_ID } from '../support/fake-discord.js';

const TOKEN = 'e2e-sharding-token.abcdefghijklmnopqrs';

describe('one process running two internal shards beside one library worker', { timeout: 90_000 }, () => {
  let discord: FakeDiscord;
  let bot: { child: ChildProcess; log: () => string };
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;

  beforeAll(async () => {
    discord = await new FakeDiscord({ shardCount: 2, guilds: [GUILD_ID, SECOND_GUILD_ID] }).start();
    dirs = await tempBotDirs();
    bot = await spawnBot(discord, botEnv(discord, TOKEN, dirs, { SHARD_COUNT: '2', LOG_LEVEL: 'info' }));
  });

  afterAll(async () => {
    if (bot?.child.exitCode === null) {
      bot.child.kill('SIGTERM');
      await Promise.race([once(bot.child, 'exit'), sleep(10_000)]);
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
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
    for (const message of [onShard0, onShard1])
      expect((message.embeds as { title: string }[])[0]?.title).toBe('InternVideo3: Agentify Foundation Models with Multimodal Contextual Reasoning');
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
    await sleep(2000); // time for a second post, were there one
    expect(discord.channelMessages).toHaveLength(1);
    expect(discord.channelMessages[0]?.body.content).toMatch(/^📰 1 new paper · /);
  });
});
