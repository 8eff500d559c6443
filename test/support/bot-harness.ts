import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';
import { commands } from '../../commands/index.js';
import { parseConfig } from '../../src/config.js';
import type { RouterDeps } from '../../src/discord/router.js';
import { startDiscord, type DiscordBot } from '../../src/discord/start-discord.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import { memoryQueryMemo } from '../../src/interactions/query-memo.js';
import { commandRegistrationFiles } from '../../src/store/files/command-registration-files.js';
import type { Logger } from '../../src/log.js';
import { startBot, type RunningBot } from '../../src/start-bot.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import type { WorkerInit } from '../../src/worker/protocol.js';
import { CHANNEL_ID, FakeDiscord, GUILD_ID, type FakeDiscordOptions } from './fake-discord.js';
import { SEEDS_DIR, startLibraryWorker } from './seed-library.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** A digest folder holding a copy of the seed, and an empty data folder; `remove` deletes both. */
export async function tempBotDirs(): Promise<{ digestDir: string; dataDir: string; remove: () => Promise<void> }> {
  const digestDir = await mkdtemp(path.join(tmpdir(), 'digest-'));
  const dataDir = await mkdtemp(path.join(tmpdir(), 'data-'));
  for (const file of ['hf-daily-papers-long-context.txt', 'arxiv-ids.tsv']) await copyFile(path.join(SEEDS_DIR, file), path.join(digestDir, file));
  return {
    digestDir,
    dataDir,
    remove: async () => {
      await rm(digestDir, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const NO_BUDGETS = { BUDGET_USER: '0', BUDGET_GUILD: '0', BUDGET_AUTOCOMPLETE_USER: '0', BUDGET_AUTOCOMPLETE_GUILD: '0' };

/** The health report of a bot ready on one shard with the seed digest, an empty outbox and its database (GET /health). */
export const SEED_BOT_HEALTH = {
  status: 'ok',
  gateway: { status: 'ready', shards: { 0: 'ready' } },
  papers: 58,
  database: 'ok',
  outbox: { backlog: 0, halted: null },
  digest: { state: 'ready', indexed: 58, total: 58, newestPaper: '2026-06-09' },
} as const;

/** A bot environment with the BUDGET_* settings at their defaults, as `npm start` has them. */
export function withBudgets(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !(key in NO_BUDGETS)));
}

/** The environment of a bot pointed at the fake Discord, posting announcements in CHANNEL_ID. */
export function botEnv(
  discord: FakeDiscord,
  token: string,
  dirs: { digestDir: string; dataDir: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DISCORD_TOKEN: token,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: GUILD_ID,
    DIGEST_DIR: dirs.digestDir,
    DATA_DIR: dirs.dataDir,
    ANNOUNCE_CHANNEL_ID: CHANNEL_ID,
    // Tests of other features send many interactions from one member at once; the budgets
    // are tested at their production defaults by test/e2e/budgets.e2e.test.ts (withBudgets).
    ...NO_BUDGETS,
    ...extra,
  };
}

/** For one describe block: a fake Discord and the bot exactly as `npm start` builds it on a copy of the seed (startBot given only the configuration and `log`, BUDGET_* at their defaults); started before the tests, stopped after. */
export function useProductionBot(token: string, log: Logger): { readonly discord: FakeDiscord; readonly bot: RunningBot } {
  const state = {} as { discord: FakeDiscord; dirs: Awaited<ReturnType<typeof tempBotDirs>>; bot: RunningBot };
  beforeAll(async () => {
    state.discord = await new FakeDiscord().start();
    state.dirs = await tempBotDirs();
    const config = parseConfig(withBudgets(botEnv(state.discord, token, state.dirs)));
    state.bot = await startBot({ config: { ...config, discordToken: token }, log });
    await state.bot.ready;
  });
  afterAll(async () => {
    await state.bot?.stop();
    await state.discord?.stop();
    await state.dirs?.remove();
  });
  return state;
}

/** Starts the whole bot in this process, with short outbox and watcher timings, and (unless told not to) waits until it is ready. */
export async function startTestBot(
  env: Record<string, string>,
  log: Logger,
  options: { waitUntilReady?: boolean; worker?: Partial<WorkerInit>; unfurl?: { timeoutMs?: number } } = {},
): Promise<RunningBot> {
  const config = parseConfig(env);
  const bot = await startBot({
    config: { ...config, discordToken: config.discordToken as string },
    log,
    outbox: { pollMs: 100, retryBaseMs: 50 },
    worker: { watchDebounceMs: 100, ...options.worker },
    ...(options.unfurl ? { unfurl: options.unfurl } : {}),
  });
  if (options.waitUntilReady !== false) await bot.ready;
  return bot;
}

/** Runs an entry point from its TypeScript source (as `npm run dev` does; `npm start` runs the same code compiled, see test/build/), in a child process, and waits until it is ready (logged in, digest loaded, announcements running). */
export async function spawnBot(
  discord: FakeDiscord,
  env: Record<string, string>,
  entry = 'src/main.ts',
  readyLine = /"msg":"bot ready"/,
): Promise<{ child: ChildProcess; log: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ENV_FILE: 'none', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk) => (log += String(chunk)));
  await discord.waitFor(() => (readyLine.test(log) ? true : undefined), 60_000);
  return { child, log: () => log };
}

/** Stops spawned bots still running: SIGTERM, up to 10 s for each to exit, then SIGKILL (for afterAll). */
export async function stopSpawned(bots: readonly { child: ChildProcess }[]): Promise<void> {
  for (const { child } of bots) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGTERM');
    await Promise.race([once(child, 'exit'), sleep(10_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/**
 * Starts only the Discord side (client, router, registration) against the fake server, on a
 * library worker the test owns: for tests of commands through the real discord.js client.
 */
export function startTestDiscord(
  discord: FakeDiscord,
  token: string,
  library: LibraryClient,
  options: { registry?: CommandRegistry; log: Logger; router?: Partial<RouterDeps>; dataDir?: string },
): DiscordBot {
  return startDiscord({
    config: { ...parseConfig({ DISCORD_TOKEN: token, DISCORD_API_URL: discord.apiUrl, DISCORD_GUILD_ID: GUILD_ID }), discordToken: token },
    ...(options.dataDir ? { registration: commandRegistrationFiles(options.dataDir, options.log) } : {}),
    router: {
      registry: options.registry ?? new CommandRegistry(commands),
      library,
      log: options.log,
      queryMemo: memoryQueryMemo(),
      ...options.router,
    },
  });
}

/** For one describe block: a fake Discord (`options.discord`, then `options.arrange` before the bot connects), a library worker on the seed and startTestDiscord on them with `options.router()`; started before the tests, stopped after. */
export function useTestDiscord(
  token: string,
  options: { log: Logger; router: () => Partial<RouterDeps>; discord?: FakeDiscordOptions; arrange?: (discord: FakeDiscord) => void },
): { readonly discord: FakeDiscord; readonly bot: DiscordBot } {
  const state = {} as { discord: FakeDiscord; library: LibraryClient; bot: DiscordBot };
  beforeAll(async () => {
    state.discord = await new FakeDiscord(options.discord).start();
    options.arrange?.(state.discord);
    state.library = await startLibraryWorker();
    state.bot = startTestDiscord(state.discord, token, state.library, { log: options.log, router: options.router() });
    await state.bot.ready;
  });
  afterAll(async () => {
    await state.bot?.stop();
    await state.library?.stop();
    await state.discord?.stop();
  });
  return state;
}
