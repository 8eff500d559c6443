import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { lockOutbox } from './advisory-locks.js';
import { firstRow, transaction } from './database.js';
import { guildsOfChannels, takeTurns } from './outbox-turns.js';

const MAX_PAPERS_PER_BATCH = 10;

/** Discord accepts nonces of up to 25 characters. */
export function newNonce(): string {
  return `b${randomBytes(8).toString('hex')}`;
}

/**
 * OutboxStore.formBatches, as SQLite forms them: in one transaction holding lockOutbox (so
 * two machines never batch the same delivery), first one 'paper-thread' batch per paper for
 * each channel with a threads subscription, then the other queued deliveries in batches of
 * at most 10 per channel, oldest papers first, each batch with its nonce and its guild's
 * place in the turns. With nothing to form it only reads, and takes no lock.
 */
export async function formBatches(pool: pg.Pool, now: Date): Promise<number> {
  if ((await pool.query("SELECT 1 FROM deliveries WHERE status = 'pending' AND batch_id IS NULL LIMIT 1")).rowCount === 0) return 0;
  return transaction(pool, async (client) => {
    await lockOutbox(client);
    const guildOf = await guildsOfChannels(client);
    const waiting = new Set<string>();
    /** The turns of a guild given a batch: its first batch of this call takes its place, the rest find it taken. */
    const takeTurnsOnce = async (guild: string) => {
      if (waiting.has(guild)) return;
      waiting.add(guild);
      await takeTurns(client, guild);
    };
    const createdAt = now.toISOString();

    const threaded = await client.query<{ id: number; channel_id: string; paper_json: string }>(
      `SELECT id, channel_id, paper_json FROM deliveries WHERE status = 'pending' AND batch_id IS NULL
       AND channel_id IN (SELECT channel_id FROM subscriptions WHERE threads)
       ORDER BY channel_id, published_at IS NULL, published_at, id`,
    );
    for (const row of threaded.rows) {
      const guild = guildOf(row.channel_id);
      // The delivery joins its batch, so sending or parking the batch settles the delivery as for 'papers'.
      await client.query(
        `WITH batch AS (INSERT INTO batches (channel_id, nonce, status, created_at, kind, payload, guild_id)
           VALUES ($1, $2, 'pending', $3, 'paper-thread', $4, $5) RETURNING id)
         UPDATE deliveries SET batch_id = (SELECT id FROM batch) WHERE id = $6`,
        [row.channel_id, newNonce(), createdAt, `{"papers":[${row.paper_json}]}`, guild, row.id],
      );
      await takeTurnsOnce(guild);
    }

    const rows = await client.query<{ id: number; channel_id: string }>(
      "SELECT id, channel_id FROM deliveries WHERE status = 'pending' AND batch_id IS NULL ORDER BY channel_id, published_at IS NULL, published_at, id",
    );
    let formed = 0;
    for (const { channel, ids } of groupByChannel(rows.rows)) {
      const guild = guildOf(channel);
      const batch = (await firstRow<{ id: number }>(
        client,
        "INSERT INTO batches (channel_id, nonce, status, created_at, guild_id) VALUES ($1, $2, 'pending', $3, $4) RETURNING id",
        [channel, newNonce(), createdAt, guild],
      )) as { id: number };
      await client.query('UPDATE deliveries SET batch_id = $1 WHERE id = ANY($2::bigint[])', [batch.id, ids]);
      await takeTurnsOnce(guild);
      formed++;
    }
    return threaded.rows.length + formed;
  });
}

/** Rows sorted by channel, cut into groups of at most MAX_PAPERS_PER_BATCH of one channel each. */
function groupByChannel(rows: readonly { id: number; channel_id: string }[]): { channel: string; ids: number[] }[] {
  const groups: { channel: string; ids: number[] }[] = [];
  for (const row of rows) {
    const current = groups.at(-1);
    if (current && current.channel === row.channel_id && current.ids.length < MAX_PAPERS_PER_BATCH) current.ids.push(row.id);
    else groups.push({ channel: row.channel_id, ids: [row.id] });
  }
  return groups;
}
