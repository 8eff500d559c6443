import pg from 'pg';
import type { Logger } from '../../log.js';
import type { Leadership } from '../leadership.js';
import { tryLockLeader } from './advisory-locks.js';

/**
 * The lead as a PostgreSQL session advisory lock, held on a connection of its own (not the
 * stores' pool, whose connections come and go). PostgreSQL frees the lock when that session
 * ends: at release(), when the process dies (even by kill -9: the server sees the socket
 * close), or when the connection breaks. Each tryLead of the leader runs a statement on the
 * connection, so a leader that lost its session learns it at its next check and follows; the
 * other machines' next tryLead takes the lead.
 */
export class PostgresLeadership implements Leadership {
  readonly #url: string;
  readonly #log: Logger;
  #session: pg.Client | null = null;

  constructor(url: string, log: Logger) {
    this.#url = url;
    this.#log = log;
  }

  async tryLead(): Promise<boolean> {
    if (this.#session !== null) {
      try {
        await this.#session.query('SELECT 1');
        return true;
      } catch (error) {
        this.#log.warn({ reason: (error as Error).message }, 'lost the connection that held the lead of the new-paper pipeline');
        await this.#drop();
      }
    }
    const session = new pg.Client({ connectionString: this.#url, connectionTimeoutMillis: 5000, keepAlive: true, application_name: 'paper-digest-bot lead' });
    // A session that breaks between checks is an 'error' event: without a listener it would end the process. The next check finds it broken.
    session.on('error', () => {});
    try {
      await session.connect();
      if (await tryLockLeader(session)) {
        this.#session = session;
        return true;
      }
    } catch {
      // Unreachable: not the leader now; the next try asks again.
    }
    await session.end().catch(() => {});
    return false;
  }

  async release(): Promise<void> {
    await this.#drop();
  }

  async #drop(): Promise<void> {
    const session = this.#session;
    this.#session = null;
    // Ending the session frees the lock with it.
    await session?.end().catch(() => {});
  }
}
