import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GUILD_ID } from '../fake-discord/constants.js';
import { FakeDiscord } from '../fake-discord/fake-discord.js';
import { buildIfStale } from './compiled-client.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const TOKEN = 'bench-deployment-token.abcdefghijklmnop';
/** How long the warm bot sits idle before its idle RSS is read. */
const IDLE_AFTER_MS = 15_000;

export interface DeploymentMeasurement {
  shards: number;
  guilds: number;
  /** Until logged in on every shard with the digest loaded. */
  coldReadyMs: number;
  warmReadyMs: number;
  /** VmHWM of the process (main thread and library worker together). */
  coldPeakRssMb: number;
  warmPeakRssMb: number;
  /** RSS once warm and idle for IDLE_AFTER_MS, before the burst. */
  warmIdleRssMb: number;
  /** CPU time of the process from start to ready (warm), and for a burst of 40 questions. */
  warmStartCpuMs: number;
  burstCpuMs: number;
  burstExpired: number;
  burstLastAnswerMs: number;
}

/** `guilds` snowflakes, the first the fake's main guild, spread over the shards round-robin ((id >> 22) % shards). */
function guildIds(count: number): string[] {
  const first = BigInt(GUILD_ID);
  return Array.from({ length: count }, (_, i) => String(first + (BigInt(i) << 22n)));
}

function procStatus(pid: number): { rssMb: number; peakRssMb: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
  const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const stat = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024, cpuMs: ticks * 10 };
}

/** One run of the bot as `npm start` runs it (the compiled entry point, no Node options); resolves once it logged "bot ready". */
async function runBot(discord: FakeDiscord, env: Record<string, string>) {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ENV_FILE: 'none', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk) => (log += String(chunk)));
  const started = performance.now();
  await discord.waitFor(() => (log.includes('"msg":"bot ready"') ? true : undefined), 900_000);
  return { child, readyMs: performance.now() - started, log: () => log };
}

/**
 * The whole deployment as it runs in production: `npm start`'s compiled entry point in its own process,
 * with `shards` internal shards and one library worker, logged in to the Discord-compatible
 * server of scripts/fake-discord serving `guilds` guilds. A cold start (no index cache), then
 * a warm one, and a burst of 40 questions on the warm one. Linux only (reads /proc).
 */
export async function measureDeployment(digestDir: string, shards: number, guilds: number): Promise<DeploymentMeasurement> {
  // npm start's prestart: compile to dist/ unless it is current.
  buildIfStale();
  const discord = await new FakeDiscord({ shardCount: shards, guilds: guildIds(guilds) }).start();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-deployment-'));
  const env = {
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: GUILD_ID,
    DIGEST_DIR: digestDir,
    DATA_DIR: dataDir,
    DISCORD_SHARD_COUNT: String(shards),
    LOG_LEVEL: 'info',
    ASK_COOLDOWN_SECONDS: '0',
    MAX_DIGEST_FILE_BYTES: String(1 << 30),
  };
  try {
    const cold = await runBot(discord, env);
    // The index cache is written once the digest serves (stopping waits for it too).
    await discord.waitFor(() => (cold.log().includes('"msg":"index cache written"') ? true : undefined), 300_000);
    const coldPeakRssMb = procStatus(cold.child.pid as number).peakRssMb;
    cold.child.kill('SIGTERM');
    await new Promise((resolve) => cold.child.once('exit', resolve));

    const warm = await runBot(discord, env);
    const pid = warm.child.pid as number;
    const ready = procStatus(pid);
    // Idle: once V8 has had the quiet seconds it waits for before it shrinks the heaps the
    // load left behind (read at "bot ready", RSS still held the load's garbage).
    await sleep(IDLE_AFTER_MS);
    const idle = procStatus(pid);
    const burstStarted = performance.now();
    const ids = Array.from(
      { length: 40 },
      (_, i) => discord.slashCommand('ask', { question: `which paper reduces the KV cache memory of long context models? (${i})` }).id,
    );
    for (const id of ids) await discord.finalMessage(id, 60_000);
    const burstLastAnswerMs = performance.now() - burstStarted;
    const after = procStatus(pid);
    const firstResponse = (id: string) => (discord.firstResponseAt.get(id) as number) - (discord.dispatchedAt.get(id) as number);
    const result: DeploymentMeasurement = {
      shards,
      guilds,
      coldReadyMs: cold.readyMs,
      warmReadyMs: warm.readyMs,
      coldPeakRssMb,
      warmPeakRssMb: after.peakRssMb,
      warmIdleRssMb: idle.rssMb,
      warmStartCpuMs: ready.cpuMs,
      burstCpuMs: after.cpuMs - idle.cpuMs,
      burstExpired: ids.filter((id) => firstResponse(id) > 3000).length + discord.rejections.filter((rejection) => rejection.code === 10062).length,
      burstLastAnswerMs,
    };
    warm.child.kill('SIGTERM');
    await new Promise((resolve) => warm.child.once('exit', resolve));
    return result;
  } finally {
    await discord.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
