import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS } from '../../src/announce/outbox-worker.js';
import { shardOfGuild } from '../../src/store/outbox-store.js';
import { botEnv, spawnBot, stopSpawned, tempBotDirs } from '../support/bot-harness.js';
import { channelOfGuild, FakeDiscord, GUILD_ID, USER_ID, type ChannelMessage } from '../support/fake-discord.js';
import { startDailyPapersFeed } from '../support/daily-papers-feed.js';
import { skipWithoutPostgres, usePostgresStores } from '../support/postgres-database.js';
import { postedChannels, spawnedOutboxDrained, type SpawnedBot } from '../support/work-done.js';

const TOKEN = 'e2e-three-machines-token.abcdefghijk';
const SHARDS = 6;
/** Machine m runs shards 2m and 2m + 1. */
const SHARD_IDS = ['0,1', '2,3', '4,5'];
const PAPERS = 200;
/** Ten guilds besides the first, one subscribed channel each: guild k is GUILD_ID + k << 22, so on shard (GUILD_ID >> 22) + k mod 6. */
const GUILDS = Array.from({ length: 10 }, (_, k) => String(BigInt(GUILD_ID) + BigInt(k + 1) * 4_194_304n));
const CHANNELS = GUILDS.map(channelOfGuild);
const LEADING = 'leading the new-paper pipeline';
const ids = Array.from({ length: PAPERS }, (_, i) => `2611.${String(1000 + i).padStart(5, '0')}`);
const urlOf = (id: string) => `https://huggingface.co/papers/${id}`;
/** The machine that serves a channel's guild: the one running its shard. */
const machineOf = (channelId: string) => Math.floor(shardOfGuild(GUILDS[CHANNELS.indexOf(channelId)] as string, SHARDS) / 2);

/** The papers the feed lists until `release()`. */
const HELD = 100;
/**
 * A daily_papers feed whose one listing day grows from the moment it is published: 20 more
 * papers a second, up to HELD papers until `release()`, then up to PAPERS; each response
 * with its own ETag.
 */
async function startFeed(): Promise<{ server: Server; url: string; publish: () => void; release: () => void }> {
  let publishedAt = 0;
  let cap = HELD;
  const listing = () => {
    const count = publishedAt === 0 ? 0 : Math.min(cap, 20 * (1 + Math.floor((Date.now() - publishedAt) / 1000)));
    return ids.slice(0, count).map((id, i) => ({
      paper: { id, title: `Three Machines Paper ${i + 1}`, summary: 'Announced once in every subscribed channel.', publishedAt: '2026-11-27T00:00:00Z' },
    }));
  };
  return { ...(await startDailyPapersFeed(listing)), publish: () => (publishedAt = Date.now()), release: () => (cap = PAPERS) };
}

describe.skipIf(skipWithoutPostgres('three-machines e2e'))(
  'three machines, six shards, one PostgreSQL: 200 feed papers to 10 guilds, two machines killed mid-run',
  { timeout: 300_000 },
  () => {
    let discord: FakeDiscord;
    let feed: Awaited<ReturnType<typeof startFeed>>;
    const bots: SpawnedBot[] = [];
    /** The processes killed, by machine: their logs still say what they posted. */
    const killed: { machine: number; bot: SpawnedBot }[] = [];
    const envs: Record<string, string>[] = [];
    const dirs: Awaited<ReturnType<typeof tempBotDirs>>[] = [];
    const database = usePostgresStores('all');
    /** The papers each accepted message holds, per channel (a repost under a known nonce creates no message). */
    const papersIn = (channelId: string) =>
      discord.channelMessages
        .filter((message) => message.channelId === channelId)
        .flatMap((message) => ((message.body.embeds ?? []) as { url: string }[]).map((embed) => embed.url));

    beforeAll(async () => {
      discord = await new FakeDiscord({ shardCount: SHARDS, guilds: [GUILD_ID, ...GUILDS] }).start();
      feed = await startFeed();
      for (const [machine, shards] of SHARD_IDS.entries()) {
        dirs.push(await tempBotDirs());
        envs.push(
          botEnv(discord, TOKEN, dirs[machine] as Awaited<ReturnType<typeof tempBotDirs>>, {
            DISCORD_SHARD_COUNT: String(SHARDS),
            DISCORD_SHARD_IDS: shards,
            DATABASE_URL: database.url,
            FEED_URL: feed.url,
            FEED_INTERVAL: '1s',
            ANNOUNCE_CHANNEL_ID: '',
            LOG_LEVEL: 'info',
            HEALTH_PORT: '0',
          }),
        );
      }
      for (const env of envs) bots.push(await spawnBot(discord, env));
      for (const [k, guildId] of GUILDS.entries()) {
        await database.stores.subscriptions.add({ guildId, channelId: CHANNELS[k] as string, topicId: null, keywords: null, createdBy: USER_ID });
      }
    });

    afterAll(async () => {
      await stopSpawned(bots);
      await discord?.stop();
      feed?.server.close();
      for (const folder of dirs) await folder.remove();
    });

    it('every paper reaches every subscribed channel exactly once, each posted by the machine of its guild', async () => {
      // The ten guilds spread over all three machines.
      expect(new Set(CHANNELS.map(machineOf))).toEqual(new Set([0, 1, 2]));
      await discord.waitFor(() => (bots.some((bot) => bot.log().includes(LEADING)) ? true : undefined), 20_000);
      const firstLeader = bots.findIndex((bot) => bot.log().includes(LEADING));

      // Kill 1: the leader, as the 30th post is accepted (mid-run: papers are still arriving; the feed holds its last 100
      // until the killed machine is back). Kill 2: then the first post of a machine other than that one after the feed lets
      // the rest go: that machine, inside that post (Discord accepted it and has not answered).
      const kills: { machine: number; at: number; posts: number }[] = [];
      let accepted = 0;
      let restartedFirst = false;
      discord.onChannelPostAccepted = (message: ChannelMessage) => {
        if (!CHANNELS.includes(message.channelId)) return;
        accepted++;
        if (kills.length === 0 && accepted >= 30) {
          kills.push({ machine: firstLeader, at: Date.now(), posts: accepted });
          (bots[firstLeader] as SpawnedBot).child.kill('SIGKILL');
        } else if (kills.length === 1 && restartedFirst && machineOf(message.channelId) !== firstLeader) {
          const machine = machineOf(message.channelId);
          kills.push({ machine, at: Date.now(), posts: accepted });
          (bots[machine] as SpawnedBot).child.kill('SIGKILL');
        }
      };
      feed.publish();

      await discord.waitFor(() => (kills.length >= 1 ? true : undefined), 60_000);
      // A supervisor starts a killed machine again; the guilds on its shards are posted by it alone.
      killed.push({ machine: firstLeader, bot: bots[firstLeader] as SpawnedBot });
      bots[firstLeader] = await spawnBot(discord, envs[firstLeader] as Record<string, string>);
      restartedFirst = true;
      feed.release();
      // One of the other two takes the lead (the restarted machine follows: the lock is held).
      await discord.waitFor(() => (bots.some((bot, machine) => machine !== firstLeader && bot.log().includes(LEADING)) ? true : undefined), 30_000);
      const takeover = Date.now() - (kills[0] as { at: number }).at;
      expect(bots.filter((bot, machine) => machine !== firstLeader && bot.log().includes(LEADING))).toHaveLength(1);

      await discord.waitFor(() => (kills.length >= 2 ? true : undefined), 60_000);
      const second = kills[1] as { machine: number };
      killed.push({ machine: second.machine, bot: bots[second.machine] as SpawnedBot });
      bots[second.machine] = await spawnBot(discord, envs[second.machine] as Record<string, string>);
      discord.onChannelPostAccepted = null;

      // Everything arrives: each killed machine's post in flight after its claim's lease.
      await discord.waitFor(() => (CHANNELS.every((channel) => papersIn(channel).length >= PAPERS) ? true : undefined), CLAIM_LEASE_MS + 90_000);
      for (const bot of bots) await spawnedOutboxDrained(bot, CLAIM_LEASE_MS + 30_000);
      const done = Date.now() - (kills[0] as { at: number }).at;
      process.stderr.write(
        `three machines: ${PAPERS} papers × ${CHANNELS.length} channels in ${discord.channelMessages.length} posts; ` +
          `kills at posts ${kills.map((kill) => `${kill.posts} (machine ${kill.machine})`).join(', ')}; new leader ${takeover} ms after the first; ` +
          `all delivered ${done} ms after it\n`,
      );
      for (const channel of CHANNELS) {
        // Exactly once: every paper, none twice.
        expect(papersIn(channel).sort()).toEqual(ids.map(urlOf).sort());
      }
      // And no batch was posted by two machines at once: a batch's nonce reached Discord once, or twice for a post in flight
      // when its machine was killed (sent again after its lease). Without the lease, another claim could post it meanwhile.
      const postsPerNonce = new Map<string, number>();
      for (const request of discord.requests) {
        const nonce = (request.body as { nonce?: string } | null)?.nonce;
        if (request.method === 'POST' && /^\/api\/v10\/channels\/\d+\/messages$/.test(request.path) && nonce)
          postsPerNonce.set(nonce, (postsPerNonce.get(nonce) ?? 0) + 1);
      }
      expect(Math.max(...postsPerNonce.values())).toBeLessThanOrEqual(2);
      expect([...postsPerNonce.values()].filter((posts) => posts === 2).length).toBeLessThanOrEqual(kills.length);
      // Each channel's posts came from the machine that runs its guild's shard: every process, the killed ones included.
      for (const { machine, bot } of [...bots.map((bot, machine) => ({ machine, bot })), ...killed]) {
        for (const channel of postedChannels(bot)) expect(machineOf(channel)).toBe(machine);
      }
      expect(discord.rejections).toEqual([]);
    });

    it('a paper saved through one machine is listed by /saved on another (the killed machines back)', async () => {
      type Message = { content?: string; embeds?: { url?: string }[]; components?: { components: { custom_id?: string; label?: string }[] }[] };
      const onA = CHANNELS[0] as string;
      const onC = CHANNELS.find((channel) => machineOf(channel) !== machineOf(onA) && machineOf(channel) !== (machineOf(onA) + 1) % 3) as string;
      expect(new Set([machineOf(onA), machineOf(onC)]).size).toBe(2);
      const card = discord.slashCommand('paper', { title: '2402.08268' }, { channelId: onA }).id;
      const shown = (await discord.finalMessage(card, 15_000)) as Message;
      const save = shown.components?.flatMap((row) => row.components).find((button) => button.label === 'Save')?.custom_id;
      expect(save).toBeDefined();
      const [saved] = await discord.responsesOf(discord.clickButton({ interaction: card }, save as string).id, 1, 15_000);
      expect(saved?.data?.content).toMatch(/^🔖 Saved \*\*.+\*\* \(1 in your list\)/);
      const listing = (await discord.finalMessage(discord.slashCommand('saved', {}, { channelId: onC }).id, 15_000)) as Message;
      expect(listing.content?.split('\n')[0]).toBe('🔖 **Your saved papers** · 1 · newest saved first');
      expect(listing.embeds?.map((embed) => embed.url)).toEqual(['https://huggingface.co/papers/2402.08268']);
    });
  },
);
