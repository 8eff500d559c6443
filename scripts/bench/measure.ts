import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import MiniSearch from 'minisearch';
import { commands } from '../../commands/index.js';
import type { Paper } from '../../src/digest/paper.js';
import type { Command, CommandContext } from '../../src/interactions/command.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import { memoryQueryMemo } from '../../src/interactions/query-memo.js';
import { createLogger } from '../../src/log.js';
import { DEFER_AFTER_MS } from '../../src/discord/router.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { compiledLibraryClient } from './compiled-client.js';
import { AUTOCOMPLETE_PREFIXES, KEYWORD_QUERIES, QUESTIONS } from './queries.js';

export interface Latency {
  p50: number;
  p99: number;
}

export interface Measurement {
  implementation: 'bot' | 'plain MiniSearch';
  papers: number;
  /** Until a query is answered from the whole digest. */
  coldStartMs: number;
  warmStartMs: number | null;
  /** The longest the main thread's event loop was blocked during the cold start (the gateway heartbeat and interactions wait this long). */
  coldMaxDelayMs: number;
  peakRssMb: number;
  /** Through the command handlers on the main thread (bot) or a direct call (plain). */
  search: Latency;
  ask: Latency;
  autocomplete: Latency;
  /** Time the worker spent on the calls (bot only). */
  inWorker?: { search: Latency; ask: Latency; autocomplete: Latency };
  /** A burst of 40 concurrent questions (bot: the router's deferral after 1 s, simulated). */
  burst?: { maxDelayMs: number; expired: number; lastAnsweredMs: number };
}

/** The real command handlers, called as the router calls them, with the worker behind `client`. */
export function handlers(client: LibraryClient): { context: CommandContext; command: (name: string) => Command } {
  const registry = new CommandRegistry(commands);
  const context: CommandContext = {
    library: client.api,
    now: () => new Date('2026-08-24T12:00:00Z'),
    random: () => 0.5,
    userId: 'bench',
    guildId: null,
    channelId: null,
    log: createLogger('silent'),
    queryMemo: memoryQueryMemo(),
  };
  return { context, command: (name: string) => registry.get(name) as Command };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export function summarize(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Runs each input `rounds` times (after one warm-up round, then `warmedUp`) and returns p50 and p99 in ms. */
async function latency<T>(inputs: readonly T[], run: (input: T) => unknown, rounds = 3, warmedUp: () => void = () => undefined): Promise<Latency> {
  for (const input of inputs) await run(input);
  warmedUp();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const input of inputs) {
      const started = performance.now();
      await run(input);
      times.push(performance.now() - started);
    }
  }
  return summarize(times);
}

function delayMonitor(): IntervalHistogram {
  const monitor = monitorEventLoopDelay({ resolution: 5 });
  monitor.enable();
  return monitor;
}

/** Lets the delay monitor's timer fire once more, so a block that just ended is recorded. */
async function stopMonitor(monitor: IntervalHistogram): Promise<number> {
  await sleep(30);
  monitor.disable();
  return monitor.max / 1e6;
}

/**
 * The bot as it runs: a library worker loads the digest (cold: building the index, then
 * writing the cache) while the main thread only waits; latencies run from handler input to
 * reply payload through the real command handlers, the worker's own share recorded apart.
 */
export async function measureBot(dir: string, cacheDir: string, maxFileBytes: number): Promise<Measurement> {
  const workerTimes = new Map<string, number[]>();
  const log = createLogger('silent');
  const Client = await compiledLibraryClient();
  const monitor = delayMonitor();
  const started = performance.now();
  const client = new Client({
    init: { digestDir: dir, cacheDir, maxFileBytes, watch: false, logLevel: 'silent' },
    log,
    callTimeoutMs: 600_000,
    onAnswered: (method, ms) => workerTimes.get(method)?.push(ms),
  }).start();
  await client.whenReady();
  const coldStartMs = performance.now() - started;
  const coldMaxDelayMs = await stopMonitor(monitor);

  const { context, command } = handlers(client);
  /** Latencies through the handler, and the worker's time for the same calls (the warm-up round left out of both). */
  const timed = async <T>(method: string, inputs: readonly T[], run: (input: T) => unknown): Promise<[Latency, Latency]> => {
    const result = await latency(inputs, run, 3, () => workerTimes.set(method, []));
    return [result, summarize(workerTimes.get(method) ?? [])];
  };
  const [search, searchInWorker] = await timed('searchPage', KEYWORD_QUERIES, (query) => command('search').run(context, { query }));
  const [ask, askInWorker] = await timed('answer', QUESTIONS, (question) => command('ask').run(context, { question }));
  const [autocomplete, autocompleteInWorker] = await timed('suggestTitles', AUTOCOMPLETE_PREFIXES, (value) =>
    command('paper').autocomplete?.(context, { name: 'title', value }),
  );
  const burst = await measureBurst(command('ask'), context);
  const result: Measurement = {
    implementation: 'bot',
    papers: client.status.indexed,
    coldStartMs,
    warmStartMs: null,
    coldMaxDelayMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    search,
    ask,
    autocomplete,
    inWorker: { search: searchInWorker, ask: askInWorker, autocomplete: autocompleteInWorker },
    burst,
  };
  await client.stop();
  return result;
}

/**
 * 40 questions at once, as 40 interactions would arrive. Each gets its first response as the
 * router gives it: the answer when it is ready within 1 s, else a deferral when the 1 s
 * timer fires (late when the main thread is blocked). An interaction expires when its first
 * response comes after Discord's 3 s.
 */
async function measureBurst(ask: Command, context: CommandContext): Promise<NonNullable<Measurement['burst']>> {
  const monitor = delayMonitor();
  const started = performance.now();
  const firstResponses = await Promise.all(
    QUESTIONS.concat(QUESTIONS)
      .slice(0, 40)
      .map(async (question) => {
        const answered = ask.run(context, { question }).then(() => performance.now() - started);
        const deferred = sleep(DEFER_AFTER_MS).then(() => performance.now() - started);
        return { first: await Promise.race([answered, deferred]), answered: await answered };
      }),
  );
  const maxDelayMs = await stopMonitor(monitor);
  return {
    maxDelayMs,
    expired: firstResponses.filter((response) => response.first > 3000).length,
    lastAnsweredMs: Math.max(...firstResponses.map((response) => response.answered)),
  };
}

/** A cold start alone in its own process, with the given indexing threads (INDEX_THREADS): until answerable, and peak RSS. */
export async function measureCold(dir: string, maxFileBytes: number, indexThreads: 1 | 2): Promise<{ coldStartMs: number; peakRssMb: number }> {
  const Client = await compiledLibraryClient();
  const started = performance.now();
  const client = new Client({ init: { digestDir: dir, maxFileBytes, watch: false, logLevel: 'silent', indexThreads }, log: createLogger('silent') }).start();
  await client.whenReady();
  const coldStartMs = performance.now() - started;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  await client.stop();
  return { coldStartMs, peakRssMb };
}

/** A warm start in its own process: the worker loads the index cache a cold start wrote. */
export async function measureWarm(dir: string, cacheDir: string, maxFileBytes: number): Promise<{ warmStartMs: number; peakRssMb: number }> {
  const Client = await compiledLibraryClient();
  const started = performance.now();
  const client = new Client({ init: { digestDir: dir, cacheDir, maxFileBytes, watch: false, logLevel: 'silent' }, log: createLogger('silent') }).start();
  await client.whenReady();
  const warmStartMs = performance.now() - started;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  await client.stop();
  return { warmStartMs, peakRssMb };
}

/** Plain MiniSearch with default options on title and abstract, on the main thread: the baseline. */
export async function measurePlain(load: () => Promise<Paper[]>): Promise<Measurement> {
  const monitor = delayMonitor();
  const started = performance.now();
  const papers = await load();
  const index = new MiniSearch<Paper>({ idField: 'key', fields: ['title', 'abstract'], storeFields: ['title'] });
  index.addAll(papers);
  const coldStartMs = performance.now() - started;
  const coldMaxDelayMs = await stopMonitor(monitor);
  const json = JSON.stringify(index);
  const warmStarted = performance.now();
  MiniSearch.loadJSON(json, { idField: 'key', fields: ['title', 'abstract'], storeFields: ['title'] });
  const warmStartMs = performance.now() - warmStarted;
  return {
    implementation: 'plain MiniSearch',
    papers: index.documentCount,
    coldStartMs,
    warmStartMs,
    coldMaxDelayMs,
    search: await latency(KEYWORD_QUERIES, (query) => index.search(query)),
    ask: await latency(QUESTIONS, (question) => index.search(question)),
    autocomplete: await latency(AUTOCOMPLETE_PREFIXES, (value) => index.search(value, { prefix: true })),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
