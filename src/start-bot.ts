import path from 'node:path';
import { commands } from '../commands/index.js';
import { AnnouncementStore } from './announce/announcement-store.js';
import { createNewPaperPipeline } from './announce/new-paper-pipeline.js';
import { healthReport } from './health/health-report.js';
import { startHealthServer } from './health/health-server.js';
import type { OutboxWorker } from './announce/outbox-worker.js';
import { CommandRegistry } from './command/command-registry.js';
import { Cooldowns } from './command/cooldowns.js';
import type { Config } from './config.js';
import type { RouterDeps } from './discord/router.js';
import { discordShardIds } from './discord/shard-ids.js';
import { startDiscord, type DiscordBot } from './discord/start-discord.js';
import type { Library } from './library/library.js';
import { createAnswerWriter } from './llm/write-answer.js';
import { loadLibrary } from './load-library.js';
import type { Logger } from './log.js';

export interface RunningBot {
  library: Library;
  discord: DiscordBot;
  /** Undefined when the database could not be opened: commands still work, announcements pause. */
  store: AnnouncementStore | undefined;
  outbox: OutboxWorker | undefined;
  /** The port GET /health listens on, when HEALTH_PORT is set. */
  healthPort: number | undefined;
  /** Resolves when logged in, commands registered, pending announcements resumed. */
  ready: Promise<void>;
  /** Stops taking new work, lets the post in flight finish, closes the database. */
  stop(): Promise<void>;
}

export interface StartBotOptions {
  config: Config & { discordToken: string };
  log: Logger;
  registry?: CommandRegistry;
  router?: Partial<RouterDeps>;
  /** Outbox timings, shortened by tests. */
  outbox?: { pollMs?: number; retryBaseMs?: number };
  watchDebounceMs?: number;
  /** `single`: one process does everything. `shard`: answers its guilds; announcements belong to the shard manager. */
  role?: 'single' | 'shard';
}

/**
 * Wires the bot: the digest and its index, the announcement store, the folder watcher and
 * feed poller feeding new papers into the index and the announcer, the outbox that posts
 * them, and the Discord client.
 */
export async function startBot({
  config,
  log,
  registry = new CommandRegistry(commands),
  router,
  outbox: outboxTimings,
  watchDebounceMs,
  role = 'single',
}: StartBotOptions): Promise<RunningBot> {
  // The library exists (and answers) as soon as loading starts; a cold build fills it in
  // slices while the client logs in and serves interactions.
  let loaded!: Promise<Library>;
  let isLoaded = false;
  const loadedAt = new Date();
  const library = await new Promise<Library>((resolve, reject) => {
    loaded = loadLibrary(config.digestDir, log, {
      maxFileBytes: config.maxDigestFileBytes,
      cacheDir: path.join(config.dataDir, 'index-cache'),
      onLibrary: resolve,
    });
    loaded.catch(reject);
  });
  const store = openStore(config.dataDir, log);
  const discord = startDiscord({
    config,
    library,
    registry,
    log,
    registerCommands: role !== 'shard' || discordShardIds().includes(0),
    router: {
      cooldowns: new Cooldowns(config.askCooldownSeconds),
      writeAnswer: config.model ? createAnswerWriter(config.model) : undefined,
      announcements: store,
      ...router,
    },
  });
  const health =
    config.healthPort === undefined
      ? undefined
      : await startHealthServer(config.healthPort, () => healthReport({ discord, library, store, loadedAt, loaded: isLoaded }));
  const pipeline = createNewPaperPipeline({
    config,
    log,
    library,
    store,
    owner: role === 'single',
    rest: discord.client.rest,
    outbox: outboxTimings,
    watchDebounceMs,
  });
  const ready = Promise.all([discord.ready, loaded]).then(() => pipeline.start());
  void loaded.then(() => (isLoaded = true)).catch(() => undefined);

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
        store?.close();
      })()),
  };
}

export function openStore(dataDir: string, log: Logger): AnnouncementStore | undefined {
  try {
    return AnnouncementStore.open(dataDir);
  } catch (error) {
    log.error({ err: error, dataDir }, 'cannot open the announcement database: commands keep working, announcements and subscriptions are paused');
    return undefined;
  }
}
