/**
 * The database could not be reached (PostgreSQL down, restarting or out of connections): the
 * call may succeed in a minute. Users see "try again in a minute"; announcements wait in the
 * outbox. A store rejects with this, never with the driver's own connection error.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(cause: unknown) {
    super(`the database is unreachable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** Node's socket errors that mean the server is not there (or went away mid-call). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/**
 * PostgreSQL's SQLSTATEs of the same: class 08 (connection exception), 57P01-57P03 (the
 * server shutting down, crashed or starting), 53300 (too many connections).
 */
const SERVER_CODES = /^(08...|57P0[123]|53300)$/;
/** What node-postgres says when its connection ends, cannot be had in time, or a statement gets no answer in time (these errors carry no code). */
const DRIVER_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|Query read timeout)/i;

/** Whether an error of the PostgreSQL driver means the database is unreachable, rather than that the query is wrong. */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_CODES.test(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionFailure);
  return DRIVER_MESSAGES.test(error.message);
}
