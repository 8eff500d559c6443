import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import type { RunningBot } from '../../src/start-bot.js';
import { SEED_BOT_HEALTH, botEnv, spawnBot, startTestBot, tempBotDirs } from '../support/bot-harness.js';
import { CHANNEL_ID, FakeDiscord, MANAGE_GUILD_PERMISSIONS } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { outboxDrained, spawnedOutboxDrained } from '../support/work-done.js';

const TOKEN = 'e2e-faults-token.abcdefghijklmnopqrstu';

describe('faults, through the real discord.js client', { timeout: 60_000 }, () => {
  let discord: FakeDiscord;
  let digestDir: string;
  let dataDir: string;
  let bot: RunningBot | undefined;
  let logs: ReturnType<typeof memoryLogger>;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeEach(async () => {
    discord = await new FakeDiscord().start();
    ({ digestDir, dataDir } = await tempBotDirs());
    logs = memoryLogger();
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await bot?.stop();
    bot = undefined;
    await discord.stop();
    await rm(digestDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}): Promise<RunningBot> {
    const running = await startTestBot(botEnv(discord, TOKEN, { digestDir, dataDir }, env), logs.log);
    bot = running;
    return running;
  }
  const health = async (port: number) => {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('reconnects after the gateway drops the connection (close 4000) and answers again', async () => {
    await start();
    discord.dropGateway(4000);
    await discord.waitFor(() => (discord.resumes > 0 || discord.identifies.length > 1 ? true : undefined), 20_000);
    const message = await discord.finalMessage(discord.slashCommand('latest', { count: 1 }).id, 10_000);
    expect((message.embeds as unknown[]).length).toBe(1);
    expect(unhandled).toEqual([]);
  });

  it('logs failing and slow interaction callbacks without crashing or leaving unhandled rejections', async () => {
    await start();
    discord.failCallbacks = { count: 10, status: 500 };
    const failed = discord.slashCommand('latest', { count: 1 });
    await discord.waitFor(() => (logs.lines().some((line) => line.msg === 'could not answer interaction') ? true : undefined), 20_000);
    discord.failCallbacks = { count: 0, status: 500 };
    discord.callbackDelayMs = 1500;
    const slow = await discord.finalMessage(discord.slashCommand('latest', { count: 1 }).id, 10_000);
    expect((slow.embeds as unknown[]).length).toBe(1);
    expect(discord.responses.has(failed.id)).toBe(false);
    expect(unhandled).toEqual([]);
    expect(bot?.discord.client.isReady()).toBe(true);
  });

  it('answers a burst of 100 concurrent /search interactions, each within 3 s', async () => {
    await start();
    const queries = ['kv cache', 'sparse attention', 'video', 'retrieval augmented generation', 'test-time training'];
    const ids = Array.from({ length: 100 }, (_, i) => discord.slashCommand('search', { query: queries[i % queries.length] as string }).id);
    await discord.waitFor(() => (ids.every((id) => discord.firstResponseAt.has(id)) ? true : undefined), 20_000);
    const latencies = ids.map((id) => (discord.firstResponseAt.get(id) as number) - (discord.dispatchedAt.get(id) as number));
    expect(Math.max(...latencies)).toBeLessThan(3000);
    for (const id of ids) expect([4, 5]).toContain(discord.responses.get(id)?.[0]?.type);
  });

  it('with an unreadable database: a clear error, commands still answered, announcements paused, health degraded', async () => {
    await rm(dataDir, { recursive: true, force: true });
    await writeFile(dataDir, 'not a directory'); // DATA_DIR is a file: SQLite cannot open it
    const running = await start({ HEALTH_PORT: '0' });
    expect(running.stores).toBeUndefined();
    expect(logs.lines().some((line) => line.level === 50 && String(line.msg).startsWith('cannot open the database'))).toBe(true);
    const latest = await discord.finalMessage(discord.slashCommand('latest', { count: 1 }).id);
    expect((latest.embeds as unknown[]).length).toBe(1);
    const [subscribe] = await discord.responsesOf(discord.slashCommand('subscribe', { channel: CHANNEL_ID }, { permissions: MANAGE_GUILD_PERMISSIONS }).id);
    expect(subscribe?.data?.content).toBe('⚠️ Announcements are not set up on this bot (its database is unavailable).');
    const report = await health(running.healthPort as number);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ status: 'degraded', database: 'unavailable', papers: 58 });
    await rm(dataDir, { force: true });
    dataDir = await mkdtemp(path.join(tmpdir(), 'data-'));
  });

  it('with the database locked by another process: commands still answered, the new paper announced once the lock is released', async () => {
    const running = await start();
    const locker = new Database(path.join(dataDir, 'paper-bot.sqlite'));
    locker.exec('BEGIN EXCLUSIVE');
    try {
      await writeFile(
        path.join(digestDir, 'update.json'),
        JSON.stringify([{ paper: { id: '2611.00501', title: 'Locked Zebrafish', summary: 'Waits for the lock.', publishedAt: '2026-11-27T00:00:00Z' } }]),
      );
      await discord.waitFor(
        () => (logs.lines().some((line) => line.msg === 'cannot record new papers in the database; announcements paused, retrying') ? true : undefined),
        10_000,
      );
      const latest = await discord.finalMessage(discord.slashCommand('latest', { count: 1 }).id);
      expect((latest.embeds as { title: string }[])[0]?.title).toBe('Locked Zebrafish'); // the index has it already
      expect(discord.channelMessages).toEqual([]);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    await discord.waitFor(() => (discord.channelMessages.length > 0 ? true : undefined), 10_000);
    await outboxDrained(running); // the retried paper is recorded as posted, and nothing is left to post
    expect(discord.channelMessages).toHaveLength(1);
    expect((await running.stores?.outbox.deliveries())?.map((delivery) => delivery.status)).toEqual(['sent']);
  });

  it('serves health: 200 with the details when ready, 503 once the gateway is gone', async () => {
    const running = await start({ HEALTH_PORT: '0' });
    await discord.waitFor(() => (running.discord.client.ws.ping >= -1 ? true : undefined));
    // HEALTH_PORT=0 picks a free port: the log says which.
    expect(logs.lines().find((line) => line.msg === 'health endpoint listening')).toMatchObject({
      port: running.healthPort,
      url: `http://127.0.0.1:${running.healthPort}/health`,
    });
    const ready = await health(running.healthPort as number);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject(SEED_BOT_HEALTH);
    await discord.stop();
    // Until the endpoint itself says the gateway is gone.
    const down = await vi.waitUntil(
      async () => {
        const report = await health(running.healthPort as number);
        return report.status === 503 ? report : null;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(down?.body.status).toBe('unhealthy');
    discord = await new FakeDiscord().start(); // for afterEach
  });

  it('SIGTERM during an announcement batch: the post in flight finishes, nothing is lost or repeated after restart', async () => {
    const env = botEnv(discord, TOKEN, { digestDir, dataDir }, { HEALTH_PORT: '0' });
    const run = () => spawnBot(discord, env);
    const first = await run();
    discord.channelPostDelayMs = 1500; // Discord is slow to answer this post
    discord.onChannelPostAccepted = () => void first.child.kill('SIGTERM');
    await writeFile(
      path.join(digestDir, 'update.json'),
      JSON.stringify([{ paper: { id: '2611.00401', title: 'Graceful Zebrafish', summary: 'Stops cleanly.', publishedAt: '2026-11-26T00:00:00Z' } }]),
    );
    const [code] = await once(first.child, 'exit');
    discord.onChannelPostAccepted = null;
    discord.channelPostDelayMs = 0;
    expect(code).toBe(0);
    expect(first.log()).toContain('announcement posted');

    const second = await run();
    await spawnedOutboxDrained(second); // started, and nothing left to post
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
    expect(discord.channelMessages).toHaveLength(1);
    const stores = openSqliteStores(dataDir);
    try {
      expect((await stores.outbox.deliveries()).map((delivery) => delivery.status)).toEqual(['sent']);
    } finally {
      await stores.close();
    }
  });
});
