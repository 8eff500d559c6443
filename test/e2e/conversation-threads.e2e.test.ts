import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import type { RunningBot } from '../../src/start-bot.js';
import { botEnv, spawnBot, startTestBot, tempBotDirs } from '../support/bot-harness.js';
import { CHANNEL_ID, FakeDiscord, GUILD_ID, MANAGE_GUILD_PERMISSIONS, OTHER_CHANNEL_ID } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { logged, outboxDrained } from '../support/work-done.js';

const TOKEN = 'e2e-threads-token.abcdefghijklmnopqrstu';
const LONG_TITLE = 'Zebrafish Attention for Hyperlong Contexts: Scaling Sparse Retrieval Heads to Ten Million Tokens on a Single Accelerator Node';

function dailyPapers(...papers: { id: string; title: string; day: string }[]): string {
  return JSON.stringify(
    papers.map((p) => ({
      paper: { id: p.id, title: p.title, summary: `About ${p.title}.`, upvotes: 1, publishedAt: `${p.day}T00:00:00.000Z`, authors: [{ name: 'A' }] },
    })),
  );
}
const ZEBRAFISH = { id: '2611.00101', title: LONG_TITLE, day: '2026-11-21' };
const PAGED = { id: '2611.00102', title: 'Paged KV Caches for Agents', day: '2026-11-20' };

describe('a thread per announced paper, through the real discord.js client', () => {
  let discord: FakeDiscord;
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
  let bots: RunningBot[];
  let logs: ReturnType<typeof memoryLogger>;

  beforeEach(async () => {
    discord = await new FakeDiscord().start();
    dirs = await tempBotDirs();
    bots = [];
    logs = memoryLogger();
  });
  afterEach(async () => {
    for (const bot of bots) await bot.stop();
    await discord.stop();
    await dirs.remove();
  });

  async function start(): Promise<RunningBot> {
    const bot = await startTestBot(botEnv(discord, TOKEN, dirs), logs.log);
    bots.push(bot);
    return bot;
  }
  const postsIn = (channel: string) => discord.channelMessages.filter((message) => message.channelId === channel);
  const subscribeWithThreads = async (threads: string) => {
    const [answer] = await discord.responsesOf(
      discord.slashCommand('subscribe', { channel: OTHER_CHANNEL_ID, threads }, { permissions: MANAGE_GUILD_PERMISSIONS }).id,
    );
    return answer?.data?.content;
  };

  it('posts each paper in a threads channel as its own message with a thread named after it; other channels get one batch', async () => {
    const bot = await start();
    expect(await subscribeWithThreads('true')).toBe(
      `✅ Subscribed: <#${OTHER_CHANNEL_ID}> · every new paper · a thread per paper. New papers will be posted there.`,
    );
    await writeFile(path.join(dirs.digestDir, 'update.json'), dailyPapers(ZEBRAFISH, PAGED));
    await discord.waitFor(() => (discord.threads.length === 2 && postsIn(CHANNEL_ID).length === 1 ? true : undefined));
    await outboxDrained(bot); // every batch sent: nothing more will be posted

    const threaded = postsIn(OTHER_CHANNEL_ID);
    // Oldest first, one paper per message, each with its Save button.
    expect(threaded.map((m) => [(m.body.embeds as { title: string }[]).map((e) => e.title), m.body.content])).toEqual([
      [['Paged KV Caches for Agents'], expect.stringMatching(/^📰 New paper · [A-Z][a-z]{2} \d{1,2} · discuss it in the thread$/)],
      [[LONG_TITLE], expect.stringMatching(/^📰 New paper · /)],
    ]);
    expect((threaded[0]?.body.components as { components: { custom_id: string }[] }[])[0]?.components.map((b) => b.custom_id)).toEqual([
      'saved:save:2611.00102',
    ]);
    expect(discord.threads).toEqual([
      { id: threaded[0]?.id, parentId: OTHER_CHANNEL_ID, messageId: threaded[0]?.id, name: 'Paged KV Caches for Agents', autoArchiveDuration: 10080 },
      {
        id: threaded[1]?.id,
        parentId: OTHER_CHANNEL_ID,
        messageId: threaded[1]?.id,
        // Cut at a word to Discord's 100 characters.
        name: 'Zebrafish Attention for Hyperlong Contexts: Scaling Sparse Retrieval Heads to Ten Million Tokens on…',
        autoArchiveDuration: 10080,
      },
    ]);
    // The announce channel has no threads subscription: both papers in one message, a Save button each.
    const [batch] = postsIn(CHANNEL_ID);
    expect(batch?.body.content).toMatch(/^📰 2 new papers · /);
    expect((batch?.body.components as { components: { label: string }[] }[])[0]?.components.map((b) => b.label)).toEqual(['Save 1', 'Save 2']);
    expect(discord.rejections).toEqual([]);

    // Subscribing again without threads turns them off, and says so.
    expect(await subscribeWithThreads('false')).toBe(`✅ Changed: <#${OTHER_CHANNEL_ID}> · every new paper. New papers will be posted there.`);
  });

  it('without permission to open threads, still announces every paper and says why once for the channel', async () => {
    const bot = await start();
    discord.threadsForbiddenIn.add(OTHER_CHANNEL_ID);
    await subscribeWithThreads('true');
    await writeFile(path.join(dirs.digestDir, 'update.json'), dailyPapers(ZEBRAFISH, PAGED));
    await discord.waitFor(() => (postsIn(OTHER_CHANNEL_ID).length === 2 ? true : undefined));
    await outboxDrained(bot);

    expect(postsIn(OTHER_CHANNEL_ID)).toHaveLength(2);
    expect(discord.threads).toEqual([]);
    const warnings = logs.lines().filter((line) => line.msg === 'cannot open threads in this channel: papers are announced there without threads');
    expect(warnings.map((line) => [line.channel, line.reason])).toEqual([[OTHER_CHANNEL_ID, '403 50013: Missing Permissions']]);
    expect((await bot.stores?.outbox.deliveries())?.filter((d) => d.channelId === OTHER_CHANNEL_ID).map((d) => d.status)).toEqual(['sent', 'sent']);
    // Discord refused the two threads and nothing else.
    expect(discord.rejections.map((r) => [r.method, r.status, r.code])).toEqual([
      ['POST', 403, 50013],
      ['POST', 403, 50013],
    ]);
  });

  /** A bot in a child process whose only channel is the threads channel, and what a kill -9 left. */
  async function threadsOnlyBot(): Promise<Record<string, string>> {
    const stores = openSqliteStores(dirs.dataDir);
    await stores.subscriptions.add({ guildId: GUILD_ID, channelId: OTHER_CHANNEL_ID, topicId: null, keywords: null, createdBy: 'test', threads: true });
    await stores.close();
    // No announce channel: only the threads channel gets posts.
    return botEnv(discord, TOKEN, dirs, { LOG_LEVEL: 'info', ANNOUNCE_CHANNEL_ID: '' });
  }
  const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? true : undefined);
  async function restartUntilThreaded(env: Record<string, string>): Promise<void> {
    const second = await spawnBot(discord, env);
    await discord.waitFor(() => (discord.threads.length > 0 ? true : undefined), 15_000);
    await logged(second, (line) => line.msg === 'announcement posted'); // the batch is recorded as sent: nothing is left to post
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
  }
  async function expectOneSentDelivery(): Promise<void> {
    const after = openSqliteStores(dirs.dataDir);
    try {
      expect((await after.outbox.deliveries()).map((d) => [d.paperKey, d.channelId, d.status])).toEqual([['2611.00102', OTHER_CHANNEL_ID, 'sent']]);
    } finally {
      await after.close();
    }
  }

  it(
    'after kill -9 right after Discord accepted the message (its id not yet saved), the repost with the same nonce returns it: one message, one thread',
    { timeout: 60_000 },
    async () => {
      const env = await threadsOnlyBot();
      const first = await spawnBot(discord, env);
      discord.onChannelPostAccepted = async () => {
        // Discord has the message; the bot has neither its id nor a thread.
        first.child.kill('SIGKILL');
        await once(first.child, 'exit');
      };
      await writeFile(path.join(dirs.digestDir, 'update.json'), dailyPapers(PAGED));
      await discord.waitFor(() => exited(first.child), 15_000);
      discord.onChannelPostAccepted = null;
      expect(discord.channelMessages).toHaveLength(1);
      expect(discord.threads).toHaveLength(0);

      await restartUntilThreaded(env);
      // The nonce path: the restart posted again, and Discord answered with the message it had.
      expect(discord.channelPostAttempts).toBe(2);
      expect(discord.channelMessages).toHaveLength(1);
      expect(discord.threads).toEqual([
        expect.objectContaining({ messageId: discord.channelMessages[0]?.id, parentId: OTHER_CHANNEL_ID, name: 'Paged KV Caches for Agents' }),
      ]);
      expect(discord.rejections).toEqual([]);
      await expectOneSentDelivery();
    },
  );

  it(
    'after kill -9 once the message id was saved, as the thread is asked for, the restart only opens the thread: the message is never posted again',
    { timeout: 60_000 },
    async () => {
      const env = await threadsOnlyBot();
      const first = await spawnBot(discord, env);
      const asked: string[] = [];
      discord.onThreadStartArrived = async (_channel, messageId) => {
        asked.push(messageId);
        // The bot has saved the message id (it asks for the thread on it); it dies before Discord opens the thread.
        first.child.kill('SIGKILL');
        await once(first.child, 'exit');
        discord.failThreadStarts = { count: 1, status: 503 };
      };
      await writeFile(path.join(dirs.digestDir, 'update.json'), dailyPapers(PAGED));
      await discord.waitFor(() => exited(first.child), 15_000);
      discord.onThreadStartArrived = null;
      expect(discord.channelMessages).toHaveLength(1);
      expect(discord.threads).toHaveLength(0);

      await restartUntilThreaded(env);
      // The saved-progress path: one post in all, not even a repost with the nonce; the thread is on that message.
      expect(discord.channelPostAttempts).toBe(1);
      expect(asked).toEqual([discord.channelMessages[0]?.id]);
      expect(discord.threads).toEqual([expect.objectContaining({ messageId: discord.channelMessages[0]?.id, name: 'Paged KV Caches for Agents' })]);
      expect(discord.rejections).toEqual([]);
      await expectOneSentDelivery();
    },
  );
});
