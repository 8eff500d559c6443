import type pg from 'pg';

/** Rows one statement of a prune changes, as in SQLite (../sqlite/prune-in-chunks.ts). */
export const PRUNE_CHUNK = 500;

/**
 * Runs a prune statement (an UPDATE or DELETE of at most PRUNE_CHUNK rows, its last
 * parameter the chunk size) until a run changes fewer; resolves to the rows changed. Each
 * run is a short statement of its own, so a first prune of months of rows never holds
 * thousands of row locks in one long transaction.
 */
export async function pruneInChunks(pool: pg.Pool, sql: string, ...parameters: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const changed = (await pool.query(sql, [...parameters, PRUNE_CHUNK])).rowCount ?? 0;
    total += changed;
    if (changed < PRUNE_CHUNK) return total;
  }
}
