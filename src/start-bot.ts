import path from 'node:path';
import { commands } from '../commands/index.js';
import { AnnouncementStore } from './announce/announcement-store.js';
import { createNewPaperPipeline } from './announce/new-paper-pipeline.js';
import type { OutboxWorker } from './announce/outbox-worker.js';
import { memoryQueryMemo } from './announce/query-memo.js';
import type { Config } from './config.js';
import type { RouterDeps } from './discord/router.js';
import { startDiscord, type DiscordBot } from './discord/start-discord.js';
import { linkUnfurler } from './discord/unfurl-links.js';
import { healthReport } from './health/health-report.js';
import { startHealthServer } from './health/health-server.js';
import { CommandRegistry } from './interactions/command-registry.js';
import { Cooldowns } from './interactions/cooldowns.js';
import { createAnswerWriter } from './llm/write-answer.js';
import type { Logger } from './log.js';
import { LibraryClient } from './worker/library-client.js';
import type { WorkerInit } from './worker/protocol.js';

export interface RunningBot {
  library: LibraryClient;
  discord: DiscordBot;
  /** Undefined when the database could not be opened: commands still work, announcements pause. */
  store: AnnouncementStore | undefined;
  outbox: OutboxWorker | undefined;
  /** The port GET /health listens on, when HEALTH_PORT is set. */
  healthPort: number | undefined;
  /** Resolves when logged in, commands registered, the digest loaded and pending announcements resumed. */
  ready: Promise<void>;
  /** Stops taking new work, lets the post in flight finish, stops the library, closes the database. */
  stop(): Promise<void>;
}

interface StartBotOptions {
  config: Config & { discordToken: string };
  log: Logger;
  registry?: CommandRegistry;
  router?: Partial<RouterDeps>;
  /** Outbox timings, shortened by tests. */
  outbox?: { pollMs?: number; retryBaseMs?: number };
  /** Library worker settings tests shorten or slow down. */
  worker?: Partial<WorkerInit>;
  /** Hugging Face lookup settings of link unfurls, shortened by tests. */
  unfurl?: { timeoutMs?: number; maxBytes?: number };
}

/**
 * The library worker's settings for this configuration. The embeddings cache lives in
 * DATA_DIR beside the index cache; a worker started without the index cache (the console:
 * `cacheDir: undefined`) keeps its embeddings in memory only.
 */
export function libraryInit(config: Config, overrides: Partial<WorkerInit> = {}): WorkerInit {
  const init: WorkerInit = {
    digestDir: config.digestDir,
    cacheDir: path.join(config.dataDir, 'index-cache'),
    maxFileBytes: config.maxDigestFileBytes,
    watch: true,
    logLevel: config.logLevel,
    ...overrides,
  };
  const embeddingsCache = init.cacheDir === undefined ? undefined : path.join(config.dataDir, 'embeddings.sqlite');
  return { embeddings: config.embeddings && { ...config.embeddings, cacheFile: embeddingsCache }, ...init };
}

/**
 * The composition root of the bot in Discord: the library worker (digest, index, watcher),
 * the database, the Discord client with every shard of this process, the announcements
 * (in the one process that owns them) and the health endpoint.
 */
export async function startBot({
  config,
  log,
  registry = new CommandRegistry(commands),
  router,
  outbox,
  worker,
  unfurl,
}: StartBotOptions): Promise<RunningBot> {
  // The library answers (from the papers indexed so far) as soon as its worker runs; a
  // cold build fills it while the client logs in and serves interactions.
  const library = new LibraryClient({ init: libraryInit(config, worker), log }).start();
  const store = openStore(config.dataDir, log);
  const discord = startDiscord({
    config,
    registration: { dataDir: config.dataDir },
    unfurl: linkUnfurler({
      config,
      library: library.api,
      digestReady: () => library.status.state === 'ready',
      store,
      log,
      ...(unfurl ? { hf: unfurl } : {}),
    }),
    router: {
      registry,
      library,
      log,
      queryMemo: store?.queryMemo() ?? memoryQueryMemo(),
      cooldowns: new Cooldowns(config.askCooldownSeconds),
      writeAnswer: config.model ? createAnswerWriter(config.model) : undefined,
      announcements: store,
      announcer: config.announcer,
      ...router,
    },
  });
  const pipeline = createNewPaperPipeline({ config, log, library, store, rest: discord.client.rest, outbox });
  const health =
    config.healthPort === undefined
      ? undefined
      : await startHealthServer(config.healthPort, () => healthReport({ discord, library, store, outbox: pipeline.outbox }));
  // HEALTH_PORT=0 picks a free port: the log is the only place that says which.
  if (health) log.info({ port: health.port, url: `http://127.0.0.1:${health.port}/health` }, 'health endpoint listening');
  const ready = Promise.all([discord.ready, library.whenReady()])
    .then(() => pipeline.start())
    .then(() => log.info({ papers: library.status.indexed, announcer: config.announcer && store !== undefined }, 'bot ready'));

  let stopped: Promise<void> | null = null;
  return {
    library,
    discord,
    store,
    outbox: pipeline.outbox,
    healthPort: health?.port,
    ready,
    stop: () =>
      (stopped ??= (async () => {
        await pipeline.stop();
        await health?.close();
        await discord.stop();
        await library.stop();
        store?.close();
      })()),
  };
}

function openStore(dataDir: string, log: Logger): AnnouncementStore | undefined {
  try {
    return AnnouncementStore.open(dataDir);
  } catch (error) {
    log.error({ err: error, dataDir }, 'cannot open the announcement database: commands keep working, announcements and subscriptions are paused');
    return undefined;
  }
}
