import type { Logger } from '../log.js';
import { notice, type ReplyPayload } from '../present/reply-payload.js';
import { DatabaseUnavailableError } from '../store/database-unavailable.js';
import { LibraryBusyError, LibraryUnavailableError } from '../worker/library-client.js';
import { UserError } from './command.js';

/**
 * Turns a handler's failure into the private reply the user sees. A UserError is shown as
 * it is; a library too busy to answer in time, or one that is restarting, says so, and so
 * does a database that cannot be reached (PostgreSQL down: saved papers, subscriptions); anything
 * else is logged with its context and replaced by a short apology, so no internal detail
 * leaks into a channel.
 */
export function errorReply(error: unknown, log: Logger, context: Record<string, unknown>): ReplyPayload {
  if (error instanceof UserError) return notice(`⚠️ ${error.message}`);
  if (error instanceof LibraryBusyError) {
    log.warn({ ...context, reason: error.message }, 'library busy');
    return notice('⏳ The paper library is busy right now. Please try again in a few seconds.');
  }
  if (error instanceof LibraryUnavailableError) {
    log.warn({ ...context, reason: error.message }, 'library unavailable');
    return notice('⏳ The paper library is still loading or restarting. Please try again in a few seconds.');
  }
  if (error instanceof DatabaseUnavailableError) {
    log.warn({ ...context, reason: error.message }, 'database unavailable');
    return notice("⏳ The bot's database can't be reached right now. Searches and answers still work; please try this again in a minute.");
  }
  log.error({ ...context, err: error }, 'handler failed');
  return notice('⚠️ Something went wrong while answering. It has been logged; please try again.');
}
