import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { createLogger, type Logger } from '../log.js';
import { RegistrationSchema } from './command-registration-store.js';
import { createPool, transaction } from './postgres/database.js';
import { openPostgresStores } from './postgres/open-postgres-stores.js';
import { openSqliteStores } from './sqlite/open-sqlite-stores.js';

/** The database file openSqliteStores keeps in DATA_DIR. */
export const SQLITE_DATABASE_FILE = 'paper-bot.sqlite';

/**
 * Every table of the SQLite schema, in the order they are copied (a batch before the
 * deliveries that name it). A SQLite table not listed here stops the copy, rather than be
 * left behind.
 */
export const COPIED_TABLES = [
  'meta',
  'known_papers',
  'subscriptions',
  'batches',
  'deliveries',
  'outbox_turns',
  'search_queries',
  'digest_outcomes',
  'saved_papers',
  'hf_papers',
  'unfurl_channels',
  'feed_files',
] as const;

/** The PostgreSQL table of the command-registration record, which SQLite's side keeps as files in DATA_DIR. */
const REGISTRATIONS_TABLE = 'command_registrations';
const REGISTRATION_FILE = /^registered-commands-(.+)\.json$/;

/** PostgreSQL columns filled from SQLite's rowid: outbox_turns breaks ties in `served` by rowid there, by `seq` here. */
const FROM_ROWID: Readonly<Record<string, string>> = { outbox_turns: 'seq' };

/** The sequence of `outbox_turns.served`, if the schema has one: moved past the largest `served` copied. */
const SERVED_SEQUENCE = 'outbox_served';

export type CopyCounts = Record<(typeof COPIED_TABLES)[number] | typeof REGISTRATIONS_TABLE, number>;

export interface CopyOptions {
  /** Where an unreadable registration file is reported, and the stores' own log; default warnings on standard error. */
  log?: Logger;
  /** Rows per INSERT (default 1000). */
  rowsPerStatement?: number;
}

/** The target database holds state already: copying into it could announce papers twice or merge two states. */
export class TargetNotEmptyError extends Error {
  override readonly name = 'TargetNotEmptyError';
  constructor(readonly tables: readonly string[]) {
    super(`the PostgreSQL database already holds state (rows in ${tables.join(', ')}): copy only into a database no bot has used`);
  }
}

/** `<dataDir>/paper-bot.sqlite`, the SQLite database of a DATA_DIR. */
export function sqliteDatabaseFile(dataDir: string): string {
  return path.join(dataDir, SQLITE_DATABASE_FILE);
}

/**
 * Copies the state of a SQLite DATA_DIR (`paper-bot.sqlite` and its `registered-commands-*.json`
 * files) into the PostgreSQL database at `databaseUrl`, in one transaction: every row of every
 * table with its id (deliveries keep their batches, digest keys their subscriptions), then
 * each identity sequence moved past the ids copied and the ids SQLite's AUTOINCREMENT has
 * handed out (a removed subscription's id is never reused, so no new subscription inherits
 * its digests' keys). Both databases are migrated first (openSqliteStores, openPostgresStores).
 * Rejects with TargetNotEmptyError when any of the target's tables holds a row, and with a
 * message naming the table when a row cannot be copied; then nothing is copied. The bot
 * should be stopped: the copy reads one snapshot of the SQLite file. Resolves to the rows
 * copied per table.
 */
export async function copySqliteToPostgres(dataDir: string, databaseUrl: string, options: CopyOptions = {}): Promise<CopyCounts> {
  const file = sqliteDatabaseFile(dataDir);
  if (!existsSync(file)) throw new Error(`no SQLite database at ${file}: nothing to copy`);
  const log = options.log ?? createLogger('warn');
  const rowsPerStatement = options.rowsPerStatement ?? 1000;
  await openSqliteStores(dataDir).close();
  await (await openPostgresStores(databaseUrl, { log })).close();

  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  const pool = createPool(databaseUrl, log, { maxConnections: 1 });
  try {
    sqlite.exec('BEGIN'); // one snapshot for every table
    const sqliteColumns = sqliteSchema(sqlite);
    const registrations = await registrationRows(dataDir, log);
    return await transaction(pool, async (client) => {
      const pgColumns = await postgresSchema(client);
      await refuseUnlessEmpty(client);

      const counts = {} as CopyCounts;
      for (const table of COPIED_TABLES) {
        const plan = copyPlan(table, sqliteColumns.get(table) ?? [], pgColumns.get(table) ?? []);
        counts[table] = await copyTable(sqlite, client, plan, rowsPerStatement);
      }
      const registrationPlan = { table: REGISTRATIONS_TABLE, columns: ['scope', 'record', 'written_at'], types: ['text', 'text', 'text'], overriding: false };
      counts[REGISTRATIONS_TABLE] = await insertRows(client, registrationPlan, registrations);
      await moveSequences(client, sqlite, pgColumns);
      return counts;
    });
  } finally {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    sqlite.close();
    await pool.end();
  }
}

/**
 * Locks every table of the schema against writers (the migrations' own record aside; a table
 * a later migration adds too) and throws TargetNotEmptyError when any holds a row. The lock
 * lasts until the copy commits, so a bot started meanwhile waits rather than writes between.
 */
async function refuseUnlessEmpty(client: pg.PoolClient): Promise<void> {
  const known: string[] = [...COPIED_TABLES, REGISTRATIONS_TABLE];
  const others = (
    await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`,
    )
  ).rows.flatMap(({ name }) => (known.includes(name) ? [] : [name]));
  const tables = [...known, ...others];
  await client.query(`LOCK TABLE ${tables.map(quote).join(', ')} IN EXCLUSIVE MODE`);
  const holding: string[] = [];
  for (const table of tables) if ((await client.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`)).rowCount !== 0) holding.push(table);
  if (holding.length > 0) throw new TargetNotEmptyError(holding);
}

interface PgColumn {
  name: string;
  /** The type's name, as an array of it is written (`int8`, `bool`, `text`). */
  type: string;
  identity: boolean;
  /** Whether an INSERT that leaves it out still works (a default, an identity, or NULL allowed). */
  optional: boolean;
}

/** How one table is copied: the PostgreSQL columns and their types, each filled from the SQLite column of the same name (or rowid). */
interface CopyPlan {
  table: string;
  columns: string[];
  types: string[];
  /** Some column is an identity column: the INSERT says OVERRIDING SYSTEM VALUE, so the ids copied are kept. */
  overriding: boolean;
}

/** The columns of every SQLite table; throws when the file has a table the copy does not know, or lacks one it does. */
function sqliteSchema(sqlite: Database.Database): Map<string, string[]> {
  const tables = sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().all() as string[];
  const unknown = tables.filter((table) => !(COPIED_TABLES as readonly string[]).includes(table));
  if (unknown.length > 0) throw new Error(`the SQLite database has tables the copy does not know (${unknown.join(', ')}): update copy-sqlite-to-postgres.ts`);
  const missing = COPIED_TABLES.filter((table) => !tables.includes(table));
  if (missing.length > 0) throw new Error(`the SQLite database lacks tables (${missing.join(', ')})`);
  return new Map(tables.map((table) => [table, (sqlite.pragma(`table_info(${quote(table)})`) as { name: string }[]).map((column) => column.name)]));
}

async function postgresSchema(client: pg.PoolClient): Promise<Map<string, PgColumn[]>> {
  const rows = await client.query<{ table_name: string; column_name: string; udt_name: string; nullable: boolean; has_default: boolean; identity: boolean }>(
    `SELECT table_name, column_name, udt_name, is_nullable = 'YES' AS nullable, column_default IS NOT NULL AS has_default, is_identity = 'YES' AS identity
     FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, PgColumn[]>();
  for (const row of rows.rows) {
    const columns = tables.get(row.table_name) ?? [];
    columns.push({ name: row.column_name, type: row.udt_name, identity: row.identity, optional: row.nullable || row.has_default || row.identity });
    tables.set(row.table_name, columns);
  }
  return tables;
}

/** Pairs the columns of the two schemas; throws when a SQLite column has nowhere to go, or a PostgreSQL column nothing to fill it. */
function copyPlan(table: string, sqliteColumns: readonly string[], pgColumns: readonly PgColumn[]): CopyPlan {
  if (pgColumns.length === 0) throw new Error(`the PostgreSQL schema has no table ${table}`);
  const byName = new Map(pgColumns.map((column) => [column.name, column]));
  const orphans = sqliteColumns.filter((name) => !byName.has(name));
  if (orphans.length > 0) throw new Error(`${table}: no PostgreSQL column for SQLite's ${orphans.join(', ')}`);
  const fromRowid = FROM_ROWID[table];
  const columns = pgColumns.filter((column) => sqliteColumns.includes(column.name) || column.name === fromRowid);
  const unfilled = pgColumns.filter((column) => !columns.includes(column) && !column.optional);
  if (unfilled.length > 0) throw new Error(`${table}: nothing in SQLite fills PostgreSQL's ${unfilled.map((column) => column.name).join(', ')}`);
  return {
    table,
    columns: columns.map((column) => column.name),
    types: columns.map((column) => column.type),
    overriding: columns.some((column) => column.identity),
  };
}

/** Copies one table, `rowsPerStatement` rows at a time in rowid order; resolves to the rows copied. */
async function copyTable(sqlite: Database.Database, client: pg.PoolClient, plan: CopyPlan, rowsPerStatement: number): Promise<number> {
  const fromRowid = FROM_ROWID[plan.table];
  const select = sqlite
    .prepare(
      `SELECT rowid, ${plan.columns.map((column) => (column === fromRowid ? 'rowid' : quote(column))).join(', ')} FROM ${quote(plan.table)} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
    )
    .raw();
  let copied = 0;
  for (let after = 0; ;) {
    const rows = select.all(after, rowsPerStatement) as unknown[][];
    if (rows.length === 0) return copied;
    after = rows.at(-1)?.[0] as number;
    copied += await insertRows(
      client,
      plan,
      rows.map((row) =>
        row.slice(1).map((value, index) => toPostgres(value, plan.types[index] as string, `${plan.table} row ${row[0] as number}, ${plan.columns[index]}`)),
      ),
    );
  }
}

/** One INSERT of many rows (an array per column, unnested), so 100,000 rows take a hundred statements, not 100,000. */
async function insertRows(client: pg.PoolClient, plan: CopyPlan, rows: readonly unknown[][]): Promise<number> {
  if (rows.length === 0) return 0;
  const arrays = plan.columns.map((_, index) => rows.map((row) => row[index]));
  const sql = `INSERT INTO ${quote(plan.table)} (${plan.columns.map(quote).join(', ')})${plan.overriding ? ' OVERRIDING SYSTEM VALUE' : ''}
    SELECT * FROM unnest(${plan.types.map((type, index) => `$${index + 1}::${quote(type)}[]`).join(', ')})`;
  try {
    return (await client.query(sql, arrays)).rowCount ?? 0;
  } catch (error) {
    throw new Error(`copying ${plan.table}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A SQLite value as the PostgreSQL column of `type` takes it: SQLite's 0/1 flags become
 * booleans. Text PostgreSQL cannot hold (a NUL character) stops the copy, naming the row.
 */
function toPostgres(value: unknown, type: string, where: string): unknown {
  if (value === null) return null;
  if (type === 'bool') {
    if (value === 0 || value === 1) return value === 1;
    throw new Error(`${where}: ${JSON.stringify(value)} is not a SQLite flag (0 or 1)`);
  }
  if (type === 'text') {
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    if (typeof value !== 'string') throw new Error(`${where}: a ${value instanceof Uint8Array ? 'blob' : typeof value} where PostgreSQL keeps text`);
    if (value.includes('\u0000'))
      throw new Error(`${where}: holds a NUL character, which PostgreSQL text cannot hold; edit or delete that row in SQLite first`);
  }
  return typeof value === 'bigint' ? value.toString() : value;
}

/** The registration files of DATA_DIR as rows (scope, record, written_at: the file's time); an unreadable one is logged and left out, as the bot would read it as none. */
async function registrationRows(dataDir: string, log: Logger): Promise<string[][]> {
  const rows: string[][] = [];
  for (const name of (await readdir(dataDir)).sort()) {
    const scope = REGISTRATION_FILE.exec(name)?.[1];
    if (scope === undefined) continue;
    const file = path.join(dataDir, name);
    try {
      const record = RegistrationSchema.parse(JSON.parse(await readFile(file, 'utf8')));
      rows.push([scope, JSON.stringify(record), (await stat(file)).mtime.toISOString()]);
    } catch (error) {
      log.warn({ file, reason: (error as Error).message }, 'command registration record unreadable: not copied (the bot registers its commands again)');
    }
  }
  return rows;
}

/**
 * Moves each identity sequence of the copied tables past the largest id copied and past
 * SQLite's own counter (sqlite_sequence: ids once handed out, their rows since deleted), and
 * the `served` sequence, if there is one, past the largest `served`, and the feed files'
 * revisions past the largest copied.
 */
async function moveSequences(client: pg.PoolClient, sqlite: Database.Database, pgColumns: Map<string, PgColumn[]>): Promise<void> {
  const handedOut = new Map(
    (sqlite.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[]).map((row) => [row.name, row.seq]),
  );
  for (const table of COPIED_TABLES) {
    for (const column of (pgColumns.get(table) ?? []).filter((candidate) => candidate.identity)) {
      const largest = (await client.query<{ n: number | null }>(`SELECT MAX(${quote(column.name)}) AS n FROM ${quote(table)}`)).rows[0]?.n ?? 0;
      const last = Math.max(largest, column.name === FROM_ROWID[table] ? 0 : (handedOut.get(table) ?? 0));
      if (last > 0) await client.query('SELECT setval(pg_get_serial_sequence($1, $2), $3)', [quote(table), column.name, last]);
    }
  }
  if ((await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [SERVED_SEQUENCE])).rows[0]?.found === true) {
    const served = (await client.query<{ n: number | null }>('SELECT MAX(served) AS n FROM outbox_turns')).rows[0]?.n ?? 0;
    if (served > 0) await client.query('SELECT setval($1, $2)', [SERVED_SEQUENCE, served]);
  }
  const revision = (await client.query<{ n: number | null }>('SELECT MAX(revision) AS n FROM feed_files')).rows[0]?.n ?? 0;
  if (revision > 0) await client.query("SELECT setval('feed_file_revisions', $1)", [revision]);
}

/** An SQL identifier, quoted. */
function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
