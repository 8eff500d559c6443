import type pg from 'pg';
import type { Db } from './database.js';

/**
 * The advisory locks of the PostgreSQL stores, in the two-int key space of
 * pg_advisory_lock(int, int): the first int is ours (0x70617000, "pap" and a kind), so
 * another application's keys on the same database would have to pick the same numbers to
 * meet ours. They make several machines on one database behave as SQLite's one writer does
 * where a store's answer depends on rows it counts or reads before writing. The keys:
 *
 * - (0x70617000, 1): a migration run (a session lock, held across its transactions);
 * - (0x70617000, 2): the outbox's structure; (0x70617000, 3): a claim;
 * - (0x70617000, 4): the lead of the new-paper pipeline (a session lock: see leadership.ts);
 * - (0x70617000, 5): recording a feed file (revisions commit in the order they are drawn);
 * - (0x70617001, hashtext(guild id)): a guild's subscriptions;
 * - (0x70617002, hashtext(user id)): a user's saved list.
 *
 * Two guilds (or users) whose ids hash alike only wait for each other a moment.
 */
const APP = 0x7061_7000;

/** Kinds of lock: the first int of each key. */
const KIND = { store: APP, guildSubscriptions: APP + 1, savedList: APP + 2 } as const;

/** The single locks of KIND.store, by their second int. */
const STORE_LOCK = { migrations: 1, outbox: 2, claims: 3, leader: 4, feedFiles: 5 } as const;

/**
 * Holds the migration lock for this session until unlockMigrations (or the connection's
 * end): a second machine starting at the same time waits here, then finds the migrations done.
 */
export async function lockMigrations(db: Db): Promise<void> {
  await db.query('SELECT pg_advisory_lock($1, $2)', [KIND.store, STORE_LOCK.migrations]);
}

export async function unlockMigrations(db: Db): Promise<void> {
  await db.query('SELECT pg_advisory_unlock($1, $2)', [KIND.store, STORE_LOCK.migrations]);
}

/**
 * Until the transaction ends: the one writer of the outbox's structure (batches formed,
 * queued or settled, and the guilds' places in outbox_turns that go with them). Claims take
 * lockClaims instead, so that a long formBatches never holds them up.
 */
export async function lockOutbox(db: Db): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1, $2)', [KIND.store, STORE_LOCK.outbox]);
}

/** Until the transaction ends: the one claim of an outbox batch (see claimRow in outbox-turns.ts). */
export async function lockClaims(db: Db): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1, $2)', [KIND.store, STORE_LOCK.claims]);
}

/** Until the transaction ends: one guild's subscriptions, so two adds cannot both pass its limits. */
export async function lockGuildSubscriptions(db: Db, guildId: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [KIND.guildSubscriptions, guildId]);
}

/** Until the transaction ends: one user's saved list, so two saves cannot both pass its cap. */
export async function lockSavedList(db: Db, userId: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [KIND.savedList, userId]);
}

/** Takes the lead of the new-paper pipeline for this session if no other session holds it; true when taken (or already held by it). */
export async function tryLockLeader(db: pg.ClientBase): Promise<boolean> {
  const { rows } = await db.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS held', [KIND.store, STORE_LOCK.leader]);
  return rows[0]?.held === true;
}

/** Until the transaction ends: the one recording of a feed file, so that revisions commit in the order they are drawn. */
export async function lockFeedFiles(db: Db): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1, $2)', [KIND.store, STORE_LOCK.feedFiles]);
}
