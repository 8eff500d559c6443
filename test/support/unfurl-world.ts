import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import type { RunningBot } from '../../src/start-bot.js';
import { botEnv, startTestBot, tempBotDirs } from './bot-harness.js';
import { FakeDiscord } from './fake-discord.js';
import { closeServer, listenOnLoopback } from './loopback-server.js';
import { memoryLogger } from './memory-log.js';

/** Hugging Face's record of a paper the seed digest does not have. */
export const ON_HF = {
  id: '2611.00042',
  title: 'Zebrafish Attention for Hyperlong Contexts',
  summary: 'We study zebrafish attention over long inputs.',
  publishedAt: '2026-11-20T00:00:00.000Z',
  upvotes: 7,
  authors: [{ _id: 'a', name: 'Ada Lovelace', hidden: false }],
};

/** A local Hugging Face, counting requests: ON_HF (2611.00042) found, 2611.00077 answered after 2 s, everything else 404. */
export async function startHuggingFace(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === `/api/papers/${ON_HF.id}`) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ON_HF));
    else if (request.url === '/api/papers/2611.00077') setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 2000);
    else response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Paper not found"}');
  });
  return { server, url: await listenOnLoopback(server), requests };
}

/** What useUnfurlWorld gives a describe block, filled in by its beforeAll: read it inside tests and hooks. */
export interface UnfurlWorld {
  discord: FakeDiscord;
  hf: Awaited<ReturnType<typeof startHuggingFace>>;
  dirs: Awaited<ReturnType<typeof tempBotDirs>>;
  bot: RunningBot;
  logs: ReturnType<typeof memoryLogger>;
}

/** For one describe block: a fake Discord, a local Hugging Face (startHuggingFace) and the whole bot (startTestBot) on both with `env`, logging into memory at `logLevel`; started before the tests, stopped after. */
export function useUnfurlWorld(token: string, env: Record<string, string>, options: { logLevel: string; unfurl?: { timeoutMs?: number } }): UnfurlWorld {
  const world = {} as UnfurlWorld;
  beforeAll(async () => {
    world.discord = await new FakeDiscord().start();
    world.hf = await startHuggingFace();
    world.dirs = await tempBotDirs();
    world.logs = memoryLogger(options.logLevel);
    world.bot = await startTestBot(
      botEnv(world.discord, token, world.dirs, { HF_API_URL: world.hf.url, ...env }),
      world.logs.log,
      options.unfurl ? { unfurl: options.unfurl } : {},
    );
  });
  afterAll(async () => {
    await world.bot?.stop();
    await world.discord?.stop();
    if (world.hf) await closeServer(world.hf.server);
    await world.dirs?.remove();
  });
  return world;
}
