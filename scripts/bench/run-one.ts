/**
 * One benchmark measurement in a fresh process (so peak RSS is its own); prints JSON.
 * Modes: `bot <dir> <cacheDir>` (cold start, latencies, a burst; the worker writes the index
 * cache), `bot-warm <dir> <cacheDir>` (warm start from that cache), `bot-load <dir> <cacheDir>`
 * (a cold start while 5 queries a second arrive; cacheDir empty), `bot-cold-1 <dir>` and
 * `bot-cold-2 <dir>` (a cold start alone, with one or two indexing threads), `plain <dir>`, and
 * `chart <dir>` (the /stats picture of the whole digest, drawn in the worker).
 */
import { loadDigest } from '../../src/digest/load-digest.js';
import { measureBot, measureCold, measurePlain, measureWarm } from './measure.js';
import { measureStatsChart } from './measure-stats-chart.js';
import { measureUnderLoad } from './measure-under-load.js';

const [mode = 'bot', dir = 'seeds', cacheDir = '.bench/cache'] = process.argv.slice(2);
const maxFileBytes = 1024 * 1024 * 1024;
const result =
  mode === 'chart'
    ? await measureStatsChart(dir, { runs: 10 })
    : mode === 'plain'
      ? await measurePlain(async () => (await loadDigest(dir, { maxFileBytes })).papers)
      : mode === 'bot-warm'
        ? await measureWarm(dir, cacheDir, maxFileBytes)
        : mode === 'bot-load'
          ? await measureUnderLoad(dir, cacheDir, maxFileBytes)
          : mode === 'bot-cold-1' || mode === 'bot-cold-2'
            ? await measureCold(dir, maxFileBytes, mode === 'bot-cold-1' ? 1 : 2)
            : await measureBot(dir, cacheDir, maxFileBytes);
process.stdout.write(`${JSON.stringify(result)}\n`);
