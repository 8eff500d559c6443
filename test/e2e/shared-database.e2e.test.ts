import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botEnv, spawnBot, tempBotDirs } from '../support/bot-harness.js';
import { CHANNEL_ID, FakeDiscord, GUILD_ID, MANAGE_GUILD_PERMISSIONS, SECOND_GUILD_CHANNEL_ID, SECOND_GUILD_ID, USER_ID } from '../support/fake-discord.js';
import { postgresUrl, usePostgresStores } from '../support/postgres-database.js';
import { spawnedOutboxDrained, type SpawnedBot } from '../support/work-done.js';

const TOKEN = 'e2e-shared-db-token.abcdefghijklmnopq';
type Message = { content?: string; embeds?: { title?: string; url?: string }[]; components?: { components: { custom_id?: string; label?: string }[] }[] };

/** The reader, with Manage Server, in the second guild (served by the second machine only). */
const READER_IN_SECOND_GUILD = {
  user: { id: USER_ID, username: 'reader', discriminator: '0', avatar: null },
  roles: [],
  permissions: MANAGE_GUILD_PERMISSIONS,
  joined_at: '2025-01-01T00:00:00.000Z',
  deaf: false,
  mute: false,
  flags: 0,
};

if (postgresUrl === null) process.stderr.write('shared-database e2e skipped: no PostgreSQL test server (see test/setup/postgres.ts)\n');

describe.skipIf(postgresUrl === null)(
  'beyond one machine on one PostgreSQL (DATABASE_URL): two processes, a range of shards each',
  { timeout: 120_000 },
  () => {
    let discord: FakeDiscord;
    const bots: SpawnedBot[] = [];
    let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
    let secondData: Awaited<ReturnType<typeof tempBotDirs>>;
    // A database of this file's own on the test server, migrated by its stores here (the bots find nothing to do).
    const database = usePostgresStores('all');

    /** Runs a slash command in the second guild, answered by the second machine, and returns its interaction id. */
    const inSecondGuild = (name: string, options: { name: string; type: number; value: string | number }[] = [], resolved?: object) =>
      discord.interact({
        guild_id: SECOND_GUILD_ID,
        type: 2,
        member: READER_IN_SECOND_GUILD,
        data: { id: '9', name, type: 1, options, ...(resolved ? { resolved } : {}) },
      }).id;

    beforeAll(async () => {
      discord = await new FakeDiscord({ shardCount: 2, guilds: [GUILD_ID, SECOND_GUILD_ID] }).start();
      dirs = await tempBotDirs();
      secondData = await tempBotDirs();
      const shared = { DISCORD_SHARD_COUNT: '2', LOG_LEVEL: 'info', HEALTH_PORT: '0', DATABASE_URL: database.url };
      // The same digest folder (a shared mount) and one database; each machine has a DATA_DIR of its
      // own, for its index cache only. Shard 0's machine announces; the other runs shard 1.
      bots.push(await spawnBot(discord, botEnv(discord, TOKEN, dirs, { ...shared, DISCORD_SHARD_IDS: '0' })));
      bots.push(
        await spawnBot(discord, botEnv(discord, TOKEN, { digestDir: dirs.digestDir, dataDir: secondData.dataDir }, { ...shared, DISCORD_SHARD_IDS: '1' })),
      );
    });

    afterAll(async () => {
      for (const bot of bots) {
        if (bot.child.exitCode === null) {
          bot.child.kill('SIGTERM');
          await Promise.race([once(bot.child, 'exit'), sleep(10_000)]);
          if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
        }
      }
      await discord?.stop();
      await dirs?.remove();
      await secondData?.remove();
    });

    it('both machines open PostgreSQL, not SQLite in their DATA_DIR', () => {
      for (const bot of bots) expect(bot.log()).toContain('"msg":"database open"');
      for (const bot of bots) expect(bot.log()).toContain('"engine":"postgres"');
      for (const dataDir of [dirs.dataDir, secondData.dataDir]) expect(existsSync(path.join(dataDir, 'paper-bot.sqlite'))).toBe(false);
      expect(bots[0]?.log()).toContain('"announcer":true');
      expect(bots[1]?.log()).toContain('"announcer":false');
    });

    it('a subscription taken by the machine that does not announce is honoured by the one that does, once', async () => {
      const subscribing = inSecondGuild('subscribe', [{ name: 'channel', type: 7, value: SECOND_GUILD_CHANNEL_ID }], {
        channels: { [SECOND_GUILD_CHANNEL_ID]: { id: SECOND_GUILD_CHANNEL_ID, type: 0, name: 'papers', permissions: '2248473465835073' } },
      });
      const [subscribed] = await discord.responsesOf(subscribing, 1, 15_000);
      // With SQLite this machine refused ("Subscriptions are kept by the machine … that posts announcements").
      expect(subscribed?.data?.content).toMatch(/^✅ Subscribed: /);
      expect((await database.stores.subscriptions.list()).map((s) => [s.guildId, s.channelId])).toEqual([[SECOND_GUILD_ID, SECOND_GUILD_CHANNEL_ID]]);

      await writeFile(
        path.join(dirs.digestDir, 'update.json'),
        JSON.stringify([{ paper: { id: '2611.00303', title: 'One Database', summary: 'Two machines, one state.', publishedAt: '2026-11-25T00:00:00Z' } }]),
      );
      await discord.waitFor(() => (discord.channelMessages.length >= 2 ? true : undefined), 20_000);
      await spawnedOutboxDrained(bots[0] as SpawnedBot);
      // ANNOUNCE_CHANNEL_ID in the first guild, and the channel the second machine subscribed: one post each.
      expect(discord.channelMessages.map((message) => message.channelId).sort()).toEqual([CHANNEL_ID, SECOND_GUILD_CHANNEL_ID].sort());
      for (const message of discord.channelMessages) expect(message.body.content).toMatch(/^📰 1 new paper · /);
    });

    it('a paper saved through one machine is listed by /saved on the other', async () => {
      const card = discord.slashCommand('paper', { title: '2402.08268' }).id;
      const shown = (await discord.finalMessage(card, 15_000)) as Message;
      const save = shown.components?.flatMap((row) => row.components).find((button) => button.label === 'Save')?.custom_id;
      expect(save).toBeDefined();
      const [saved] = await discord.responsesOf(discord.clickButton({ interaction: card }, save as string).id, 1, 15_000);
      expect(saved?.data?.content).toMatch(/^🔖 Saved \*\*.+\*\* \(1 in your list\)/);

      const listing = (await discord.finalMessage(inSecondGuild('saved'), 15_000)) as Message;
      expect(listing.content?.split('\n')[0]).toBe('🔖 **Your saved papers** · 1 · newest saved first');
      expect(listing.embeds?.map((embed) => embed.url)).toEqual(['https://huggingface.co/papers/2402.08268']);
    });
  },
);
