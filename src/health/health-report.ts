import type { AnnouncementStore } from '../announce/announcement-store.js';
import type { DiscordBot } from '../discord/start-discord.js';
import type { Library } from '../library/library.js';
import type { HealthReport } from './health-server.js';

/**
 * The bot's health: gateway status, papers indexed, the digest's age (newest paper, and
 * when it was loaded), the outbox backlog and the last feed poll. Unhealthy (503) when the
 * gateway is not ready; degraded (200) while the digest is still loading or the database
 * is unavailable (commands work, announcements pause).
 */
export function healthReport({
  discord,
  library,
  store,
  loadedAt,
  loaded,
}: {
  discord: DiscordBot;
  library: Library;
  store: AnnouncementStore | undefined;
  loadedAt: Date;
  loaded: boolean;
}): HealthReport {
  const gateway = discord.gatewayState();
  const newest = library.latest(1)[0]?.publishedAt ?? null;
  let backlog: number | null = null;
  let lastFeedPoll: unknown = null;
  let database = 'unavailable';
  if (store) {
    try {
      backlog = store.backlog();
      const poll = store.getMeta('feed_last_poll');
      lastFeedPoll = poll === null ? null : JSON.parse(poll);
      database = 'ok';
    } catch (error) {
      database = `error: ${(error as Error).message}`;
    }
  }
  const status = gateway !== 'ready' ? 'unhealthy' : database !== 'ok' || !loaded ? 'degraded' : 'ok';
  return {
    status,
    gateway: { status: gateway, pingMs: discord.client.ws.ping },
    papers: library.size,
    digest: {
      loaded,
      loadedAt: loadedAt.toISOString(),
      newestPaper: newest,
      newestPaperAgeDays: newest === null ? null : Math.floor((Date.now() - Date.parse(newest)) / 86_400_000),
    },
    outbox: { backlog },
    feed: { lastPoll: lastFeedPoll },
    database,
  };
}
