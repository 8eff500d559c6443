import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createLogger } from '../../src/log.js';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.js';
import { isCi } from './require-real-data.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server the store tests create their databases on (its `postgres` database), or null: they skip. */
    postgresUrl: string | null;
    /** A database on it with every migration applied, which each test's database copies (CREATE DATABASE … TEMPLATE), or null. */
    postgresTemplate: string | null;
  }
}

/** Where Debian's packages put the server's programs, when they are not on the PATH. */
const DEBIAN_BIN = '/usr/lib/postgresql';

/**
 * Vitest global setup: a PostgreSQL server for the store contract tests, provided to them as
 * `inject('postgresUrl')` (and a migrated template database, `inject('postgresTemplate')`).
 * TEST_DATABASE_URL names one to use (each test creates and drops a database of its own on
 * it). Otherwise, when `initdb` and `pg_ctl` are on the PATH or under
 * /usr/lib/postgresql/<version>/bin, a throwaway cluster in a temporary folder, on a free
 * loopback port, stopped and removed at the end of the run. Without either the PostgreSQL
 * tests skip, with one line saying why, except in CI, which must run them: there the run
 * stops before any test.
 *
 * Vitest runs a root globalSetup once for the root project and once more for each project
 * that extends it (vitest.config.ts has three); the root's provided values reach every
 * project's tests. So only the root's call starts a server: one per run.
 */
export default async function startPostgres(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!project.isRootProject()) return undefined;
  const given = process.env.TEST_DATABASE_URL;
  if (given !== undefined && given !== '') return provideServer(project, given, () => {});
  const bin = postgresBin();
  if (bin === null) {
    const reason = 'no TEST_DATABASE_URL, and no initdb and pg_ctl on the PATH or under /usr/lib/postgresql/*/bin';
    if (isCi(process.env.CI)) {
      throw new Error(
        `CI=${process.env.CI ?? ''} but no PostgreSQL for the store tests: ${reason}. CI runs them: install PostgreSQL (.ci/run does) or set TEST_DATABASE_URL.`,
      );
    }
    process.stderr.write(`PostgreSQL store tests skipped: ${reason} (install PostgreSQL or set TEST_DATABASE_URL to run them).\n`);
    project.provide('postgresUrl', null);
    project.provide('postgresTemplate', null);
    return undefined;
  }
  const cluster = await startCluster(bin);
  // If the run is killed before its teardown, still stop the server rather than leave it running.
  process.once('exit', cluster.stop);
  return provideServer(project, cluster.url, () => {
    process.removeListener('exit', cluster.stop);
    cluster.stop();
  });
}

/**
 * Provides the server and a template database migrated once for the run, which the tests'
 * databases copy: a copy is as quick to make as an empty database, and spares each test the
 * migrations (openPostgresStores then finds them applied). The teardown drops the template,
 * then calls `stop`.
 */
async function provideServer(project: TestProject, url: string, stop: () => void): Promise<() => Promise<void>> {
  const template = `store_template_${randomBytes(6).toString('hex')}`;
  const onServer = async (sql: string, parameters: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql, parameters);
    } finally {
      await client.end();
    }
  };
  try {
    await onServer(`CREATE DATABASE ${template}`);
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${template}`;
    await (await openPostgresStores(templateUrl.toString(), { log: createLogger('warn') })).close();
    // A copy needs the template free of connections: end any the closed pool has not finished ending.
    await onServer('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [template]);
  } catch (error) {
    await onServer(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {}); // the server may be what failed
    stop();
    throw error;
  }
  project.provide('postgresUrl', url);
  project.provide('postgresTemplate', template);
  return async () => {
    try {
      await onServer(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    } finally {
      stop();
    }
  };
}

/** The folder holding initdb and pg_ctl: the PATH's, else the newest Debian version's; null when there is none. */
function postgresBin(): string | null {
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
 * (runuser). Durability is off (fsync, full-page writes, synchronous commit): the cluster is
 * thrown away after the run.
 */
async function startCluster(bin: string): Promise<{ url: string; stop: () => void }> {
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
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200`;
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', 'start']);
    let stopped = false;
    return {
      url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      stop: () => {
        if (stopped) return;
        stopped = true;
        try {
          run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
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
