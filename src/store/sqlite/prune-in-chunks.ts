import type Database from 'better-sqlite3';

/** Rows one statement of a prune changes (a few ms each); the event loop runs between statements. */
export const PRUNE_CHUNK = 500;

/**
 * Runs a prune statement (an UPDATE or DELETE of at most PRUNE_CHUNK rows, its last
 * parameter the chunk size) until a run changes fewer, letting the event loop run between
 * runs: a first prune of months of rows never stalls the gateway. Resolves to the rows changed.
 */
export async function pruneInChunks(statement: Database.Statement, ...parameters: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const changed = statement.run(...parameters, PRUNE_CHUNK).changes;
    total += changed;
    if (changed < PRUNE_CHUNK) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
