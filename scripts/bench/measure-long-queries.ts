/**
 * `tsx scripts/bench/measure-long-queries.ts [digest folder]`: what long, misspelt queries
 * cost the library worker on the real digest (default: the seed plus ../shared/real-digest,
 * read in place), and what a burst of them does to other users' calls. Prints one JSON line.
 *
 * - worker time (the worker's own `ms` for the call, median and max of 5 different texts) of a
 *   200-character misspelt /search, a 300-character autocomplete (the longest Discord sends
 *   for /paper and /cite), a forged 3,000-character autocomplete and a 300-character /ask;
 * - `/latest` sent just after 16 such searches: how long it waited;
 * - 30 long autocompletes at once, each given up after 2 s as the router does: how long an
 *   ordinary autocomplete sent once all 30 have been given up takes.
 *
 * Asserts nothing: numbers only. The index cache lives in .bench/long-queries-cache, so only
 * the first run builds it.
 */
import { mkdirSync } from 'node:fs';
import { createLogger } from '../../src/log.js';
import { LibraryClient } from '../../src/worker/library-client.js';
import { realDigestFolder } from '../real-digest-folder.js';
import { misspeltText } from './long-queries.js';

const dir = process.argv[2] ?? realDigestFolder();
if (dir === null) throw new Error('../shared/real-digest is absent: pass a digest folder');
const cacheDir = '.bench/long-queries-cache';
mkdirSync(cacheDir, { recursive: true });

/** The router's autocomplete deadline (src/discord/router.ts): past it, the user got no choices. */
const ROUTER_AUTOCOMPLETE_MS = 2000;
const RUNS = 5;

const workerMs = new Map<string, number[]>();
const client = new LibraryClient({
  init: { digestDir: dir, cacheDir, maxFileBytes: 1024 ** 3, watch: false, logLevel: 'silent' },
  log: createLogger('silent'),
  onAnswered: (method, ms) => workerMs.get(method)?.push(ms),
}).start();
await client.whenReady();
const { api } = client;

const search = (query: string) => api.searchPage({ query, sort: 'relevance', since: null, page: 1, pageSize: 5 });
const settled = (work: Promise<unknown>) =>
  work.then(
    () => 'answered',
    (error: Error) => error.name,
  );

/** The worker's time for `run` on RUNS different texts: median and max, in ms. */
async function workerTime(method: string, length: number, run: (text: string) => Promise<unknown>, seedBase: number) {
  await settled(run(misspeltText(length, seedBase + 100))); // warm-up, not counted
  workerMs.set(method, []);
  const outcomes: string[] = [];
  for (let seed = seedBase; seed < seedBase + RUNS; seed++) outcomes.push(await settled(run(misspeltText(length, seed))));
  const times = [...(workerMs.get(method) ?? [])].sort((a, b) => a - b);
  workerMs.delete(method);
  return { medianMs: round(times[Math.floor(times.length / 2)]), maxMs: round(times.at(-1)), outcomes: [...new Set(outcomes)] };
}

const round = (value: number | undefined) => (value === undefined ? null : Math.round(value * 10) / 10);

const costs = {
  search200: await workerTime('searchPage', 200, search, 1),
  autocomplete300: await workerTime('suggestTitles', 300, (text) => api.suggestTitles(text, 25), 11),
  autocomplete3000: await workerTime('suggestTitles', 3000, (text) => api.suggestTitles(text, 25), 21),
  ask300: await workerTime('answer', 300, (text) => api.answer(text, '2026-08-24T12:00:00Z'), 31),
};

// 16 long searches at once, then /latest: how long /latest waits behind them.
const searches = Array.from({ length: 16 }, (_, i) => settled(search(misspeltText(200, 1000 + i))));
let started = performance.now();
await api.latest(5);
const latestBehindSearchesMs = performance.now() - started;
await Promise.all(searches);

// 30 long autocompletes at once, each abandoned after the router's deadline; then an
// ordinary autocomplete, once every one of the 30 has been answered or given up.
const within = (work: Promise<unknown>) => Promise.race([settled(work), new Promise((resolve) => setTimeout(resolve, ROUTER_AUTOCOMPLETE_MS, 'given up'))]);
started = performance.now();
const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => within(api.suggestTitles(misspeltText(300, 2000 + i), 25))));
const burstOverMs = performance.now() - started;
started = performance.now();
const fresh = await settled(api.suggestTitles('ring attention', 25));
const autocompleteAfterBurstMs = performance.now() - started;

await client.stop();
const count = (values: unknown[]) => Object.fromEntries([...new Set(values)].map((value) => [String(value), values.filter((v) => v === value).length]));
process.stdout.write(
  `${JSON.stringify({
    papers: client.status.indexed,
    costs,
    latestBehind16SearchesMs: round(latestBehindSearchesMs),
    autocompleteBurst: {
      outcomes: count(burst),
      overAfterMs: round(burstOverMs),
      freshAutocomplete: fresh,
      freshAutocompleteMs: round(autocompleteAfterBurstMs),
    },
  })}\n`,
);
