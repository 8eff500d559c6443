import type { OutboxWorker } from '../announce/outbox-worker.js';
import type { DiscordBot } from '../discord/start-discord.js';
import { FEED_META_KEYS } from '../feed/feed-poller.js';
import type { Stores } from '../store/stores.js';
import type { LibraryClient } from '../worker/library-client.js';
import type { WorkerHeap } from '../worker/protocol.js';
import type { HealthReport } from './health-server.js';
import { bytesToMb } from './memory-watch.js';

/**
 * The bot's health: each shard's gateway, the library (loading or ready, papers indexed,
 * the newest paper's date), the outbox backlog, the last feed poll and the memory in use.
 * Unhealthy (503) when a shard's gateway is not ready; degraded (200) while the digest loads
 * or restarts, or when the database is unavailable or the outbox halted (commands work,
 * announcements pause). Memory never changes the status: MEMORY_LIMIT_MB only warns.
 */
export async function healthReport({
  discord,
  library,
  stores,
  outbox,
  memoryLimitMb,
}: {
  discord: DiscordBot;
  library: LibraryClient;
  stores: Pick<Stores, 'outbox' | 'meta'> | undefined;
  outbox: OutboxWorker | undefined;
  memoryLimitMb?: number | undefined;
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
    memory: memoryReport(process.memoryUsage(), digest.heap, memoryLimitMb),
  };
}

export interface MemoryReport {
  /** The whole process (every thread), in MB (MiB). */
  rssMb: number;
  /** The main thread's V8 heap. */
  heapUsedMb: number;
  heapTotalMb: number;
  /** The library worker's own heap, from its last status (null before its first); `ageSeconds`: how old that figure is. */
  worker: { heapUsedMb: number; heapTotalMb: number; ageSeconds: number } | null;
  /** MEMORY_LIMIT_MB, null when not set; `overLimit` is null then too. */
  limitMb: number | null;
  overLimit: boolean | null;
}

/**
 * The memory section of the health report: this process's usage (`process.memoryUsage()`,
 * read without waiting on anything) and the heap the library worker last reported with its
 * status. Nothing here asks the worker: a probe never waits on a busy library.
 */
export function memoryReport(
  usage: Pick<NodeJS.MemoryUsage, 'rss' | 'heapUsed' | 'heapTotal'>,
  workerHeap: WorkerHeap | undefined,
  limitMb: number | undefined,
  now = Date.now(),
): MemoryReport {
  const rssMb = bytesToMb(usage.rss);
  return {
    rssMb,
    heapUsedMb: bytesToMb(usage.heapUsed),
    heapTotalMb: bytesToMb(usage.heapTotal),
    worker: workerHeap
      ? {
          heapUsedMb: bytesToMb(workerHeap.usedBytes),
          heapTotalMb: bytesToMb(workerHeap.totalBytes),
          ageSeconds: Math.max(0, Math.round((now - workerHeap.at) / 1000)),
        }
      : null,
    limitMb: limitMb ?? null,
    overLimit: limitMb === undefined ? null : rssMb > limitMb,
  };
}
