import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** Where Debian's packages put the server's programs, when they are not on the PATH. */
const DEBIAN_BIN = '/usr/lib/postgresql';

/** A throwaway PostgreSQL server (see startCluster). */
export interface PostgresCluster {
  /** Its `postgres` database, as user `postgres` (trusted). */
  url: string;
  /** Stops the server (fast shutdown: sessions end) and keeps its data, as an outage does. */
  pause(): void;
  /** Starts it again on the same port and data. */
  resume(): void;
  /** Stops it for good and removes its folder. */
  stop(): void;
}

/** The folder holding initdb and pg_ctl: the PATH's, else the newest Debian version's; null when there is none. */
export function postgresBin(): string | null {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).find((dir) => dir !== '' && hasServerPrograms(dir));
  if (onPath !== undefined) return onPath;
  if (!existsSync(DEBIAN_BIN)) return null;
  const versions = readdirSync(DEBIAN_BIN)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a));
  const found = versions.map((version) => path.join(DEBIAN_BIN, version, 'bin')).find(hasServerPrograms);
  return found ?? null;
}

function hasServerPrograms(dir: string): boolean {
  return existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'));
}

/**
 * initdb and a started server in a new temporary folder, trusting local connections as user
 * `postgres`. initdb and the server refuse to run as root: as root the folder goes to the
 * `postgres` user (which Debian's package creates) and the programs run as that user
 * (runuser). Durability is off (fsync, full-page writes, synchronous commit), and so is
 * autovacuum (no background work beside the timing-sensitive tests): the cluster is thrown
 * away after the run.
 */
export async function startCluster(bin: string): Promise<PostgresCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-test-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  const run = (program: string, args: string[]) => {
    const result = spawnSync(...runAs(asRoot, path.join(bin, program), args), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  };
  const data = path.join(dir, 'data');
  try {
    run('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
    const port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200 -c autovacuum=off`;
    const start = () => run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', 'start']);
    const halt = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    start();
    let state: 'running' | 'paused' | 'stopped' = 'running';
    return {
      url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      pause: () => {
        if (state !== 'running') throw new Error(`cannot pause a ${state} test server`);
        halt();
        state = 'paused';
      },
      resume: () => {
        if (state !== 'paused') throw new Error(`cannot resume a ${state} test server`);
        start();
        state = 'running';
      },
      stop: () => {
        if (state === 'stopped') return;
        const wasRunning = state === 'running';
        state = 'stopped';
        try {
          if (wasRunning) halt();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    // A server that started too slowly for pg_ctl's wait may still be coming up: stop it before removing its folder.
    if (existsSync(path.join(data, 'postmaster.pid'))) spawnSync(...runAs(asRoot, path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The command that runs `program` as the `postgres` user when we are root (runuser), else as ourselves. */
function runAs(asRoot: boolean, program: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root, the test PostgreSQL needs a `postgres` user to run as (the postgresql package creates it)');
  }
}

/** A TCP port free on the loopback address now (the server takes it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
