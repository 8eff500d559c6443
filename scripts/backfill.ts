/**
 * `npm run backfill -- <N>`: queues the newest N papers of the digest for announcement, to
 * ANNOUNCE_CHANNEL_ID and every matching subscription. A paper already posted to a channel
 * is not posted there again. The running bot picks the queue up within a few seconds.
 */
import { Announcer } from '../src/announce/announcer.js';
import { parseConfig } from '../src/config.js';
import { loadDotEnv } from '../src/lifecycle.js';
import { createLogger } from '../src/log.js';
import { libraryInit } from '../src/start-bot.js';
import { openSqliteStores } from '../src/store/sqlite/open-sqlite-stores.js';
import { LibraryClient } from '../src/worker/library-client.js';

loadDotEnv();
const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count < 1 || count > 100) {
  process.stderr.write('Usage: npm run backfill -- <number of newest papers, 1-100>\n');
  process.exit(2);
}
const config = parseConfig(process.env);
const log = createLogger('warn');
const library = new LibraryClient({ init: libraryInit(config, { watch: false, logLevel: 'warn' }), log }).start();
const stores = openSqliteStores(config.dataDir);
try {
  await library.whenReady();
  const newest = await library.api.latest(count);
  const papers = await library.api.routedPapers(newest.map((paper) => paper.key));
  const queued = await new Announcer(stores, config.announceChannelId, log).backfill(papers);
  process.stdout.write(`Queued ${queued} deliveries of the ${count} newest papers. The running bot posts them shortly.\n`);
} finally {
  await stores.close();
  await library.stop();
}
