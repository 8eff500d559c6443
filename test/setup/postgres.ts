import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createLogger } from '../../src/log.js';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.js';
import { postgresBin, startCluster } from '../support/postgres-cluster.js';
import { isCi } from './require-real-data.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server the store tests create their databases on (its `postgres` database), or null: they skip. */
    postgresUrl: string | null;
    /** A database on it with every migration applied, which each test's database copies (CREATE DATABASE … TEMPLATE), or null. */
    postgresTemplate: string | null;
  }
}

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
