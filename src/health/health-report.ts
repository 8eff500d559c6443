import type { OutboxWorker } from '../announce/outbox-worker.js';
import type { DiscordBot } from '../discord/start-discord.js';
import { FEED_META_KEYS } from '../feed/feed-poller.js';
import type { Stores } from '../store/stores.js';
import type { LibraryClient } from '../worker/library-client.js';
import type { HealthReport } from './health-server.js';

/**
 * The bot's health: each shard's gateway, the library (loading or ready, papers indexed,
 * the newest paper's date), the outbox backlog and the last feed poll. Unhealthy (503) when
 * a shard's gateway is not ready; degraded (200) while the digest loads or restarts, or when
 * the database is unavailable or the outbox halted (commands work, announcements pause).
 */
export async function healthReport({
  discord,
  library,
  stores,
  outbox,
}: {
  discord: DiscordBot;
  library: LibraryClient;
  stores: Pick<Stores, 'outbox' | 'meta'> | undefined;
  outbox: OutboxWorker | undefined;
}): Promise<HealthReport> {
  const gateway = discord.gatewayState();
  // From the status the worker last reported: a probe never waits on a busy library.
  const { status: digest } = library;
  const newest = digest.newest;
  let backlog: number | null = null;
  let lastFeedPoll: unknown = null;
  let database = 'unavailable';
  if (stores) {
    try {
      backlog = await stores.outbox.backlog();
      const poll = await stores.meta.get(FEED_META_KEYS.lastPoll);
      lastFeedPoll = poll === null ? null : JSON.parse(poll);
      database = 'ok';
    } catch (error) {
      database = `error: ${(error as Error).message}`;
    }
  }
  const halted = outbox?.halted ?? null;
  const status = gateway !== 'ready' ? 'unhealthy' : database !== 'ok' || digest.state !== 'ready' || halted !== null ? 'degraded' : 'ok';
  return {
    status,
    gateway: { status: gateway, shards: discord.shardStates(), pingMs: discord.client.ws.ping },
    papers: digest.indexed,
    digest: {
      state: digest.state,
      indexed: digest.indexed,
      total: digest.total,
      newestPaper: newest,
      newestPaperAgeDays: newest ? Math.floor((Date.now() - Date.parse(newest)) / 86_400_000) : null,
    },
    outbox: { backlog, halted },
    feed: { lastPoll: lastFeedPoll },
    database,
  };
}
