import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { memoryReport } from '../../src/health/health-report.js';
import { startHealthServer } from '../../src/health/health-server.js';
import { startBot, type RunningBot } from '../../src/start-bot.js';
import { SEED_BOT_HEALTH, botEnv, tempBotDirs } from '../support/bot-harness.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';

const TOKEN = 'health-memory-token.abcdefghijklmnopqrstu';
const MB = 1024 * 1024;

const health = async (port: number) => {
  const response = await fetch(`http://127.0.0.1:${port}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('the memory in the health report, through the real bot and discord.js client', { timeout: 60_000 }, () => {
  let discord: FakeDiscord | undefined;
  let dirs: Awaited<ReturnType<typeof tempBotDirs>> | undefined;
  let bot: RunningBot | undefined;

  afterEach(async () => {
    await bot?.stop();
    await discord?.stop();
    await dirs?.remove();
    bot = discord = dirs = undefined;
  });

  /** The bot as `npm start` builds it, with RSS checked every 20 ms instead of 30 s. */
  async function start(env: Record<string, string>, log = memoryLogger().log): Promise<RunningBot> {
    discord = await new FakeDiscord().start();
    dirs = await tempBotDirs();
    const config = parseConfig(botEnv(discord, TOKEN, dirs, { HEALTH_PORT: '0', ...env }));
    bot = await startBot({ config: { ...config, discordToken: TOKEN }, log, memoryCheckMs: 20 });
    await bot.ready;
    return bot;
  }

  it('reports RSS, the heaps of the main thread and the library worker, and no limit when MEMORY_LIMIT_MB is unset; the other fields as before', async () => {
    const running = await start({});
    const report = await health(running.healthPort as number);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject(SEED_BOT_HEALTH);
    const memory = report.body.memory as Record<string, number | null> & { worker: Record<string, number> | null };
    expect(Object.keys(memory).sort()).toEqual(['heapTotalMb', 'heapUsedMb', 'limitMb', 'overLimit', 'rssMb', 'worker']);
    expect(memory).toMatchObject({ limitMb: null, overLimit: null });
    // This process runs the test, the bot and its worker: far more than 20 MB, far less than 20 GB.
    expect(memory.rssMb).toBeGreaterThan(20);
    expect(memory.rssMb).toBeLessThan(20_000);
    expect(memory.heapUsedMb).toBeGreaterThan(0);
    expect(memory.heapUsedMb).toBeLessThanOrEqual(memory.heapTotalMb as number);
    expect(memory.heapTotalMb).toBeLessThan(memory.rssMb as number);
    // The worker's heap came with its last status: nobody asked it for the probe.
    expect(memory.worker).not.toBeNull();
    expect(memory.worker?.heapUsedMb).toBeGreaterThan(0);
    expect(memory.worker?.heapUsedMb).toBeLessThanOrEqual(memory.worker?.heapTotalMb as number);
    expect(memory.worker?.heapTotalMb).toBeLessThan(memory.rssMb as number);
    expect(memory.worker?.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(memory.worker?.ageSeconds).toBeLessThan(60);
  });

  it('with MEMORY_LIMIT_MB under the RSS: the limit in the report, status still ok, and one warning naming the RSS, the limit and the papers', async () => {
    const logs = memoryLogger();
    const running = await start({ MEMORY_LIMIT_MB: '1' }, logs.log);
    const overLimit = () => logs.lines().filter((line) => line.level === 40 && String(line.msg).startsWith('memory over MEMORY_LIMIT_MB'));
    const [warning] = await (discord as FakeDiscord).waitFor(() => (overLimit().length > 0 ? overLimit() : undefined));
    // The first check may come while the digest still loads: the papers are those indexed then.
    expect(warning).toMatchObject({ limitMb: 1, papers: expect.any(Number), loading: expect.any(Boolean) });
    expect(warning?.rssMb).toBeGreaterThan(1);
    expect(String(warning?.msg)).toContain(`RSS ${(warning?.rssMb as number).toLocaleString('en-US')} MB, limit 1 MB, `);
    expect(String(warning?.msg)).toContain('raise MEMORY_LIMIT_MB');

    const report = await health(running.healthPort as number);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ status: 'ok', memory: { limitMb: 1, overLimit: true } });
    // Checks every 20 ms since start, one spell over the limit: still one warning.
    expect(overLimit()).toHaveLength(1);
  });
});

describe('memoryReport, served by the health endpoint', () => {
  it('gives whole MB and the age of the worker figure, and says whether RSS is over the limit', async () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    const usage = { rss: 1700.4 * MB, heapUsed: 41.6 * MB, heapTotal: 64 * MB };
    const workerHeap = { usedBytes: 512.5 * MB, totalBytes: 600 * MB, at: now - 12_400 };
    let report = memoryReport(usage, workerHeap, 1536, now);
    const server = await startHealthServer(0, () => ({ status: 'ok', memory: report }));
    try {
      expect((await health(server.port)).body).toEqual({
        status: 'ok',
        memory: { rssMb: 1700, heapUsedMb: 42, heapTotalMb: 64, worker: { heapUsedMb: 513, heapTotalMb: 600, ageSeconds: 12 }, limitMb: 1536, overLimit: true },
      });
      report = memoryReport(usage, undefined, 2048, now);
      expect((await health(server.port)).body.memory).toMatchObject({ worker: null, limitMb: 2048, overLimit: false });
      report = memoryReport(usage, workerHeap, undefined, now);
      expect((await health(server.port)).body.memory).toMatchObject({ limitMb: null, overLimit: null });
    } finally {
      await server.close();
    }
  });
});
