import pg from 'pg';
import type { Logger } from '../../log.js';
import type { Leadership } from '../leadership.js';
import { tryLockLeader } from './advisory-locks.js';

/**
 * The server's side of the lead session: probe it after 10 s of silence, every 5 s, and end it
 * after 3 unanswered probes (or 15 s of unacknowledged data), so the lock of a leader whose
 * host died is freed in about 25 s rather than the operating system's default two hours.
 */
const SESSION_KEEPALIVES = 'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3; SET tcp_user_timeout = 15000';

/**
 * The lead as a PostgreSQL session advisory lock, held on a connection of its own (not the
 * stores' pool, whose connections come and go). PostgreSQL frees the lock when that session
 * ends: at release(), when the process dies (even by kill -9: the server sees the socket
 * close at once), or when the connection breaks. A leader whose whole host vanishes sends no
 * close: the server ends the session when its keepalives go unanswered (SESSION_KEEPALIVES,
 * about 25 s). Each tryLead of the leader runs a statement on the connection, bounded by
 * CHECK_TIMEOUT_MS, so a leader that lost its session (or cannot tell) learns it at its next
 * check and follows; the other machines' next tryLead takes the lead. A machine that follows
 * keeps its session between checks too, and asks for the lock on it: one connection per
 * machine, not a new one every check. A session that fails is dropped, and the next check
 * opens another.
 */
export class PostgresLeadership implements Leadership {
  /** A check (or taking the lock) that takes longer fails: the leader then follows rather than wait on a dead socket. */
  static readonly CHECK_TIMEOUT_MS = 5000;
  readonly #url: string;
  readonly #log: Logger;
  #session: pg.Client | null = null;
  /** Whether #session holds the lock. */
  #leading = false;

  constructor(url: string, log: Logger) {
    this.#url = url;
    this.#log = log;
  }

  async tryLead(): Promise<boolean> {
    if (this.#session !== null && this.#leading) {
      try {
        await this.#session.query('SELECT 1');
        return true;
      } catch (error) {
        this.#log.warn({ reason: (error as Error).message }, 'lost the connection that held the lead of the new-paper pipeline');
        await this.#drop();
      }
    }
    try {
      this.#session ??= await this.#open();
      this.#leading = await tryLockLeader(this.#session);
      return this.#leading;
    } catch {
      // Unreachable, or the session broke: not the leader now; the next try opens another.
      await this.#drop();
      return false;
    }
  }

  async release(): Promise<void> {
    await this.#drop();
  }

  /** A session for the lock, with the server-side keepalives set. */
  async #open(): Promise<pg.Client> {
    const session = new pg.Client({
      connectionString: this.#url,
      connectionTimeoutMillis: PostgresLeadership.CHECK_TIMEOUT_MS,
      query_timeout: PostgresLeadership.CHECK_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: 'paper-digest-bot lead',
    });
    // A session that breaks between checks is an 'error' event: without a listener it would end the process. The next check finds it broken.
    session.on('error', () => {});
    try {
      await session.connect();
      await session.query(SESSION_KEEPALIVES);
      return session;
    } catch (error) {
      await session.end().catch(() => {});
      throw error;
    }
  }

  async #drop(): Promise<void> {
    const session = this.#session;
    this.#session = null;
    this.#leading = false;
    // Ending the session frees the lock with it.
    await session?.end().catch(() => {});
  }
}
