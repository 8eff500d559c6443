import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { digestKey } from '../../src/digest-posts/plan-digests.js';
import type { RunningBot } from '../../src/start-bot.js';
import { formatPostTime, latestDuePeriod, periodLabel, type DigestPeriod } from '../../src/time/digest-period.js';
import { botEnv, spawnBot, startTestBot, tempBotDirs } from '../support/bot-harness.js';
import { CHANNEL_ID, type ChannelMessage, FakeDiscord, GUILD_ID, MANAGE_GUILD_PERMISSIONS, OTHER_CHANNEL_ID } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { pngSize } from '../support/png-chart.js';
import { logged, logMark, outboxDrained } from '../support/work-done.js';

const TOKEN = 'e2e-digest-token.abcdefghijklmnopqrstu';
const SKIPPED = 'digest skipped: its post time passed more than a day ago (the bot was not running)';

/**
 * "At post time" without a fake clock in the bot: DIGEST_POST_TIME is set two minutes before
 * now (UTC), so the daily digest of the day before is due, 2 minutes late, the moment the bot
 * starts. The test works out the same period with the same function.
 */
function postTimeJustPassed(): { postTime: string; period: DigestPeriod } {
  const now = new Date();
  const minutes = (now.getUTCHours() * 60 + now.getUTCMinutes() - 2 + 1440) % 1440;
  return { postTime: formatPostTime(minutes), period: latestDuePeriod('daily', now, minutes) };
}

interface FeedPaper {
  id: string;
  title: string;
  upvotes: number;
  /** Days between the arXiv date and the listing: real papers are listed one to weeks later, never the same day. */
  lag: number;
}

/** A daily_papers answer: the papers listed on `day` (`submittedOnDailyAt`, at midnight as Hugging Face does), published `lag` days before. */
function dailyPapers(day: string, papers: readonly FeedPaper[]): string {
  const published = (lag: number) => new Date(Date.parse(`${day}T00:00:00Z`) - lag * 86_400_000).toISOString();
  return JSON.stringify(
    papers.map((p) => ({
      paper: {
        id: p.id,
        title: p.title,
        summary: `About ${p.title}.`,
        upvotes: p.upvotes,
        publishedAt: published(p.lag),
        submittedOnDailyAt: `${day}T00:00:00.000Z`,
        authors: [{ name: 'A' }],
      },
      publishedAt: published(p.lag),
    })),
  );
}
const PAPERS: FeedPaper[] = [
  { id: '2611.00201', title: 'Quiet Paper on Sparse Attention', upvotes: 3, lag: 1 },
  { id: '2611.00202', title: 'Popular Paper on KV Caches', upvotes: 8, lag: 2 },
  { id: '2611.00203', title: 'Middling Paper on Long Context', upvotes: 5, lag: 6 },
];

describe('scheduled digests through the real discord.js client', () => {
  let discord: FakeDiscord;
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
  let bots: RunningBot[];
  let logs: ReturnType<typeof memoryLogger>;
  let due: ReturnType<typeof postTimeJustPassed>;

  beforeEach(async () => {
    discord = await new FakeDiscord().start();
    dirs = await tempBotDirs();
    bots = [];
    logs = memoryLogger();
    due = postTimeJustPassed();
    // The day's papers are in the digest before the first start (so they are not announced as new).
    await writeFile(path.join(dirs.digestDir, 'recent.json'), dailyPapers(due.period.start, PAPERS));
    // A daily top-2 digest subscription, made three days ago: yesterday's digest is due now.
    const stores = openSqliteStores(dirs.dataDir);
    await stores.subscriptions.add(
      { guildId: GUILD_ID, channelId: OTHER_CHANNEL_ID, topicId: null, keywords: null, createdBy: 'test', schedule: 'daily', top: 2 },
      new Date(Date.now() - 3 * 86_400_000),
    );
    await stores.close();
  });
  afterEach(async () => {
    for (const bot of bots) await bot.stop();
    await discord.stop();
    await dirs.remove();
  });

  const digestPosts = () => discord.channelMessages.filter((message) => message.channelId === OTHER_CHANNEL_ID);
  const start = async (env: Record<string, string>) => {
    const bot = await startTestBot(botEnv(discord, TOKEN, dirs, { DIGEST_POST_TIME: due.postTime, ...env }), logs.log);
    bots.push(bot);
    return bot;
  };
  const titles = (post: ChannelMessage | undefined) => (post?.body.embeds as { title: string }[]).map((embed) => embed.title);

  it('fetches the day again for current upvotes, posts one digest with its chart, and nothing more after a restart', { timeout: 60_000 }, async () => {
    const asked: string[] = [];
    // Since the listing, the quiet paper became the most upvoted, and a fourth paper joined the
    // day's listing: only the refresh brings it in, so it is in the digest, never announced.
    const current = [
      ...PAPERS.map((p) => (p.id === '2611.00201' ? { ...p, upvotes: 20 } : p)),
      { id: '2611.00204', title: 'Late Paper on Retrieval', upvotes: 1, lag: 3 },
    ];
    const feed: Server = createServer((req, res) => {
      const date = new URL(req.url ?? '/', 'http://x').searchParams.get('date');
      asked.push(date ?? 'latest');
      res.writeHead(200, { 'content-type': 'application/json' }).end(date === due.period.start ? dailyPapers(due.period.start, current) : '[]');
    });
    feed.listen(0, '127.0.0.1');
    await once(feed, 'listening');
    try {
      const env = { FEED_URL: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/api/daily_papers`, FEED_INTERVAL: '1h' };
      const bot = await start(env);
      const [post] = await discord.waitFor(() => (digestPosts().length > 0 ? digestPosts() : undefined), 30_000);
      expect(asked).toContain(due.period.start);

      // Ranked by the refetched counts (20, 8), with no stale-count note.
      expect(post?.body.content).toBe(`🗓️ Top 2 papers · ${periodLabel(due.period)} · all papers\n2 of 4 papers published this day, most upvoted first.`);
      expect(titles(post)).toEqual(['[1] Quiet Paper on Sparse Attention', '[2] Popular Paper on KV Caches']);
      expect(post?.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
      expect(post?.body.nonce).toMatch(/^b[0-9a-f]{16}$/);
      // The chart went up as multipart files[0], a PNG 800 px wide, with alt text naming the day's papers.
      expect(post?.files.map((file) => [file.field, file.name, file.contentType])).toEqual([['files[0]', `digest-${due.period.start}.png`, 'image/png']]);
      expect(pngSize(post?.files[0]?.bytes as Buffer)?.width).toBe(800);
      const attachments = discord.store.get(post?.id as string)?.message.attachments as { description: string }[];
      expect(attachments[0]?.description).toMatch(new RegExp(`^All papers · ${periodLabel(due.period)}: 4 papers`));
      // The day before was due too (the subscription is three days old) but its post time passed over a day ago.
      expect(
        logs
          .lines()
          .filter((line) => line.msg === SKIPPED)
          .map((line) => line.schedule),
      ).toEqual(['daily']);

      const [listed] = await discord.responsesOf(discord.slashCommand('subscriptions', {}, { permissions: MANAGE_GUILD_PERMISSIONS }).id);
      expect(listed?.data?.content).toContain(`\`#1\` <#${OTHER_CHANNEL_ID}> · all papers · daily top 2`);

      await bot.stop();
      const restarted = logMark(logs);
      const again = await start(env);
      // The feed poller's first poll finished, and the scheduler's first look, started just
      // before it and needing no request when nothing is due, ended before the poll's request
      // went out; the outbox has nothing to post. (A look that wrongly found the digest due
      // again would fetch after this poll and could post after this check: the scheduler logs
      // no "look done" line to wait for.)
      await logged(logs, (line) => String(line.msg).startsWith('no papers listed yet for'), { from: restarted });
      await outboxDrained(again);
      expect(digestPosts()).toHaveLength(1);
      // The paper only the refresh brought in was recorded as known before its day was written: ANNOUNCE_CHANNEL_ID got nothing.
      expect(discord.channelMessages.filter((message) => message.channelId === CHANNEL_ID)).toEqual([]);
      expect(logs.lines().filter((line) => line.msg === SKIPPED)).toHaveLength(1); // recorded, not logged again
      expect(discord.rejections).toEqual([]);
    } finally {
      feed.closeAllConnections();
      feed.close();
    }
  });

  it(
    'posts exactly once when killed -9 right after Discord accepted the digest, and says the counts may be stale without a feed',
    { timeout: 120_000 },
    async () => {
      const env = botEnv(discord, TOKEN, dirs, { DIGEST_POST_TIME: due.postTime, LOG_LEVEL: 'info' });
      const first = await spawnBot(discord, env);
      discord.onChannelPostAccepted = async (message) => {
        if (message.channelId !== OTHER_CHANNEL_ID) return;
        // Discord has the digest; the bot has not recorded it as sent.
        first.child.kill('SIGKILL');
        await once(first.child, 'exit');
      };
      await discord.waitFor(() => (first.child.signalCode === 'SIGKILL' ? true : undefined), 30_000);
      discord.onChannelPostAccepted = null;
      expect(digestPosts()).toHaveLength(1);
      const attemptsBefore = discord.channelPostAttempts;

      const second = await spawnBot(discord, env);
      // The restarted bot finds the digest queued (not prepared again) and reposts it with the same nonce: Discord answers with the same message.
      await discord.waitFor(() => (discord.channelPostAttempts > attemptsBefore ? true : undefined), 30_000);
      await logged(second, (line) => line.msg === 'announcement posted'); // recorded as sent: nothing is left to post
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');

      expect(digestPosts()).toHaveLength(1);
      const [post] = digestPosts();
      // Without a feed the ranking uses the listing's counts (8, 5), read on the day itself.
      expect(titles(post)).toEqual(['[1] Popular Paper on KV Caches', '[2] Middling Paper on Long Context']);
      expect(post?.body.content).toMatch(/\n_Upvote counts as of [A-Z][a-z]{2} \d{1,2}, \d{4}; they may have grown since\._$/);
      expect(post?.files).toHaveLength(1);
      const stores = openSqliteStores(dirs.dataDir);
      try {
        expect(await stores.outbox.hasBatch(digestKey(1, due.period))).toBe(true);
        expect(await stores.outbox.dueBatches(Number.MAX_SAFE_INTEGER)).toEqual([]); // recorded as sent
      } finally {
        await stores.close();
      }
      expect(discord.rejections).toEqual([]);
    },
  );
});
