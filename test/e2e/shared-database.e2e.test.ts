import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botEnv, spawnBot, stopSpawned, tempBotDirs } from '../support/bot-harness.js';
import { CHANNEL_ID, FakeDiscord, GUILD_ID, MANAGE_GUILD_PERMISSIONS, SECOND_GUILD_CHANNEL_ID, SECOND_GUILD_ID, USER_ID } from '../support/fake-discord.js';
import { LEAD_CHECK_MS } from '../../src/announce/lead-loop.js';
import { CLAIM_LEASE_MS } from '../../src/announce/outbox-worker.js';
import { skipWithoutPostgres, usePostgresStores } from '../support/postgres-database.js';
import { postedChannels, spawnedOutboxDrained, type SpawnedBot } from '../support/work-done.js';

const TOKEN = 'e2e-shared-db-token.abcdefghijklmnopq';
/** The log line of a machine taking the lead of the new-paper pipeline. */
const LEADING = 'leading the new-paper pipeline';
/** The papers of a batch post: one embed each, linking to the paper. */
const papersOf = (message: { body: Record<string, unknown> }) => ((message.body.embeds ?? []) as { url: string }[]).map((embed) => embed.url);
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

describe.skipIf(skipWithoutPostgres('shared-database e2e'))(
  'beyond one machine on one PostgreSQL (DATABASE_URL): two processes, a range of shards each',
  { timeout: 180_000 },
  () => {
    let discord: FakeDiscord;
    /** Every message post the bots sent to a channel, whatever Discord answered. */
    const channelPosts = () => discord.requests.filter((request) => request.method === 'POST' && /^\/api\/v10\/channels\/\d+\/messages$/.test(request.path));
    const bots: SpawnedBot[] = [];
    /** Each machine's environment, to start it again after a kill. */
    const envs: Record<string, string>[] = [];
    /** Whether a machine's log says it posted to this channel. */
    const postedTo = (bot: SpawnedBot, channelId: string) => postedChannels(bot).includes(channelId);
    let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
    let secondData: Awaited<ReturnType<typeof tempBotDirs>>;
    /** A file dropped into both machines' digest folders, as an operator copies a file to each (the feed's days go through the database: shared-feed.e2e.test.ts). */
    const dropInEveryDigest = (name: string, text: string) =>
      Promise.all([dirs.digestDir, secondData.digestDir].map((folder) => writeFile(path.join(folder, name), text)));
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
      // One database; each machine has its own copy of the digest and its own DATA_DIR (for its
      // index cache only). Shard 0's machine runs shard 0, the other shard 1; either may lead.
      envs.push(botEnv(discord, TOKEN, dirs, { ...shared, DISCORD_SHARD_IDS: '0' }), botEnv(discord, TOKEN, secondData, { ...shared, DISCORD_SHARD_IDS: '1' }));
      for (const env of envs) bots.push(await spawnBot(discord, env));
    });

    afterAll(async () => {
      await stopSpawned(bots);
      await discord?.stop();
      await dirs?.remove();
      await secondData?.remove();
    });

    it('both machines open PostgreSQL, not SQLite in their DATA_DIR', () => {
      for (const bot of bots) expect(bot.log()).toContain('"msg":"database open"');
      for (const bot of bots) expect(bot.log()).toContain('"engine":"postgres"');
      for (const dataDir of [dirs.dataDir, secondData.dataDir]) expect(existsSync(path.join(dataDir, 'paper-bot.sqlite'))).toBe(false);
    });

    it('both may lead the new-paper pipeline, and exactly one does (the PostgreSQL advisory lock)', async () => {
      for (const bot of bots) expect(bot.log()).toContain('"announcer":true');
      await discord.waitFor(() => (bots.some((bot) => bot.log().includes(LEADING)) ? true : undefined), 15_000);
      expect(bots.filter((bot) => bot.log().includes(LEADING))).toHaveLength(1);
    });

    it('a subscription taken on shard 1’s machine is honoured once, posted by that machine (its guild is on its shard)', async () => {
      const subscribing = inSecondGuild('subscribe', [{ name: 'channel', type: 7, value: SECOND_GUILD_CHANNEL_ID }], {
        channels: { [SECOND_GUILD_CHANNEL_ID]: { id: SECOND_GUILD_CHANNEL_ID, type: 0, name: 'papers', permissions: '2248473465835073' } },
      });
      const [subscribed] = await discord.responsesOf(subscribing, 1, 15_000);
      // With SQLite this machine (shard 1's) refused ("Subscriptions are kept by the machine … that posts announcements").
      expect(subscribed?.data?.content).toMatch(/^✅ Subscribed: /);
      expect((await database.stores.subscriptions.list()).map((s) => [s.guildId, s.channelId])).toEqual([[SECOND_GUILD_ID, SECOND_GUILD_CHANNEL_ID]]);

      await dropInEveryDigest(
        'update.json',
        JSON.stringify([{ paper: { id: '2611.00303', title: 'One Database', summary: 'Two machines, one state.', publishedAt: '2026-11-25T00:00:00Z' } }]),
      );
      await discord.waitFor(() => (discord.channelMessages.length >= 2 ? true : undefined), 20_000);
      for (const bot of bots) await spawnedOutboxDrained(bot);
      // ANNOUNCE_CHANNEL_ID in the first guild, and the channel the second machine subscribed: one post each.
      expect(discord.channelMessages.map((message) => message.channelId).sort()).toEqual([CHANNEL_ID, SECOND_GUILD_CHANNEL_ID].sort());
      for (const message of discord.channelMessages) expect(message.body.content).toMatch(/^📰 1 new paper · /);
      // Each machine posts for the guilds on its shards; the announce channel, which no subscription names, is the leader's.
      const leader = bots.find((bot) => bot.log().includes(LEADING)) as SpawnedBot;
      expect(postedTo(bots[1] as SpawnedBot, SECOND_GUILD_CHANNEL_ID)).toBe(true);
      expect(postedTo(bots[0] as SpawnedBot, SECOND_GUILD_CHANNEL_ID)).toBe(false);
      expect(bots.flatMap((bot, machine) => (postedTo(bot, CHANNEL_ID) ? [machine] : []))).toEqual([bots.indexOf(leader)]);
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

    it('kill -9 of the leader mid-post, then started again: the other machine takes the lead and every paper reaches each channel exactly once', async () => {
      const leaderAt = bots.findIndex((bot) => bot.log().includes(LEADING));
      const leader = bots[leaderAt] as SpawnedBot;
      const survivor = bots.find((bot) => bot !== leader) as SpawnedBot;
      const before = discord.channelMessages.length;
      // 25 papers for two channels: three posts each (at most 10 papers a post).
      const ids = Array.from({ length: 25 }, (_, i) => `2611.${String(400 + i).padStart(5, '0')}`);
      // The leader dies inside its first post of these papers to the announce channel (the leader's alone): Discord has accepted
      // the post and not answered yet, so the leader never marks it sent.
      let killedAt = 0;
      discord.onChannelPostAccepted = (message) => {
        if (killedAt !== 0 || message.channelId !== CHANNEL_ID) return;
        leader.child.kill('SIGKILL');
        killedAt = Date.now();
      };
      const postsBefore = channelPosts().length;
      await dropInEveryDigest(
        'failover.json',
        JSON.stringify(ids.map((id, i) => ({ paper: { id, title: `Failover Paper ${i + 1}`, summary: 'Posted once.', publishedAt: '2026-11-26T00:00:00Z' } }))),
      );
      await discord.waitFor(() => (killedAt !== 0 ? true : undefined), 20_000);
      discord.onChannelPostAccepted = null;
      await discord.waitFor(() => (survivor.log().includes(LEADING) ? true : undefined), 30_000);
      const takeover = Date.now() - killedAt;
      // The killed machine is started again, as a supervisor would: the guilds on its shards are posted by it alone.
      const restarted = await spawnBot(discord, envs[leaderAt] as Record<string, string>);
      bots[leaderAt] = restarted;
      // The killed post's claim holds for CLAIM_LEASE_MS; then it is posted again.
      await discord.waitFor(() => (discord.channelMessages.length >= before + 6 ? true : undefined), CLAIM_LEASE_MS + 30_000);
      await spawnedOutboxDrained(survivor, CLAIM_LEASE_MS + 30_000);
      const done = Date.now() - killedAt;
      process.stderr.write(`failover: the surviving machine took the lead ${takeover} ms after kill -9 of the leader; every post made ${done} ms after it\n`);
      expect(leader.child.signalCode).toBe('SIGKILL');
      // Six posts, and one more request: the killed leader's unanswered post was posted again, under its nonce, and Discord
      // answered with the first message instead of a second one.
      expect(discord.channelMessages.length - before).toBe(6);
      expect(channelPosts().length - postsBefore).toBeGreaterThanOrEqual(7);

      // The lock is checked every 5 s (LEAD_CHECK_MS), and PostgreSQL frees it as the killed session's socket closes: one check, and a little.
      expect(takeover).toBeLessThan(LEAD_CHECK_MS + 3000);
      const posted = discord.channelMessages.slice(before);
      for (const channel of [CHANNEL_ID, SECOND_GUILD_CHANNEL_ID]) {
        const urls = posted.filter((message) => message.channelId === channel).flatMap(papersOf);
        // Each paper once in each channel: none lost with the leader, none posted twice (a batch in flight is posted again with its nonce, and Discord returns the first message).
        expect(urls.sort()).toEqual(ids.map((id) => `https://huggingface.co/papers/${id}`).sort());
      }
      expect(discord.rejections).toEqual([]);
    });
  },
);
