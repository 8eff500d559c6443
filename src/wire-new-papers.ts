import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { REST } from 'discord.js';
import { Announcer } from './announce/announcer.js';
import { FeedFileSync } from './announce/feed-file-sync.js';
import { LEAD_CHECK_MS, LeadLoop } from './announce/lead-loop.js';
import { CLAIM_LEASE_MS, OutboxWorker } from './announce/outbox-worker.js';
import type { Config } from './config.js';
import { DigestScheduler } from './digest-posts/digest-scheduler.js';
import { DIGEST_BATCH_KIND } from './digest-posts/digest-post.js';
import { createCountsRefresher } from './digest-posts/refresh-counts.js';
import { createAnnouncementPoster } from './discord/post-announcement.js';
import { postDigest } from './discord/post-digest.js';
import { createPaperThreadPoster } from './discord/post-paper-thread.js';
import { FeedPoller } from './feed/feed-poller.js';
import { PoliteFetcher } from './feed/polite-fetch.js';
import type { Logger } from './log.js';
import type { Leadership } from './store/leadership.js';
import { Retention } from './store/retention.js';
import type { Stores } from './store/stores.js';
import type { RoutedPaper } from './worker/library-api.js';
import type { LibraryClient } from './worker/library-client.js';

interface NewPaperOptions {
  config: Config;
  log: Logger;
  library: LibraryClient;
  stores: Stores | undefined;
  /** REST client to post with (no gateway connection is needed). */
  rest: REST;
  outbox?: { pollMs?: number; retryBaseMs?: number };
  /** With a shared database: which machine leads (see start); undefined: this process leads alone when it announces. */
  leadership?: Leadership | undefined;
  /** Between two checks of the lead (default LEAD_CHECK_MS), shortened by tests. */
  leadCheckMs?: number;
  /** Between two reads of the feed files recorded in a shared database (default FEED_SYNC_MS). */
  feedSyncMs?: number;
}

export interface NewPaperPipeline {
  outbox: OutboxWorker | undefined;
  /** Call once the whole digest is loaded and posting is possible. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

type Arrival = { papers: RoutedPaper[]; source: string };

/**
 * Wires where new papers come in and go out. The feed poller writes each new response into
 * the digest folder (the one source of truth, read again by any restart or other process)
 * and has the library worker index it; the worker reports papers the digest did not have
 * (from the feed or a file dropped in the folder), and the announcer queues them for the
 * outbox; the digest scheduler queues scheduled digests. One process leads all of that: the
 * one that announces (ANNOUNCER; shard 0's by default) with a database of its own, or, on a
 * shared database (`leadership`), whichever machine holds the lead, checked every few
 * seconds, so that another takes over when the leader dies. On a shared database every
 * machine posts, each the announcements of the guilds on its own shards (the outbox's
 * ClaimScope), the leader also those of channels no subscription names. Elsewhere the
 * worker's watcher keeps the index current and nothing is posted. Every process with a
 * database prunes old copies (RETENTION_DAYS).
 */
export function wireNewPapers({
  config,
  log,
  library,
  stores,
  rest,
  outbox: timings,
  leadership,
  leadCheckMs = LEAD_CHECK_MS,
  feedSyncMs,
}: NewPaperOptions): NewPaperPipeline {
  const retention = stores ? new Retention({ stores, days: config.retentionDays, log }) : undefined;
  // On a shared database every machine writes the feed days the leader recorded into its own digest folder.
  const feedSync =
    leadership && stores
      ? new FeedFileSync({
          store: stores.feedFiles,
          digestDir: config.digestDir,
          ingest: async (name) => void (await library.api.ingestFile(name)),
          log,
          ...(feedSyncMs ? { intervalMs: feedSyncMs } : {}),
        })
      : undefined;
  // Whether this process leads now. Papers that arrive while it does not are not announced
  // here: the leader announces them (its own watcher reads the shared digest folder), or, if
  // none leads then, the comparison of the digest with the store when one takes the lead.
  let leading = false;
  // On a shared database every machine posts the announcements of the guilds on its shards,
  // and the leader those of channels no subscription names (ANNOUNCE_CHANNEL_ID), each post
  // claimed with a lease; with a database of its own, the announcing process posts them all.
  const shards = config.shardIds && typeof config.shardCount === 'number' ? { ids: config.shardIds, count: config.shardCount } : null;
  const scope = leadership ? () => ({ shards, unguilded: leading, leaseMs: CLAIM_LEASE_MS }) : undefined;
  const posters = { [DIGEST_BATCH_KIND]: postDigest, 'paper-thread': createPaperThreadPoster(log) };
  const outbox =
    stores && (config.announcer || leadership)
      ? new OutboxWorker({
          store: stores.outbox,
          post: createAnnouncementPoster(rest, () => new Date(), posters),
          log,
          ...timings,
          ...(scope ? { scope } : {}),
        })
      : undefined;
  if (!config.announcer || !stores || !outbox) {
    let stopped = false;
    return {
      outbox,
      start: () => {
        // A stop that came first (the bot stopped while it started) wins.
        if (stopped) return Promise.resolve();
        retention?.start();
        feedSync?.start();
        outbox?.start();
        return Promise.resolve();
      },
      stop: async () => {
        stopped = true;
        await outbox?.stop();
        await feedSync?.stop();
        await retention?.stop();
      },
    };
  }
  const announcer = new Announcer(stores, config.announceChannelId, log);
  // Papers whose announcement could not be recorded (database locked or failing) are retried
  // while this process leads; if it stops leading first, the next leader's comparison (or
  // the next start's) announces them, since the store, not memory, decides what is new.
  let unrecorded: Arrival[] = [];
  let retryTimer: NodeJS.Timeout | null = null;
  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  };

  const announce = (papers: RoutedPaper[], source: string): Promise<void> => {
    // After stop() nothing more is written: the next start announces them (see above).
    if (stopping || !leading) return Promise.resolve();
    return track(
      announcer.announce(papers, source).then(
        (queued) => {
          if (queued > 0) outbox.wake();
        },
        (error: unknown) => {
          unrecorded.push({ papers, source });
          log.error({ err: error, source, papers: papers.length }, 'cannot record new papers in the database; announcements paused, retrying');
          if (!stopping) retryTimer ??= setTimeout(retryUnrecorded, timings?.pollMs ?? 2000);
        },
      ),
    );
  };
  const retryUnrecorded = () => {
    retryTimer = null;
    const again = unrecorded;
    unrecorded = [];
    for (const { papers, source } of again) void announce(papers, source);
  };
  library.onAdded((papers, source) => void announce(papers, source));
  // One fetcher for the poller and the digests' count refreshes: together they stay polite.
  const fetcher = config.feedUrl ? new PoliteFetcher({ log }) : undefined;
  // Both hand over a day file's name relative to the digest folder (`feed/<day>.json`). On a
  // shared database the file is recorded there too, for the other machines' FeedFileSync.
  const ingest = async (name: string) => {
    await library.api.ingestFile(name);
    if (feedSync) await stores.feedFiles.record(name, await readFile(path.join(config.digestDir, name), 'utf8'));
  };
  const poller = config.feedUrl
    ? new FeedPoller({ fetcher, url: config.feedUrl, intervalMs: config.feedIntervalMs, digestDir: config.digestDir, meta: stores.meta, log, ingest })
    : undefined;
  const digests = new DigestScheduler({
    stores,
    library: library.api,
    log,
    postMinutes: config.digestPostMinutes,
    refresh:
      config.feedUrl && fetcher
        ? createCountsRefresher({ feedUrl: config.feedUrl, digestDir: config.digestDir, fetcher, ingest, known: stores.known })
        : undefined,
    onQueued: () => outbox.wake(),
  });

  /** Announces every paper of the loaded digest the store does not know yet (the store decides what is new). */
  const reconcile = async () => {
    try {
      if ((await announcer.start(library.api)) > 0) outbox.wake();
    } catch (error) {
      log.error({ err: error }, 'cannot compare the digest with the papers already announced; announcing only new arrivals');
    }
  };
  // A worker that started again (after a crash or SIGHUP) loaded the files that arrived
  // meanwhile without reporting them as added: compare the digest with the store again.
  library.onReady(() => {
    if (leading && !stopping) void track(reconcile());
  });

  /** Takes up the lead: announces what the store lacks, then posts, polls and schedules. */
  const lead = async () => {
    if (stopping) return;
    leading = true;
    await feedSync?.lead();
    await reconcile();
    // stop() came during the comparison: start nothing it would have to stop.
    if (stopping) return;
    // Pending deliveries from before a restart (or from the last leader) resume here (on a
    // shared database the outbox already runs; leading adds the unguilded lane to its claims).
    outbox.start();
    poller?.start();
    digests.start();
  };
  /** Gives the lead up: no new announcement, poll or digest; the post in flight finishes. On a shared database the outbox goes on, for this machine's guilds. */
  const follow = async () => {
    leading = false;
    await digests.stop();
    await poller?.stop();
    await Promise.all(inFlight);
    if (!leadership) await outbox.stop();
    // Following again: the leader's recorded days come from the database.
    if (!stopping) feedSync?.start();
  };
  const leadLoop = leadership ? new LeadLoop({ leadership, intervalMs: leadCheckMs, lead, follow, log }) : undefined;

  return {
    outbox,
    async start() {
      // A stop that came first (the bot stopped while it started) wins.
      if (stopping) return;
      retention?.start();
      feedSync?.start();
      if (leadLoop) {
        outbox.start();
        leadLoop.start();
      } else await lead();
    },
    async stop() {
      stopping = true;
      if (retryTimer) clearTimeout(retryTimer);
      await feedSync?.stop();
      await retention?.stop();
      if (leadLoop) {
        // Gives the lead up (follow) if this machine led; the outbox ran either way, and stops even if that fails.
        try {
          await leadLoop.stop();
        } finally {
          await outbox.stop();
        }
      } else await follow();
    },
  };
}
