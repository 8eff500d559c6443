import { monitorEventLoopDelay } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/command/command.js';
import { CommandRegistry } from '../../src/command/command-registry.js';
import type { Paper } from '../../src/digest/paper.js';
import { Library } from '../../src/library/library.js';
import type { Topic } from '../../src/library/topics.js';
import { createLogger } from '../../src/log.js';
import { AUTOCOMPLETE_PREFIXES, KEYWORD_QUERIES, QUESTIONS } from './queries.js';

export interface Latency {
  p50: number;
  p99: number;
}

export interface Measurement {
  implementation: 'bot' | 'plain MiniSearch';
  papers: number;
  coldStartMs: number;
  warmStartMs: number | null;
  /** Peak RSS of the warm-start process, when measured apart. */
  warmPeakRssMb?: number;
  /** The longest the event loop was blocked during the cold start (gateway heartbeats, interactions wait this long). */
  longestPauseMs: number;
  peakRssMb: number;
  search: Latency;
  ask: Latency;
  autocomplete: Latency;
}

/** Lets the delay monitor's timer fire once more, so a block that just ended is recorded. */
function settleLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs each input `rounds` times (after one warm-up round) and returns p50 and p99 in ms. */
async function latency<T>(inputs: readonly T[], run: (input: T) => unknown, rounds = 3): Promise<Latency> {
  for (const input of inputs) await run(input);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const input of inputs) {
      const started = performance.now();
      await run(input);
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/**
 * The bot: cold start is reading the digest and building the library in slices (until it
 * could answer); warm start is `loadLibrary` with the index cache the cold start wrote.
 * Latencies run from handler input to reply payload, through the real command handlers.
 */
export async function measureBot(
  load: () => Promise<Paper[]>,
  topics: readonly Topic[],
  afterCold?: (library: Library) => Promise<void>,
): Promise<Measurement> {
  const pauses = monitorEventLoopDelay({ resolution: 10 });
  pauses.enable();
  const started = performance.now();
  const library = await Library.build(await load(), topics);
  const coldStartMs = performance.now() - started;
  await settleLoop();
  pauses.disable();
  const registry = new CommandRegistry(commands);
  const context = { library, now: () => new Date('2026-11-28T12:00:00Z'), random: () => 0.5, userId: 'bench', guildId: null, log: createLogger('silent') };
  const command = (name: string) => registry.get(name) as Command;
  const result: Measurement = {
    implementation: 'bot',
    papers: library.size,
    coldStartMs,
    warmStartMs: null,
    longestPauseMs: pauses.max / 1e6,
    search: await latency(KEYWORD_QUERIES, (query) => command('search').run(context, { query })),
    ask: await latency(QUESTIONS, (question) => command('ask').run(context, { question })),
    autocomplete: await latency(AUTOCOMPLETE_PREFIXES, (value) => command('paper').autocomplete?.(context, { name: 'title', value })),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  await afterCold?.(library);
  return result;
}

/** A warm start in its own process: `loadLibrary` with the index cache a cold start wrote. */
export async function measureWarm(start: () => Promise<Library>): Promise<{ warmStartMs: number; peakRssMb: number }> {
  const started = performance.now();
  await start();
  return { warmStartMs: performance.now() - started, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** Plain MiniSearch with default options on title and abstract: the baseline. */
export async function measurePlain(load: () => Promise<Paper[]>): Promise<Measurement> {
  const pauses = monitorEventLoopDelay({ resolution: 10 });
  pauses.enable();
  const started = performance.now();
  const papers = await load();
  const index = new MiniSearch<Paper>({ idField: 'key', fields: ['title', 'abstract'], storeFields: ['title'] });
  index.addAll(papers);
  const coldStartMs = performance.now() - started;
  await settleLoop();
  pauses.disable();
  const json = JSON.stringify(index);
  const warmStarted = performance.now();
  MiniSearch.loadJSON(json, { idField: 'key', fields: ['title', 'abstract'], storeFields: ['title'] });
  const warmStartMs = performance.now() - warmStarted;
  return {
    implementation: 'plain MiniSearch',
    papers: index.documentCount,
    coldStartMs,
    warmStartMs,
    longestPauseMs: pauses.max / 1e6,
    search: await latency(KEYWORD_QUERIES, (query) => index.search(query)),
    ask: await latency(QUESTIONS, (question) => index.search(question)),
    autocomplete: await latency(AUTOCOMPLETE_PREFIXES, (value) => index.search(value)),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
