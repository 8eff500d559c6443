import { commands } from '../commands/index.js';
import { AnnouncementStore } from './announce/announcement-store.js';
import { Announcer } from './announce/announcer.js';
import { FeedPoller } from './announce/feed-poller.js';
import { OutboxWorker } from './announce/outbox-worker.js';
import { CommandRegistry } from './command/command-registry.js';
import { Cooldowns } from './command/cooldowns.js';
import type { Config } from './config.js';
import type { Paper } from './digest/paper.js';
import { DigestWatcher } from './digest/watch-digest.js';
import { createAnnouncementPoster } from './discord/post-announcement.js';
import type { RouterDeps } from './discord/router.js';
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
}: StartBotOptions): Promise<RunningBot> {
  const library = await loadLibrary(config.digestDir, log, config.maxDigestFileBytes);
  const store = openStore(config.dataDir, log);
  const announcer = store ? new Announcer(store, library, config.announceChannelId, log) : undefined;
  announcer?.start(library.all());

  const discord = startDiscord({
    config,
    library,
    registry,
    log,
    router: {
      cooldowns: new Cooldowns(config.askCooldownSeconds),
      writeAnswer: config.model ? createAnswerWriter(config.model) : undefined,
      announcements: store,
      ...router,
    },
  });

  const outbox = store ? new OutboxWorker({ store, post: createAnnouncementPoster(discord.client.rest), log, ...outboxTimings }) : undefined;
  /** New papers from the folder or the feed: into the live index at once, then announced. */
  const ingest = (papers: Paper[], source: string) => {
    const added = library.add(papers);
    log.info({ source, papers: papers.length, added: added.length, indexed: library.size }, 'digest updated');
    if (announcer && announcer.announce(papers, source) > 0) outbox?.wake();
  };
  const watcher = new DigestWatcher({
    dir: config.digestDir,
    log,
    maxFileBytes: config.maxDigestFileBytes,
    debounceMs: watchDebounceMs ?? 500,
    onPapers: (papers, file) => ingest(papers, `file ${file}`),
  });
  watcher.start();
  const poller =
    config.feedUrl && store
      ? new FeedPoller({ url: config.feedUrl, intervalMs: config.feedIntervalMs, store, log, onPapers: (papers) => ingest(papers, 'feed') })
      : undefined;

  const ready = discord.ready.then(() => {
    // Posting needs a logged-in client; pending deliveries from before a restart resume here.
    outbox?.start();
    poller?.start();
  });

  let stopped: Promise<void> | null = null;
  return {
    library,
    discord,
    store,
    outbox,
    ready,
    stop: () =>
      (stopped ??= (async () => {
        await watcher.stop();
        await poller?.stop();
        await outbox?.stop();
        await discord.stop();
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
