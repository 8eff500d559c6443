import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import type { RunningBot } from '../../src/start-bot.js';
import { botEnv, spawnBot, startTestBot, tempBotDirs } from '../support/bot-harness.js';
import { CHANNEL_ID, FakeDiscord, GUILD_ID, MANAGE_GUILD_PERMISSIONS, MISSING_CHANNEL_ID, OTHER_CHANNEL_ID } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { logged, logMark, outboxDrained } from '../support/work-done.js';

const TOKEN = 'e2e-announce-token.abcdefghijklmnopqr';

/** A daily_papers export with new papers; `zebrafish` marks the one a keyword subscription wants. */
function dailyPapers(...papers: { id: string; title: string; summary: string; day: string }[]): string {
  return JSON.stringify(
    papers.map((p) => ({
      paper: { id: p.id, title: p.title, summary: p.summary, upvotes: 1, publishedAt: `${p.day}T00:00:00.000Z`, authors: [{ name: 'A' }] },
    })),
  );
}
const ZEBRAFISH = {
  id: '2611.00101',
  title: 'Zebrafish Attention for Hyperlong Contexts',
  summary: 'We study zebrafish attention over long inputs.',
  day: '2026-11-21',
};
const PAGED = { id: '2611.00102v2', title: 'Paged KV Caches for Agents', summary: 'Paging the KV cache of long-running agents.', day: '2026-11-20' };

describe('new-paper announcements through the real discord.js client', () => {
  let discord: FakeDiscord;
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
  let digestDir: string;
  let dataDir: string;
  let bots: RunningBot[];
  let logs: ReturnType<typeof memoryLogger>;

  beforeEach(async () => {
    discord = await new FakeDiscord().start();
    dirs = await tempBotDirs();
    ({ digestDir, dataDir } = dirs);
    bots = [];
    logs = memoryLogger();
  });
  afterEach(async () => {
    for (const bot of bots) await bot.stop();
    await discord.stop();
    await dirs.remove();
  });

  async function start(env: Record<string, string> = {}): Promise<RunningBot> {
    const bot = await startTestBot(botEnv(discord, TOKEN, dirs, env), logs.log);
    bots.push(bot);
    return bot;
  }
  const postsIn = (channel: string) => discord.channelMessages.filter((message) => message.channelId === channel);
  /** The worker's line for a read of a digest file: every paper it added is reported to the announcer right after. */
  const fileRead = (name: string) => (line: Record<string, unknown>) => line.msg === 'digest updated' && line.source === `file ${name}`;
  /** The announcer's line for papers it queued, and where they came from. */
  const queued = (source: string) => (line: Record<string, unknown>) => line.msg === 'new papers queued for announcement' && line.source === source;

  it('posts nothing on the first start, announces a dropped file once, and nothing again after a restart', async () => {
    const first = await start();
    await outboxDrained(first); // the first start queued nothing
    expect(discord.channelMessages).toEqual([]);

    await writeFile(path.join(digestDir, 'update.json'), dailyPapers(ZEBRAFISH, PAGED));
    const [post] = await discord.waitFor(() => (postsIn(CHANNEL_ID).length > 0 ? postsIn(CHANNEL_ID) : undefined));
    expect(post?.body.content).toMatch(/^📰 2 new papers · [A-Z][a-z]{2} \d{1,2}$/);
    // Oldest first; the versioned id is announced without its version.
    expect((post?.body.embeds as { title: string; url: string }[]).map((embed) => embed.url)).toEqual([
      'https://huggingface.co/papers/2611.00102',
      'https://huggingface.co/papers/2611.00101',
    ]);
    expect(post?.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(post?.body.nonce).toMatch(/^b[0-9a-f]{16}$/);
    // The live index has the papers at once.
    const found = await first.library.api.searchPage({ query: 'zebrafish', sort: 'relevance', since: null, page: 1, pageSize: 5 });
    expect(found.page.items.map((hit) => hit.paper.key)).toEqual(['2611.00101']);

    await first.stop();
    const second = await start();
    const touched = logMark(logs);
    await writeFile(path.join(digestDir, 'update.json'), dailyPapers(ZEBRAFISH, { ...PAGED, id: '2611.00102v3' })); // touched again, same papers
    await logged(logs, fileRead('update.json'), { from: touched }); // the restarted bot read it again
    await outboxDrained(second);
    expect(discord.channelMessages).toHaveLength(1);
  });

  it('announces papers a restarted library worker found in the folder, though no watcher reported them', async () => {
    // Without a watcher nothing reports the new file: only the comparison after the worker's restart can.
    const bot = await startTestBot(botEnv(discord, TOKEN, dirs), logs.log, { worker: { watch: false } });
    bots.push(bot);
    await writeFile(path.join(digestDir, 'update.json'), dailyPapers(ZEBRAFISH));
    await outboxDrained(bot);
    expect(postsIn(CHANNEL_ID)).toHaveLength(0);
    await bot.library.restart();
    await discord.waitFor(() => (postsIn(CHANNEL_ID).length > 0 ? true : undefined), 10_000);
    await outboxDrained(bot);
    expect((postsIn(CHANNEL_ID)[0]?.body.embeds as { url: string }[]).map((embed) => embed.url)).toEqual(['https://huggingface.co/papers/2611.00101']);
    expect(postsIn(CHANNEL_ID)).toHaveLength(1);
    // Queued by the comparison after the restart, and by nothing before it.
    expect(
      logs
        .lines()
        .filter((line) => line.msg === 'new papers queued for announcement')
        .map((line) => line.source),
    ).toEqual(['digest at start']);
  });

  it('still delivers, once, when the first three channel posts answer 500', async () => {
    const bot = await start();
    discord.failChannelPosts = { count: 3, status: 500 };
    await writeFile(path.join(digestDir, 'update.json'), dailyPapers(ZEBRAFISH));
    await discord.waitFor(() => (postsIn(CHANNEL_ID).length > 0 ? true : undefined), 15_000);
    await outboxDrained(bot);
    expect(discord.channelPostAttempts).toBeGreaterThanOrEqual(4);
    expect(postsIn(CHANNEL_ID)).toHaveLength(1);
  });

  it('parks an announcement Discord rejects as an invalid form after one attempt, logging the errors Discord gave', async () => {
    const bot = await start();
    discord.failChannelPosts = {
      count: 1,
      status: 400,
      body: {
        code: 50035,
        message: 'Invalid Form Body',
        errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }] } } } },
      },
    };
    await writeFile(path.join(digestDir, 'update.json'), dailyPapers(ZEBRAFISH));
    await expect
      .poll(async () => (await bot.stores?.outbox.deliveries())?.some((delivery) => delivery.status === 'parked'), { timeout: 10_000, interval: 20 })
      .toBe(true);
    await outboxDrained(bot);
    // Before, a 400 was retried with backoff: 5 posts in 20 s. Now one attempt, parked with Discord's errors.
    expect(discord.channelPostAttempts).toBe(1);
    expect(await bot.stores?.outbox.backlog()).toBe(0);
    const parked = logs.lines().find((line) => line.msg === 'announcement parked: Discord will not accept it');
    expect(String(parked?.reason)).toContain('400 50035: Invalid Form Body');
    expect(String(parked?.reason)).toContain('BASE_TYPE_MAX_LENGTH');
  });

  it('stops the outbox on a rejected token (401) and says so loudly: nothing more is attempted', async () => {
    const bot = await start();
    discord.failChannelPosts = { count: 100, status: 401, body: { message: '401: Unauthorized', code: 0 } };
    await writeFile(path.join(digestDir, 'update.json'), dailyPapers(ZEBRAFISH));
    await discord.waitFor(() => (bot.outbox?.halted ? true : undefined), 10_000);
    await logged(logs, (line) => line.msg === 'outbox stopped'); // its loop has ended: nothing can post until a restart
    await writeFile(path.join(digestDir, 'more.json'), dailyPapers(PAGED));
    await logged(logs, queued('file more.json')); // queued, and the outbox woken
    expect(discord.channelPostAttempts).toBe(1);
    expect(await bot.stores?.outbox.backlog()).toBe(2); // kept: a restart with a good token posts them
    expect(logs.lines().some((line) => line.level === 60 && String(line.msg).startsWith('Discord rejected the bot token'))).toBe(true);
  });

  it('sends a keyword subscription only the papers that match, and parks a channel that is gone', async () => {
    const bot = await start();
    const denied = await discord.responsesOf(discord.slashCommand('subscribe', { channel: OTHER_CHANNEL_ID, keywords: 'zebrafish' }).id);
    expect(denied[0]?.data?.content).toBe('⚠️ You need the Manage Server permission to change subscriptions.');
    const [subscribed] = await discord.responsesOf(
      discord.slashCommand('subscribe', { channel: OTHER_CHANNEL_ID, keywords: 'zebrafish' }, { permissions: MANAGE_GUILD_PERMISSIONS }).id,
    );
    expect(subscribed?.data?.content).toBe(`✅ Subscribed: <#${OTHER_CHANNEL_ID}> · keywords **zebrafish**. New papers will be posted there.`);
    await bot.stores?.subscriptions.add({ guildId: GUILD_ID, channelId: MISSING_CHANNEL_ID, topicId: null, keywords: null, createdBy: 'test' });
    const [listed] = await discord.responsesOf(discord.slashCommand('subscriptions', {}, { permissions: MANAGE_GUILD_PERMISSIONS }).id);
    expect(listed?.data?.content).toContain(`\`#1\` <#${OTHER_CHANNEL_ID}> · keywords **zebrafish**`);

    await writeFile(path.join(digestDir, 'update.json'), dailyPapers(ZEBRAFISH, PAGED));
    await discord.waitFor(() => (postsIn(OTHER_CHANNEL_ID).length > 0 && postsIn(CHANNEL_ID).length > 0 ? true : undefined));
    await outboxDrained(bot);
    expect((postsIn(OTHER_CHANNEL_ID)[0]?.body.embeds as { title: string }[]).map((embed) => embed.title)).toEqual([
      'Zebrafish Attention for Hyperlong Contexts',
    ]);
    expect((postsIn(CHANNEL_ID)[0]?.body.embeds as unknown[]).length).toBe(2);
    expect((await bot.stores?.outbox.deliveries())?.filter((delivery) => delivery.channelId === MISSING_CHANNEL_ID).map((delivery) => delivery.status)).toEqual(
      ['parked', 'parked'],
    );
    expect(logs.lines().some((line) => line.msg === 'announcement parked: Discord will not accept it' && String(line.reason).includes('404'))).toBe(true);
  });

  it('announces papers from the feed, served by a local HTTP server', async () => {
    const feed: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(dailyPapers(PAGED)));
    feed.listen(0, '127.0.0.1');
    await once(feed, 'listening');
    try {
      const bot = await start({ FEED_URL: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/api/daily_papers`, FEED_INTERVAL: '1s' });
      const [post] = await discord.waitFor(() => (postsIn(CHANNEL_ID).length > 0 ? postsIn(CHANNEL_ID) : undefined));
      expect(post?.body.content).toMatch(/^📰 1 new paper · /);
      // A second poll of the same feed, finished (its day written and ingested again), announces nothing more.
      await logged(logs, (line) => line.msg === 'feed day saved and ingested', { nth: 2 });
      await outboxDrained(bot);
      expect(discord.channelMessages).toHaveLength(1);
    } finally {
      feed.closeAllConnections();
      feed.close();
    }
  });

  it('neither duplicates nor loses a post when the process is killed -9 right after Discord accepted it', { timeout: 60_000 }, async () => {
    const env = botEnv(discord, TOKEN, dirs, { LOG_LEVEL: 'info' });
    const run = () => spawnBot(discord, env);

    const first = await run();
    discord.onChannelPostAccepted = async () => {
      // Discord has the message; the bot has not recorded it yet.
      first.child.kill('SIGKILL');
      await once(first.child, 'exit');
    };
    await writeFile(path.join(digestDir, 'update.json'), dailyPapers(ZEBRAFISH, PAGED));
    await discord.waitFor(() => (first.child.exitCode !== null || first.child.signalCode !== null ? true : undefined), 15_000);
    discord.onChannelPostAccepted = null;
    expect(discord.channelMessages).toHaveLength(1);
    const attemptsBefore = discord.channelPostAttempts;

    const second = await run();
    // The restarted bot resumes the pending batch with the same nonce; Discord answers with the same message.
    await discord.waitFor(() => (discord.channelPostAttempts > attemptsBefore ? true : undefined), 15_000);
    await logged(second, (line) => line.msg === 'announcement posted'); // recorded as sent: nothing is left to post
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');

    expect(discord.channelMessages).toHaveLength(1);
    const stores = openSqliteStores(dataDir);
    try {
      expect((await stores.outbox.deliveries()).map((delivery) => [delivery.paperKey, delivery.status])).toEqual([
        ['2611.00101', 'sent'],
        ['2611.00102', 'sent'],
      ]);
    } finally {
      await stores.close();
    }
  });
});
