import path from 'node:path';
import { commands } from '../commands/index.js';
import type { OutboxWorker } from './announce/outbox-worker.js';
import type { Config } from './config.js';
import type { RouterDeps } from './discord/router.js';
import { startDiscord, type DiscordBot } from './discord/start-discord.js';
import { linkUnfurler } from './discord/unfurl-links.js';
import { healthReport } from './health/health-report.js';
import { startHealthServer } from './health/health-server.js';
import { createMemoryWatch, startMemoryWatch } from './health/memory-watch.js';
import { CommandRegistry } from './interactions/command-registry.js';
import { Cooldowns } from './interactions/cooldowns.js';
import { RateBudgets } from './interactions/rate-budgets.js';
import { memoryQueryMemo, storedQueryMemo } from './interactions/query-memo.js';
import { createAnswerWriter } from './llm/write-answer.js';
import type { Logger } from './log.js';
import { commandRegistrationFiles } from './store/files/command-registration-files.js';
import { openStores, type OpenedStores } from './store/open-stores.js';
import type { Stores } from './store/stores.js';
import { wireNewPapers } from './wire-new-papers.js';
import { LibraryClient } from './worker/library-client.js';
import type { WorkerInit } from './worker/protocol.js';

export interface RunningBot {
  library: LibraryClient;
  discord: DiscordBot;
  /** Undefined when the database could not be opened: commands still work, announcements pause. */
  stores: Stores | undefined;
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
  /** How often RSS is checked against MEMORY_LIMIT_MB (default 30 s), shortened by tests. */
  memoryCheckMs?: number;
  /** How often a machine on a shared database checks the lead of the new-paper pipeline (default 5 s), shortened by tests. */
  leadCheckMs?: number;
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
    indexThreads: config.indexThreads,
    ...overrides,
  };
  const embeddingsCache = init.cacheDir === undefined ? undefined : path.join(config.dataDir, 'embeddings.sqlite');
  return { embeddings: config.embeddings && { ...config.embeddings, cacheFile: embeddingsCache }, ...init };
}

/**
 * The composition root of the bot in Discord: the library worker (digest, index, watcher),
 * the database, the Discord client with every shard of this process, the new-paper pipeline
 * (wire-new-papers.ts, in the one process that owns announcements) and the health endpoint.
 */
export async function startBot({
  config,
  log,
  registry = new CommandRegistry(commands),
  router,
  outbox,
  worker,
  unfurl,
  memoryCheckMs,
  leadCheckMs,
}: StartBotOptions): Promise<RunningBot> {
  // The library answers (from the papers indexed so far) as soon as its worker runs; a
  // cold build fills it while the client logs in and serves interactions.
  const library = new LibraryClient({ init: libraryInit(config, worker), log }).start();
  const { stores, registration, leadership } = await openStoresOrPause(config, log);
  const discord = startDiscord({
    config,
    registration,
    unfurl: linkUnfurler({
      config,
      library: library.api,
      digestReady: () => library.status.state === 'ready',
      stores,
      log,
      ...(unfurl ? { hf: unfurl } : {}),
    }),
    router: {
      registry,
      library,
      log,
      queryMemo: stores ? storedQueryMemo(stores.queryMemo) : memoryQueryMemo(),
      cooldowns: new Cooldowns(config.askCooldownSeconds),
      budgets: new RateBudgets(config.budgets),
      writeAnswer: config.model ? createAnswerWriter(config.model) : undefined,
      stores,
      // Shared state (PostgreSQL): the announcing machine reads every machine's subscriptions.
      takesSubscriptions: config.announcer || config.databaseUrl !== undefined,
      subscriptionLimits: config.subscriptionLimits,
      ...router,
    },
  });
  const pipeline = wireNewPapers({ config, log, library, stores, rest: discord.client.rest, outbox, leadership, ...(leadCheckMs ? { leadCheckMs } : {}) });
  const health =
    config.healthPort === undefined
      ? undefined
      : await startHealthServer(config.healthPort, () =>
          healthReport({ discord, library, stores, outbox: pipeline.outbox, memoryLimitMb: config.memoryLimitMb }),
        );
  // HEALTH_PORT=0 picks a free port: the log is the only place that says which.
  if (health) log.info({ port: health.port, url: `http://127.0.0.1:${health.port}/health` }, 'health endpoint listening');
  const memoryWatch =
    config.memoryLimitMb === undefined
      ? undefined
      : startMemoryWatch(
          createMemoryWatch({
            limitMb: config.memoryLimitMb,
            readRssBytes: () => process.memoryUsage.rss(),
            papers: () => {
              const { indexed, total, state } = library.status;
              return { indexed, total, loading: state !== 'ready' };
            },
            log,
          }),
          log,
          memoryCheckMs,
        );
  const ready = Promise.all([discord.ready, library.whenReady()])
    .then(() => pipeline.start())
    .then(() => log.info({ papers: library.status.indexed, announcer: config.announcer && stores !== undefined }, 'bot ready'));

  let stopped: Promise<void> | null = null;
  return {
    library,
    discord,
    stores,
    outbox: pipeline.outbox,
    healthPort: health?.port,
    ready,
    stop: () =>
      (stopped ??= (async () => {
        memoryWatch?.stop();
        // Whatever the pipeline's stop meets, the rest still closes.
        await pipeline.stop().catch((error: unknown) => log.error({ err: error }, 'stopping the new-paper pipeline failed'));
        await health?.close();
        await discord.stop();
        await library.stop();
        await stores?.close();
      })()),
  };
}

/**
 * The database (PostgreSQL with DATABASE_URL, else SQLite in DATA_DIR). When it cannot be
 * opened, the bot still starts: commands work, announcements and subscriptions pause, and the
 * command-registration record falls back to DATA_DIR's files.
 */
async function openStoresOrPause(config: Config, log: Logger): Promise<Pick<OpenedStores, 'registration' | 'leadership'> & { stores: Stores | undefined }> {
  try {
    const opened = await openStores(config, log);
    // Stores that open in the background log when they do.
    if (!('isOpen' in opened.stores)) log.info({ engine: opened.engine }, 'database open');
    return opened;
  } catch (error) {
    log.error(
      { err: error, engine: config.databaseUrl ? 'postgres' : 'sqlite', dataDir: config.dataDir },
      'cannot open the database: commands keep working, announcements and subscriptions are paused',
    );
    return { stores: undefined, registration: commandRegistrationFiles(config.dataDir, log), leadership: undefined };
  }
}
