import type { REST } from 'discord.js';
import type { Config } from '../config.js';
import type { Paper } from '../digest/paper.js';
import { DigestWatcher } from '../digest/watch-digest.js';
import { createAnnouncementPoster } from '../discord/post-announcement.js';
import type { Library } from '../library/library.js';
import type { Logger } from '../log.js';
import type { AnnouncementStore } from './announcement-store.js';
import { Announcer } from './announcer.js';
import { FeedPoller } from './feed-poller.js';
import { OutboxWorker } from './outbox-worker.js';

export interface PipelineOptions {
  config: Config;
  log: Logger;
  library: Library;
  store: AnnouncementStore | undefined;
  /**
   * Whether this process owns announcements: the feed poller, the announcer and the outbox.
   * Exactly one process may, so nothing is posted twice; the others only keep their index
   * current from the digest folder.
   */
  owner: boolean;
  /** REST client to post with (the owner needs one; no gateway connection is required). */
  rest?: REST;
  outbox?: { pollMs?: number; retryBaseMs?: number };
  watchDebounceMs?: number;
}

export interface NewPaperPipeline {
  outbox: OutboxWorker | undefined;
  /** Call once the whole digest is loaded (and, for the owner, posting is possible). */
  start(): void;
  stop(): Promise<void>;
}

/**
 * Where new papers come in (digest folder, feed) and go out (announcements). New papers
 * join the live index at once; in the owner process they are also announced.
 */
export function createNewPaperPipeline({ config, log, library, store, owner, rest, outbox: timings, watchDebounceMs }: PipelineOptions): NewPaperPipeline {
  const announcer = owner && store ? new Announcer(store, library, config.announceChannelId, log) : undefined;
  const outbox = announcer && store && rest ? new OutboxWorker({ store, post: createAnnouncementPoster(rest), log, ...timings }) : undefined;
  // Papers whose announcement could not be recorded (database locked or failing): retried,
  // since the store, not memory, decides what is new, so nothing is lost or repeated.
  let unrecorded: { papers: Paper[]; source: string }[] = [];
  let retryTimer: NodeJS.Timeout | null = null;
  const announce = (papers: Paper[], source: string) => {
    if (!announcer) return;
    try {
      if (announcer.announce(papers, source) > 0) outbox?.wake();
    } catch (error) {
      unrecorded.push({ papers, source });
      log.error({ err: error, source, papers: papers.length }, 'cannot record new papers in the database; announcements paused, retrying');
      retryTimer ??= setTimeout(retryUnrecorded, timings?.pollMs ?? 2000);
    }
  };
  const retryUnrecorded = () => {
    retryTimer = null;
    const waiting = unrecorded;
    unrecorded = [];
    for (const { papers, source } of waiting) announce(papers, source);
  };
  const ingest = (papers: Paper[], source: string) => {
    const added = library.add(papers);
    log.info({ source, papers: papers.length, added: added.length, indexed: library.size }, 'digest updated');
    announce(papers, source);
  };
  const watcher = new DigestWatcher({
    dir: config.digestDir,
    log,
    maxFileBytes: config.maxDigestFileBytes,
    debounceMs: watchDebounceMs ?? 500,
    onPapers: (papers, file) => ingest(papers, `file ${file}`),
  });
  const poller =
    announcer && store && config.feedUrl
      ? new FeedPoller({ url: config.feedUrl, intervalMs: config.feedIntervalMs, store, log, onPapers: (papers) => ingest(papers, 'feed') })
      : undefined;
  return {
    outbox,
    start() {
      // Only the whole digest can tell which papers are new.
      announcer?.start(library.all());
      watcher.start();
      // Pending deliveries from before a restart resume here.
      outbox?.start();
      poller?.start();
    },
    async stop() {
      if (retryTimer) clearTimeout(retryTimer);
      await watcher.stop();
      await poller?.stop();
      await outbox?.stop();
    },
  };
}
