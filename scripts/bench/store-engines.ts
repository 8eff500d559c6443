/**
 * `npx tsx scripts/bench/store-engines.ts`: the stores on SQLite and on PostgreSQL, side by
 * side from one run: what a /saved page and a search page's memo cost on each engine, and how
 * many announcements a second the outbox settles on each (form batches, claim, mark sent, as
 * the outbox worker does, with a post that costs nothing, so the database is all that is
 * measured; on PostgreSQL each claim with a scope and a lease, as machines sharing it claim),
 * and how long `npm run migrate-state` takes to copy COPY_ROWS known papers and as
 * many deliveries. PostgreSQL is the server of BENCH_DATABASE_URL (any database on it, such as
 * `postgres`): the script creates a database of its own there and drops it after. Without it
 * only SQLite is measured.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Paper } from '../../src/digest/paper.js';
import { paperShortId } from '../../src/library/short-id.js';
import { createLogger } from '../../src/log.js';
import { CLAIM_LEASE_MS } from '../../src/announce/outbox-worker.js';
import { copySqliteToPostgres } from '../../src/store/copy-sqlite-to-postgres.js';
import type { ClaimScope } from '../../src/store/outbox-store.js';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import type { Stores } from '../../src/store/stores.js';

const USER = '400000000000000001';
const SAMPLES = 300;
const DELIVERIES = 2000;
const CHANNELS = 100;
const COPY_ROWS = 100_000;

const paper = (i: number): Paper => {
  const key = `2611.${String(i).padStart(5, '0')}`;
  return {
    key,
    arxivId: key,
    title: `Benchmark Paper ${i}`,
    abstract: 'A paper for the store benchmark. '.repeat(20),
    publishedAt: '2026-11-20',
    listedOn: null,
    upvotes: i % 50,
    organization: null,
    authorCount: 2,
    links: [],
    keywords: [],
    authors: null,
    aiSummary: null,
    githubStars: null,
    comments: null,
    countsAsOf: null,
    thumbnail: null,
    source: { file: 'bench.json', line: null },
  };
};

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;

async function timeEach(run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

/**
 * `scope`: claim as a machine sharing PostgreSQL does (every guild, the unguilded lane, a
 * lease: see ClaimScope), which also moves each claimed batch's next attempt on.
 */
async function measure(stores: Stores, scope?: ClaimScope): Promise<Record<string, string>> {
  for (let i = 0; i < 50; i++) await stores.saved.save(USER, paper(i), paperShortId(paper(i)), new Date(Date.UTC(2026, 10, 20, 0, 0, i)));
  const page = await timeEach((i) => stores.saved.page(USER, (i % 10) * 5, 5));
  const remember = await timeEach((i) => stores.queryMemo.remember(`token-${i}`, `a long search query number ${i}`, new Date()));
  const recall = await timeEach((i) => stores.queryMemo.recall(`token-${i}`));

  const channels = Array.from({ length: CHANNELS }, (_, i) => `3000000000000${String(i).padStart(5, '0')}`);
  const deliveries = Array.from({ length: DELIVERIES }, (_, i) => ({
    paper: paper(1000 + Math.floor(i / CHANNELS)),
    channelId: channels[i % CHANNELS] as string,
  }));
  const start = performance.now();
  await stores.outbox.enqueue(deliveries);
  await stores.outbox.formBatches();
  let batches = 0;
  const claim = () => stores.outbox.claimNext(Date.now(), undefined, scope);
  for (let batch = await claim(); batch !== null; batch = await claim()) {
    await stores.outbox.markSent(batch.id, `message-${batch.id}`);
    batches++;
  }
  const seconds = (performance.now() - start) / 1000;
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  return {
    '/saved page (5 of 50): p50 / p99': `${ms(page.p50)} / ${ms(page.p99)}`,
    'search page memo, remember: p50 / p99': `${ms(remember.p50)} / ${ms(remember.p99)}`,
    'search page memo, recall: p50 / p99': `${ms(recall.p50)} / ${ms(recall.p99)}`,
    [`outbox: ${DELIVERIES} deliveries to ${CHANNELS} channels`]: `${batches} posts in ${seconds.toFixed(2)} s: ${Math.round(batches / seconds)} posts/s, ${Math.round(DELIVERIES / seconds)} papers/s`,
  };
}

/** Fills a SQLite DATA_DIR with COPY_ROWS known papers and as many deliveries, and times their copy into a new PostgreSQL database. */
async function measureCopy(newDatabase: () => Promise<{ url: string; drop: () => Promise<void> }>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-copy-'));
  const database = await newDatabase();
  try {
    const sqlite = openSqliteStores(dir);
    const keys = Array.from({ length: COPY_ROWS }, (_, i) => `2601.${String(i).padStart(5, '0')}`);
    await sqlite.known.rememberKeys(keys, 'import');
    await sqlite.outbox.enqueue(keys.map((key, i) => ({ paper: { ...paper(i), key, arxivId: key }, channelId: 'ch' })));
    await sqlite.close();
    const start = performance.now();
    const counts = await copySqliteToPostgres(dir, database.url, { log: createLogger('warn') });
    const seconds = (performance.now() - start) / 1000;
    return `${counts.known_papers} known papers and ${counts.deliveries} deliveries copied in ${seconds.toFixed(1)} s`;
  } finally {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-stores-'));
  const results: Record<string, Record<string, string>> = {};
  let copied: string | null = null;
  try {
    const sqlite = openSqliteStores(dir);
    results.SQLite = await measure(sqlite);
    await sqlite.close();
    const server = process.env.BENCH_DATABASE_URL;
    if (server) {
      const onServer = async (sql: string) => {
        const client = new pg.Client({ connectionString: server });
        await client.connect();
        await client.query(sql).finally(() => client.end());
      };
      const newDatabase = async () => {
        const name = `bench_stores_${randomBytes(4).toString('hex')}`;
        await onServer(`CREATE DATABASE ${name}`);
        const url = new URL(server);
        url.pathname = `/${name}`;
        return { url: url.toString(), drop: () => onServer(`DROP DATABASE ${name} WITH (FORCE)`) };
      };
      const database = await newDatabase();
      const postgres = await openPostgresStores(database.url, { log: createLogger('warn') });
      try {
        results.PostgreSQL = await measure(postgres, { shards: null, unguilded: true, leaseMs: CLAIM_LEASE_MS });
      } finally {
        await postgres.close();
        await database.drop();
      }
      copied = await measureCopy(newDatabase);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const engines = Object.keys(results);
  const rows = Object.keys(results.SQLite ?? {});
  process.stdout.write(`| measure | ${engines.join(' | ')} |\n|---|${engines.map(() => '---').join('|')}|\n`);
  for (const row of rows) process.stdout.write(`| ${row} | ${engines.map((engine) => results[engine]?.[row]).join(' | ')} |\n`);
  if (copied) process.stdout.write(`\nnpm run migrate-state: ${copied}\n`);
  if (!process.env.BENCH_DATABASE_URL)
    process.stdout.write('\n(PostgreSQL not measured: set BENCH_DATABASE_URL to a PostgreSQL server, such as postgres://postgres@127.0.0.1:5432/postgres.)\n');
}

await main();
