import type { Logger } from './log.js';

/**
 * Logs what would otherwise vanish or crash silently: a promise rejected with no handler is
 * logged with its cause and the bot goes on; an uncaught exception is logged and the
 * process exits, since its state can no longer be trusted (a supervisor restarts it).
 */
export function installProcessHandlers(log: Logger): void {
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (error, origin) => {
    log.fatal({ err: error, origin }, 'uncaught exception; exiting');
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  });
}
