/**
 * `npm run backfill -- <N>`: queues the newest N papers of the digest for announcement, to
 * ANNOUNCE_CHANNEL_ID and every matching subscription. A paper already posted to a channel
 * is not posted there again. The running bot picks the queue up within a few seconds.
 */
import { AnnouncementStore } from '../src/announce/announcement-store.js';
import { Announcer } from '../src/announce/announcer.js';
import { parseConfig } from '../src/config.js';
import { loadDotEnv } from '../src/lifecycle.js';
import { loadLibrary } from '../src/load-library.js';
import { createLogger } from '../src/log.js';

loadDotEnv();
const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count < 1 || count > 100) {
  process.stderr.write('Usage: npm run backfill -- <number of newest papers, 1-100>\n');
  process.exit(2);
}
const config = parseConfig(process.env);
const log = createLogger('warn');
const library = await loadLibrary(config.digestDir, log, { maxFileBytes: config.maxDigestFileBytes });
const store = AnnouncementStore.open(config.dataDir);
try {
  const queued = new Announcer(store, library, config.announceChannelId, log).backfill(count);
  process.stdout.write(`Queued ${queued} deliveries of the ${count} newest papers. The running bot posts them shortly.\n`);
} finally {
  store.close();
}
