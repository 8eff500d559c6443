import type pg from 'pg';
import { lockClaims } from './advisory-locks.js';
import type { ClaimScope } from '../outbox-store.js';
import { firstRow, transaction, type Db } from './database.js';

/**
 * The outbox's turns between guilds (`outbox_turns`), as SQLite keeps them (see
 * ../sqlite/outbox-store.ts): a guild with batches waiting has a row saying when it was last
 * served; a claim serves the one served least recently. Several machines may claim from one
 * database at once: see claimRow for what that guarantees.
 */

/** A batch's row, as the outbox reads it. */
export interface BatchRow {
  id: number;
  kind: string;
  channel_id: string;
  nonce: string;
  attempts: number;
  payload: string | null;
  progress: string | null;
}

/**
 * The guild to serve next: the one served least recently (ties: the older row) among those
 * with a due batch, leaving out `passed`, of the guilds in the claim's scope (ClaimScope: the
 * guilds on its shards, as shardOfGuild reckons them, a guild id that is not a number on
 * shard 0; and the lane of channels no subscription names, '', when it takes that). Each
 * guild is asked for its earliest next attempt by one seek in batches_guild_due (a scalar
 * subquery, which the planner keeps per guild; as EXISTS it would hash every waiting batch
 * instead), so a claim costs as much with 100,000 batches waiting as with ten. The
 * parameters: the time in ms, the guilds passed over, whether the claim takes the '' lane,
 * the shard count (0: every guild) and its shard ids (scopeParameters).
 */
export const NEXT_GUILD_SQL = `SELECT guild_id FROM outbox_turns AS turn
  WHERE guild_id <> ALL ($2::text[])
    AND CASE
      WHEN guild_id = '' THEN $3::boolean
      WHEN $4::int = 0 THEN true
      ELSE (CASE WHEN guild_id ~ '^[0-9]+$' THEN mod(div(guild_id::numeric, 4194304), $4::int)::int ELSE 0 END) = ANY ($5::int[])
    END
    AND (SELECT MIN(next_attempt_at) FROM batches WHERE status = 'pending' AND guild_id = turn.guild_id) <= $1
  ORDER BY served, seq LIMIT 1`;

/**
 * A guild's oldest due batch, locked until the claim commits: batches_guild_queue walks the
 * guild's waiting batches oldest first and stops at the first due one. SKIP LOCKED steps over
 * a batch that another machine is settling at this moment (markSent and park lock its row):
 * it is leaving the queue. The parameters are the guild and the time in ms.
 */
export const OLDEST_DUE_SQL = `SELECT id, kind, channel_id, nonce, attempts, payload, progress FROM batches
  WHERE status = 'pending' AND guild_id = $1 AND next_attempt_at <= $2 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`;

/**
 * Claims the next batch's row in one short transaction: the guild served least recently with
 * a due batch gives its oldest due batch and becomes the one served last. Undefined when
 * nothing is due.
 *
 * With several machines on one database, claims hold lockClaims, so they run one at a time
 * and each reads the turns as the claim before it left them: two machines claiming at the
 * same moment serve two different guilds whenever more than one guild has a batch due, and
 * the turns stay exactly as SQLite keeps them. (Row locks alone would not do: a claim changes
 * only `served`, which orders the guilds but does not filter them, so a claim that waited on
 * another's row lock would still take that guild.) Claims do not wait for lockOutbox: a long
 * formBatches never holds them up.
 *
 * With a `scope` (each machine posting for its own guilds), a claimed batch is not due again
 * until its lease ends (its next attempt moves on by leaseMs), so no other claim takes it
 * while it is posted; if the claimer dies, a claim after the lease posts it again under its
 * nonce (Discord's enforce_nonce returns the first post's message). Without a scope there is
 * no lease: once a claim has committed, its batch is pending as before until markSent,
 * markRetry or park settles it, and a claim on another machine could take it again while the
 * first still posts it; the nonce then covers that too. One machine posts one batch at a time.
 */
export async function claimRow(pool: pg.Pool, nowMs: number, scope?: ClaimScope): Promise<BatchRow | undefined> {
  return transaction(pool, async (client) => {
    await lockClaims(client);
    // Guilds whose due batches are all being settled elsewhere right now: passed over for this claim.
    const passed: string[] = [];
    for (;;) {
      const guild = (await firstRow<{ guild_id: string }>(client, NEXT_GUILD_SQL, [nowMs, passed, ...scopeParameters(scope)]))?.guild_id;
      if (guild === undefined) return undefined;
      const row = await firstRow<BatchRow>(client, OLDEST_DUE_SQL, [guild, nowMs]);
      if (row === undefined) {
        passed.push(guild);
        continue;
      }
      await client.query('UPDATE outbox_turns SET served = (SELECT MAX(served) FROM outbox_turns) + 1 WHERE guild_id = $1', [guild]);
      if (scope) await client.query('UPDATE batches SET next_attempt_at = $2 WHERE id = $1', [row.id, nowMs + scope.leaseMs]);
      return row;
    }
  });
}

/** NEXT_GUILD_SQL's scope parameters for a claim: without a scope, every guild and the '' lane. */
function scopeParameters(scope: ClaimScope | undefined): [boolean, number, readonly number[]] {
  return [scope?.unguilded ?? true, scope?.shards?.count ?? 0, scope?.shards?.ids ?? []];
}

/** The guild of each channel, as its subscriptions name it; '' for a channel none names (ANNOUNCE_CHANNEL_ID). Read once per call. */
export async function guildsOfChannels(db: Db): Promise<(channelId: string) => string> {
  const rows = (await db.query<{ channel_id: string; guild_id: string }>('SELECT channel_id, MIN(guild_id) AS guild_id FROM subscriptions GROUP BY channel_id'))
    .rows;
  const guilds = new Map(rows.map((row) => [row.channel_id, row.guild_id]));
  return (channelId) => guilds.get(channelId) ?? '';
}

/**
 * Gives a guild with a new batch its place in the turns (a guild already waiting keeps its
 * place): level with the guild served last, so it goes after every guild that has waited
 * longer and, on a tie, after the older rows (see ../sqlite/outbox-store.ts for why not 0).
 * Callers hold lockOutbox.
 */
export async function takeTurns(db: Db, guildId: string): Promise<void> {
  await db.query('INSERT INTO outbox_turns (guild_id, served) VALUES ($1, (SELECT COALESCE(MAX(served), 0) FROM outbox_turns)) ON CONFLICT DO NOTHING', [
    guildId,
  ]);
}

/**
 * A settled batch's guild leaves the turns when nothing of it waits any more, in the settling
 * transaction. Callers hold lockOutbox, as every writer that adds a pending batch does, so a
 * batch queued at the same moment on another machine cannot be left without a turn row.
 */
export async function leaveTurnsWhenDone(db: Db, batchId: number): Promise<void> {
  await db.query(
    `DELETE FROM outbox_turns WHERE guild_id = (SELECT guild_id FROM batches WHERE id = $1)
     AND NOT EXISTS (SELECT 1 FROM batches WHERE status = 'pending' AND guild_id = outbox_turns.guild_id)`,
    [batchId],
  );
}
