/**
 * One benchmark measurement in a fresh process (so peak RSS is its own); prints JSON.
 * Modes: `bot <dir> <cacheDir>` (cold start and latencies; writes the index cache),
 * `bot-warm <dir> <cacheDir>` (warm start from that cache), `plain <dir>`.
 */
import { loadDigest } from '../../src/digest/load-digest.js';
import { loadTopics } from '../../src/library/load-topics.js';
import { loadLibrary } from '../../src/load-library.js';
import { createLogger } from '../../src/log.js';
import { measureBot, measurePlain, measureWarm } from './measure.js';

const [mode = 'bot', dir = 'seeds', cacheDir = '.bench/cache'] = process.argv.slice(2);
const maxFileBytes = 1024 * 1024 * 1024;
const log = createLogger('silent');
const load = async () => (await loadDigest(dir, { maxFileBytes })).papers;
const { topics } = await loadTopics('seeds');
const result =
  mode === 'plain'
    ? await measurePlain(load)
    : mode === 'bot-warm'
      ? await measureWarm(() => loadLibrary(dir, log, { maxFileBytes, cacheDir }))
      : // After the cold measurements, a normal start writes the index cache for bot-warm.
        await measureBot(load, topics, async () => void (await loadLibrary(dir, log, { maxFileBytes, cacheDir })));
process.stdout.write(`${JSON.stringify(result)}\n`);
