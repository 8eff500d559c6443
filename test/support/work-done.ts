import type { ChildProcess } from 'node:child_process';
import { vi } from 'vitest';
import type { RunningBot } from '../../src/start-bot.js';
import type { memoryLogger } from './memory-log.js';

/**
 * Signals that a bot's work is done, for "nothing more happened" checks: wait for the work
 * that could still post something to be finished, then assert. No fixed sleeps.
 */

type LogLine = Record<string, unknown>;
type MemoryLogs = ReturnType<typeof memoryLogger>;
/** A bot started by `spawnBot`: its process and what it wrote to standard error. */
export interface SpawnedBot {
  child: ChildProcess;
  log: () => string;
}

const POLL = { interval: 20 };

/** How many lines were logged so far: pass it as `from` to look only at the lines logged after this point. */
export function logMark(logs: MemoryLogs | SpawnedBot): number {
  return linesOf(logs).length;
}

/** Waits for the `nth` line matching `match` (the first by default) logged at index `from` or later; returns it. */
export function logged(logs: MemoryLogs | SpawnedBot, match: (line: LogLine) => boolean, { from = 0, nth = 1, timeout = 10_000 } = {}): Promise<LogLine> {
  return vi.waitUntil(() => linesOf(logs).slice(from).filter(match)[nth - 1], { ...POLL, timeout });
}

/** The channels a spawned bot's log says it posted announcements to (`announcement posted`), in order. */
export function postedChannels(bot: SpawnedBot): string[] {
  return linesOf(bot).flatMap((line) => (line.msg === 'announcement posted' ? [String(line.channel)] : []));
}

/** The JSON lines logged so far (a spawned bot's standard error; a partial last line is left out). */
function linesOf(logs: MemoryLogs | SpawnedBot): LogLine[] {
  if ('lines' in logs) return logs.lines();
  return logs
    .log()
    .split('\n')
    .flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
}

/**
 * Resolves once the outbox of a bot in this process has nothing left to post: no delivery
 * or batch pending in its store. A round trip to the library worker comes first: the worker
 * answers only after every message it sent before (its `added` reports of new papers among
 * them), and the announcer queues what those bring before the next message is read (the
 * SQLite stores answer within the same turn), so papers the worker has logged as read are
 * queued, or known, before the store is looked at.
 */
export async function outboxDrained(bot: RunningBot, timeout = 10_000): Promise<void> {
  await bot.library.api.status();
  await vi.waitUntil(async () => (await bot.stores?.outbox.backlog()) === 0, { ...POLL, timeout });
}

/** What GET /health of a spawned bot answers (the fields these waits read). */
interface Health {
  outbox: { backlog: number | null; halted: string | null };
  feed: { lastPoll: { at: string; status: number | null; outcome: string } | null };
}

/** GET /health of a bot spawned with HEALTH_PORT=0: the port is the one its log names. */
export async function healthOf(bot: SpawnedBot): Promise<Health> {
  const line = linesOf(bot).find((entry) => entry.msg === 'health endpoint listening');
  if (typeof line?.port !== 'number') throw new Error('the bot logged no health port: spawn it with HEALTH_PORT=0');
  const response = await fetch(`http://127.0.0.1:${line.port}/health`);
  return (await response.json()) as Health;
}

/** Waits until the health of a spawned bot satisfies `check`; returns that report. */
export function healthUntil(bot: SpawnedBot, check: (health: Health) => boolean, timeout = 15_000): Promise<Health> {
  return vi.waitUntil(
    async () => {
      // A refused connection (the bot still starting its health server) is a reason to ask again.
      const health = await healthOf(bot).catch(() => undefined);
      return health && check(health) ? health : undefined;
    },
    { ...POLL, timeout },
  );
}

/** Resolves once the store of a spawned bot (spawned with HEALTH_PORT=0) has nothing left to post. */
export async function spawnedOutboxDrained(bot: SpawnedBot, timeout = 15_000): Promise<void> {
  await healthUntil(bot, (health) => health.outbox.backlog === 0, timeout);
}
