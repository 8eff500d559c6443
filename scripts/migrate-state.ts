/**
 * `npm run migrate-state`: copies the bot's state from SQLite (DATA_DIR/paper-bot.sqlite and
 * the command-registration files beside it) into the PostgreSQL database of DATABASE_URL, in
 * one transaction, then prints the rows copied per table. Stop the bot first; start it again
 * with DATABASE_URL set. The target must hold no state yet (a database no bot has used): the
 * copy refuses anything else, so announcements are never doubled nor two states merged. The
 * SQLite files are left as they were (but for pending migrations), so going back is unsetting
 * DATABASE_URL.
 */
import { existsSync } from 'node:fs';
import { ConfigError, parseConfig, type Config } from '../src/config.js';
import { loadDotEnv } from '../src/lifecycle.js';
import { redactText } from '../src/log-redaction.js';
import { createLogger } from '../src/log.js';
import { copySqliteToPostgres, sqliteDatabaseFile, type CopyCounts } from '../src/store/copy-sqlite-to-postgres.js';

/** Prints one line on standard error and exits 1. */
function refuse(message: string): never {
  process.stderr.write(`npm run migrate-state: ${message}\n`);
  process.exit(1);
}

let config: Config;
try {
  loadDotEnv();
  config = parseConfig(process.env);
} catch (error) {
  refuse(error instanceof ConfigError ? error.problems.join('; ') : (error as Error).message);
}
const { databaseUrl, dataDir } = config;
if (databaseUrl === undefined) refuse('DATABASE_URL is not set: set it to the PostgreSQL database to copy the state of DATA_DIR into');
const file = sqliteDatabaseFile(dataDir);
if (!existsSync(file)) refuse(`no SQLite database in DATA_DIR (${file}): nothing to copy`);

// The target as it may be shown: host and database, never the user's password.
const target = new URL(databaseUrl);
const started = Date.now();
let counts: CopyCounts;
try {
  counts = await copySqliteToPostgres(dataDir, databaseUrl, { log: createLogger('warn') });
} catch (error) {
  // Errors name hosts and tables, not the password; blank it anyway, should a driver message quote it.
  const password = decodeURIComponent(target.password);
  const message = redactText((error as Error).message);
  refuse(password.length >= 4 ? message.replaceAll(password, '[redacted]') : message);
}

const width = Math.max(...Object.keys(counts).map((table) => table.length));
const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
process.stdout.write(
  [
    `Copied ${file} into PostgreSQL (${target.host}${target.pathname}) in ${((Date.now() - started) / 1000).toFixed(1)} s:`,
    ...Object.entries(counts).map(([table, count]) => `  ${table.padEnd(width)}  ${count}`),
    `  ${'total'.padEnd(width)}  ${total}`,
    'Start the bot with DATABASE_URL set to use it.',
    '',
  ].join('\n'),
);
