/** One benchmark measurement in a fresh process (so peak RSS is its own): prints JSON. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDigest } from '../../src/digest/load-digest.js';
import { loadTopics } from '../../src/library/load-topics.js';
import { loadLibrary } from '../../src/load-library.js';
import { createLogger } from '../../src/log.js';
import { measureBot, measurePlain } from './measure.js';

const [dir = 'seeds', implementation = 'bot'] = process.argv.slice(2);
const maxFileBytes = 1024 * 1024 * 1024;
const load = async () => (await loadDigest(dir, { maxFileBytes })).papers;
const { topics } = await loadTopics('seeds');
const cacheDir = await mkdtemp(path.join(tmpdir(), 'bench-cache-'));
const log = createLogger('silent');
try {
  const result =
    implementation === 'plain'
      ? await measurePlain(load)
      : await measureBot(load, topics, {
          // A first start writes the index cache (untimed); the warm start loads it.
          prepare: () => loadLibrary(dir, log, { maxFileBytes, cacheDir }),
          start: () => loadLibrary(dir, log, { maxFileBytes, cacheDir }),
        });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await rm(cacheDir, { recursive: true, force: true });
}
