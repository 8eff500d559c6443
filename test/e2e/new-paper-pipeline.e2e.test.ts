import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { startBot, type RunningBot } from '../../src/start-bot.js';
import { botEnv, tempBotDirs } from '../support/bot-harness.js';
import { CHANNEL_ID, FakeDiscord } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { logged, outboxDrained } from '../support/work-done.js';

const TOKEN = 'e2e-pipeline-token.abcdefghijklmnopqrs';
const NEW_PAPER = JSON.stringify([
  {
    paper: {
      id: '2611.00201',
      title: 'Lantern Attention for Streaming Inputs',
      summary: 'We study lantern attention over streams.',
      upvotes: 1,
      publishedAt: '2026-11-21T00:00:00.000Z',
      authors: [{ name: 'A' }],
    },
  },
]);

/**
 * The new-paper pipeline as start-bot wires it (src/wire-new-papers.ts): who announces, and
 * how soon. The outbox here polls only every 10 minutes, so a post within seconds shows that
 * queuing a paper wakes it.
 */
describe('the new-paper pipeline', () => {
  let discord: FakeDiscord;
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
  let bot: RunningBot | undefined;
  const logs = memoryLogger();

  beforeEach(async () => {
    discord = await new FakeDiscord().start();
    dirs = await tempBotDirs();
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await discord.stop();
    await dirs.remove();
  });

  const start = async (env: Record<string, string> = {}) => {
    const config = parseConfig(botEnv(discord, TOKEN, dirs, env));
    bot = await startBot({ config: { ...config, discordToken: TOKEN }, log: logs.log, outbox: { pollMs: 600_000 }, worker: { watchDebounceMs: 100 } });
    await bot.ready;
    return bot;
  };

  it('posts a new paper at once: queuing it wakes an outbox that would otherwise wait ten minutes', async () => {
    const running = await start();
    await outboxDrained(running); // the first start queues nothing
    await writeFile(path.join(dirs.digestDir, 'update.json'), NEW_PAPER);
    const post = await discord.waitFor(() => discord.channelMessages.find((message) => message.channelId === CHANNEL_ID), 10_000);
    expect(JSON.stringify(post.body)).toContain('Lantern Attention for Streaming Inputs');
  });

  it('records and announces nothing in a process that does not announce (ANNOUNCER=false)', async () => {
    await start({ ANNOUNCER: 'false' });
    await writeFile(path.join(dirs.digestDir, 'update.json'), NEW_PAPER);
    // The worker read the file and reported the paper as added; an announcing process would
    // now know every paper of the digest (the first start records them all).
    await logged(logs, (line) => line.msg === 'digest updated' && line.source === 'file update.json');
    const stores = openSqliteStores(dirs.dataDir);
    try {
      expect(await stores.known.count()).toBe(0);
      expect(await stores.outbox.deliveries()).toEqual([]);
    } finally {
      await stores.close();
    }
    expect(discord.channelMessages).toEqual([]);
  });
});
