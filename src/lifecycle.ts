import { existsSync } from 'node:fs';
import type { Logger } from './log.js';

/**
 * Reads `.env` from the working directory when there is one; variables already set win.
 * `ENV_FILE` names another file, and `ENV_FILE=none` reads none: the tests start bots with
 * it, so a developer's own `.env` (a token, shard settings) never leaks into them.
 */
export function loadDotEnv(file = process.env.ENV_FILE ?? '.env'): void {
  if (file === 'none' || file === '') return;
  if (existsSync(file)) process.loadEnvFile(file);
  else if (file !== '.env') throw new Error(`ENV_FILE: no such file ${file}`);
}

/**
 * On the first SIGINT or SIGTERM, runs `stop` once and exits: 0 when it finished, 1 when
 * it failed. A second signal while stopping (an impatient Ctrl+C) exits at once with 130,
 * leaving the cleanup unfinished: the outbox and the database are safe to cut at any point.
 */
export function stopOnSignals(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
