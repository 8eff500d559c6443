import type pg from 'pg';
import type { Logger } from '../../log.js';
import { RegistrationSchema, type CommandRegistrationStore, type Registration } from '../command-registration-store.js';
import { firstRow } from './database.js';

/**
 * The registration record as a row per scope (`command_registrations`), holding the JSON the
 * files of ../files/ hold. As with the files, a record that does not read (or a database that
 * does not answer) is logged and read as none, and a failed write is logged, never thrown:
 * either way the next start registers the commands once more.
 */
export class PostgresCommandRegistrationStore implements CommandRegistrationStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {}

  async read(scope: string): Promise<Registration | null> {
    try {
      const row = await firstRow<{ record: string }>(this.pool, 'SELECT record FROM command_registrations WHERE scope = $1', [scope]);
      return row ? RegistrationSchema.parse(JSON.parse(row.record)) : null;
    } catch (error) {
      this.log.warn({ scope, reason: (error as Error).message }, 'command registration record unreadable');
      return null;
    }
  }

  async write(scope: string, record: Registration): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO command_registrations (scope, record, written_at) VALUES ($1, $2, $3)
         ON CONFLICT (scope) DO UPDATE SET record = excluded.record, written_at = excluded.written_at`,
        [scope, JSON.stringify(record), new Date().toISOString()],
      );
    } catch (error) {
      this.log.warn({ scope, reason: (error as Error).message }, 'could not record the command registration');
    }
  }
}
