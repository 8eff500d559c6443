import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botEnv, spawnBot, tempBotDirs } from '../support/bot-harness.js';
import { FakeDiscord, GUILD_ID, SECOND_GUILD_ID } from '../support/fake-discord.js';
import { hasRealDigest, REAL_DIGEST_DIR, skipReasonUnlessRealDigest } from '../support/real-digest.js';
import { healthUntil, type SpawnedBot } from '../support/work-done.js';

skipReasonUnlessRealDigest();
const TOKEN = 'e2e-real-feed-token.abcdefghijklmnopq';
const DAYS = 4;

interface FeedItem {
  paper: { id: string; title: string };
}

/**
 * Real Hugging Face days replayed as a feed: a local server answers each poll with the next
 * day of ../shared/real-digest/feed-days (with its ETag; 304 once it has served them all).
 */
function startFeed(days: string[]): Promise<{ server: Server; url: string; served: () => number }> {
  let next = 0;
  const server = createServer((req, res) => {
    const day = days[Math.min(next, days.length - 1)] as string;
    const etag = `"${day}"`;
    if (req.headers['if-none-match'] === etag && next >= days.length) {
      res.writeHead(304, { etag }).end();
      return;
    }
    next = Math.min(next + 1, days.length);
    res.writeHead(200, { 'content-type': 'application/json', etag }).end(readFileSync(path.join(REAL_DIGEST_DIR, 'feed-days', day)));
  });
  server.listen(0, '127.0.0.1');
  return once(server, 'listening').then(() => ({
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/daily_papers`,
    served: () => next,
  }));
}

describe.skipIf(!hasRealDigest)(
  'a living digest fed by real Hugging Face days, through the real discord.js client',
  { timeout: 120_000, shuffle: false },
  () => {
    // In order: the days arrive, then the bot restarts on what they left.
    const days = hasRealDigest ? readdirSync(path.join(REAL_DIGEST_DIR, 'feed-days')).sort().slice(0, DAYS) : [];
    const papersOf = (day: string) => JSON.parse(readFileSync(path.join(REAL_DIGEST_DIR, 'feed-days', day), 'utf8')) as FeedItem[];
    const expected = new Set(days.flatMap((day) => papersOf(day).map((item) => item.paper.id)));
    let discord: FakeDiscord;
    let feed: Awaited<ReturnType<typeof startFeed>>;
    let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
    let bot: { child: ChildProcess; log: () => string } | undefined;
    /** Resolves once a feed poll that ended at `since` or later found nothing new (304) and the outbox has nothing left to post. */
    const quietSince = (since: number) =>
      healthUntil(
        bot as SpawnedBot,
        ({ feed: { lastPoll }, outbox }) => lastPoll?.status === 304 && Date.parse(lastPoll.at) >= since && outbox.backlog === 0,
        20_000,
      );

    const announced = () =>
      discord.channelMessages.flatMap((message) =>
        ((message.body.embeds as { url?: string }[] | undefined) ?? []).flatMap((embed) =>
          embed.url?.match(/\/papers\/(\d{4}\.\d{5})$/)?.[1] ? [embed.url.slice(-10)] : [],
        ),
      );
    const stop = async () => {
      if (bot?.child.exitCode === null) {
        bot.child.kill('SIGTERM');
        await once(bot.child, 'exit');
      }
    };

    beforeAll(async () => {
      discord = await new FakeDiscord({ shardCount: 2, guilds: [GUILD_ID, SECOND_GUILD_ID] }).start();
      feed = await startFeed(days);
      dirs = await tempBotDirs();
    });
    afterAll(async () => {
      await stop();
      feed?.server.closeAllConnections();
      feed?.server.close();
      await discord?.stop();
      await dirs?.remove();
    });

    it(`announces every paper of ${DAYS} real days exactly once, written into the digest folder as they came`, async () => {
      expect(expected.size).toBeGreaterThan(0); // real days with papers, or the waits below prove nothing
      bot = await spawnBot(discord, botEnv(discord, TOKEN, dirs, { FEED_URL: feed.url, FEED_INTERVAL: '1s', LOG_LEVEL: 'info', HEALTH_PORT: '0' }));
      await discord.waitFor(() => (new Set(announced()).size >= expected.size ? true : undefined), 60_000);
      await quietSince(Date.now()); // another poll: a 304, nothing new
      expect(announced().sort()).toEqual([...expected].sort());
      expect(feed.served()).toBe(DAYS);
      expect(readdirSync(path.join(dirs.digestDir, 'feed')).sort()).toEqual(days);
      expect(discord.rejections).toEqual([]);
    });

    it('after a restart, with the feed answering 304, the papers of the first day are found by /search and /paper, in both shards', async () => {
      await stop();
      const before = discord.channelMessages.length;
      const restarted = Date.now();
      bot = await spawnBot(
        discord,
        botEnv(discord, TOKEN, dirs, { FEED_URL: feed.url, FEED_INTERVAL: '1s', DISCORD_SHARD_COUNT: '2', LOG_LEVEL: 'info', HEALTH_PORT: '0' }),
      );
      const firstDay = papersOf(days[0] as string).slice(0, 8);
      expect(firstDay).toHaveLength(8);
      for (const [index, item] of firstDay.entries()) {
        // Alternate the two shards' guilds: one index serves both.
        const guild = index % 2 === 0 ? GUILD_ID : SECOND_GUILD_ID;
        const search = await discord.finalMessage(
          discord.interact({
            guild_id: guild,
            type: 2,
            data: { id: '1', name: 'search', type: 1, options: [{ name: 'query', type: 3, value: item.paper.title.slice(0, 200) }] },
          }).id,
          15_000,
        );
        expect((search.embeds as { url: string }[])[0]?.url, item.paper.title).toBe(`https://huggingface.co/papers/${item.paper.id}`);
        const card = await discord.finalMessage(
          discord.interact({ guild_id: guild, type: 2, data: { id: '2', name: 'paper', type: 1, options: [{ name: 'title', type: 3, value: item.paper.id }] } })
            .id,
          15_000,
        );
        expect((card.embeds as { url: string }[])[0]?.url).toBe(`https://huggingface.co/papers/${item.paper.id}`);
      }
      await quietSince(restarted); // the restarted bot polled, found nothing new, and has nothing to post
      expect(discord.channelMessages.length).toBe(before); // nothing announced twice
      expect(discord.rejections).toEqual([]);
    });
  },
);
