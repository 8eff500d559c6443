import type pg from 'pg';
import { z } from 'zod';
import { PaperSchema, type Paper } from '../../digest/paper.js';
import type { Batch, ClaimScope, OutboxStore, PrunedCopies, QueuedBatch, UnreadableBatch } from '../outbox-store.js';
import { lockOutbox } from './advisory-locks.js';
import { firstRow, transaction, type Db } from './database.js';
import { formBatches, newNonce } from './form-batches.js';
import { rememberKeys } from './known-paper-store.js';
import { claimRow, leaveTurnsWhenDone, takeTurns, type BatchRow } from './outbox-turns.js';
import { pruneInChunks } from './prune-in-chunks.js';

const BATCH_COLUMNS = 'id, kind, channel_id, nonce, attempts, payload, progress';

/**
 * The outbox on PostgreSQL, with SQLite's semantics (../sqlite/outbox-store.ts). What writes
 * the outbox's structure (forming, queueing and settling batches, with the turns that go with
 * them) holds lockOutbox in its transaction, so machines sharing the database write it one at
 * a time, as SQLite's one writer does; claims hold a lock of their own (claimRow in
 * outbox-turns.ts, which says what several machines can and cannot count on).
 */
export class PostgresOutboxStore implements OutboxStore {
  constructor(private readonly pool: pg.Pool) {}

  async announcePapers(
    papers: readonly Paper[],
    channelsOf: (paper: Paper) => readonly string[],
    source: string,
    now = new Date(),
  ): Promise<{ fresh: Paper[]; queued: number }> {
    return transaction(this.pool, async (client) => {
      const freshKeys = new Set(
        await rememberKeys(
          client,
          papers.map((paper) => paper.key),
          source,
          now,
        ),
      );
      // As SQLite's insert per paper: a paper given twice is fresh the first time only.
      const fresh = papers.filter((paper) => freshKeys.delete(paper.key));
      const queued = await insertDeliveries(
        client,
        fresh.flatMap((paper) => channelsOf(paper).map((channelId) => ({ paper, channelId }))),
        now,
      );
      return { fresh, queued };
    });
  }

  async enqueue(deliveries: readonly { paper: Paper; channelId: string }[], now = new Date()): Promise<number> {
    return insertDeliveries(this.pool, deliveries, now);
  }

  async formBatches(now = new Date()): Promise<number> {
    return formBatches(this.pool, now);
  }

  async dueBatches(nowMs = Date.now(), onUnreadable: (batch: UnreadableBatch) => void = () => {}): Promise<Batch[]> {
    const rows = await this.pool.query<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM batches WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id`, [
      nowMs,
    ]);
    const due: Batch[] = [];
    for (const row of rows.rows) {
      const batch = await this.#readOrPark(row, onUnreadable);
      if (batch) due.push(batch);
    }
    return due;
  }

  async claimNext(nowMs = Date.now(), onUnreadable: (batch: UnreadableBatch) => void = () => {}, scope?: ClaimScope): Promise<Batch | null> {
    for (;;) {
      const row = await claimRow(this.pool, nowMs, scope);
      if (row === undefined) return null;
      const batch = await this.#readOrPark(row, onUnreadable);
      if (batch) return batch;
    }
  }

  /** The batch of a row; a row that no longer reads is parked with the reason and told to `onUnreadable` (null). */
  async #readOrPark(batch: BatchRow, onUnreadable: (batch: UnreadableBatch) => void): Promise<Batch | null> {
    try {
      const payload = batch.payload === null ? null : (JSON.parse(batch.payload) as { papers?: unknown[] } | null);
      // A queued batch carries its papers in its payload; a 'papers' batch reads its deliveries.
      const papers =
        batch.kind === 'papers'
          ? (
              await this.pool.query<{ paper_json: string }>(
                'SELECT paper_json FROM deliveries WHERE batch_id = $1 ORDER BY published_at IS NULL, published_at, id',
                [batch.id],
              )
            ).rows.map((row) => JSON.parse(row.paper_json) as unknown)
          : (payload?.papers ?? []);
      return {
        id: batch.id,
        kind: batch.kind,
        channelId: batch.channel_id,
        nonce: batch.nonce,
        attempts: batch.attempts,
        papers: papers.map((paper) => PaperSchema.parse(paper)),
        payload,
        progress: batch.progress === null ? null : (JSON.parse(batch.progress) as unknown),
      };
    } catch (error) {
      const reason = `unreadable batch: ${error instanceof z.ZodError ? `a paper does not fit the schema (${error.issues[0]?.path.join('.')}: ${error.issues[0]?.message})` : (error as Error).message}`;
      await this.park(batch.id, reason);
      onUnreadable({ id: batch.id, kind: batch.kind, channelId: batch.channel_id, reason });
      return null;
    }
  }

  async queueBatch(batch: QueuedBatch, now = new Date()): Promise<number | null> {
    return transaction(this.pool, async (client) => {
      await lockOutbox(client);
      const guild =
        (await firstRow<{ guild_id: string }>(client, 'SELECT MIN(guild_id) AS guild_id FROM subscriptions WHERE channel_id = $1', [batch.channelId]))
          ?.guild_id ?? '';
      const inserted = await firstRow<{ id: number }>(
        client,
        `INSERT INTO batches (channel_id, nonce, status, created_at, kind, payload, dedupe_key, guild_id) VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7)
         ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
        [batch.channelId, newNonce(), now.toISOString(), batch.kind, JSON.stringify(batch.payload), batch.dedupeKey ?? null, guild],
      );
      if (inserted === undefined) return null;
      await takeTurns(client, guild);
      return inserted.id;
    });
  }

  async hasBatch(dedupeKey: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM batches WHERE dedupe_key = $1', [dedupeKey])).rowCount !== 0;
  }

  async saveProgress(batchId: number, progress: unknown): Promise<void> {
    await this.pool.query('UPDATE batches SET progress = $1 WHERE id = $2', [JSON.stringify(progress), batchId]);
  }

  async markSent(batchId: number, messageId: string, now = new Date()): Promise<void> {
    await transaction(this.pool, async (client) => {
      await lockOutbox(client);
      await client.query("UPDATE batches SET status = 'sent', message_id = $1, sent_at = $2, last_error = NULL, payload = NULL WHERE id = $3", [
        messageId,
        now.toISOString(),
        batchId,
      ]);
      await client.query("UPDATE deliveries SET status = 'sent' WHERE batch_id = $1", [batchId]);
      await leaveTurnsWhenDone(client, batchId);
    });
  }

  async markRetry(batchId: number, error: string, nextAttemptAtMs: number): Promise<void> {
    // Only a pending batch: a post that another machine sent meanwhile (after this one's lease ran out) stays sent.
    await this.pool.query("UPDATE batches SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3 AND status = 'pending'", [
      error.slice(0, 500),
      nextAttemptAtMs,
      batchId,
    ]);
  }

  async park(batchId: number, reason: string): Promise<void> {
    await transaction(this.pool, async (client) => {
      await lockOutbox(client);
      // Only a pending batch: one sent meanwhile by another machine (after this one's lease ran out) stays sent.
      const parked = await client.query("UPDATE batches SET status = 'parked', last_error = $1 WHERE id = $2 AND status = 'pending'", [
        reason.slice(0, 500),
        batchId,
      ]);
      if (parked.rowCount === 0) return;
      await client.query("UPDATE deliveries SET status = 'parked' WHERE batch_id = $1", [batchId]);
      await leaveTurnsWhenDone(client, batchId);
    });
  }

  async backlog(): Promise<number> {
    const row = await firstRow<{ n: number }>(
      this.pool,
      `SELECT (SELECT COUNT(*) FROM deliveries WHERE status = 'pending')
            + (SELECT COUNT(*) FROM batches WHERE status = 'pending' AND kind <> 'papers'
               AND NOT EXISTS (SELECT 1 FROM deliveries WHERE deliveries.batch_id = batches.id)) AS n`,
    );
    return row?.n ?? 0;
  }

  async pruneSettled(before: Date): Promise<PrunedCopies> {
    const cutoff = before.toISOString();
    // deliveries_unpruned holds only the deliveries that still have their copy, so a prune reads those queued before the cutoff.
    const deliveries = await pruneInChunks(
      this.pool,
      `UPDATE deliveries SET paper_json = '' WHERE id IN (SELECT id FROM deliveries
       WHERE paper_json <> '' AND created_at < $1 AND status IN ('sent', 'parked') LIMIT $2)`,
      cutoff,
    );
    const batches =
      (await this.pool.query("UPDATE batches SET payload = NULL WHERE status = 'parked' AND payload IS NOT NULL AND created_at < $1", [cutoff])).rowCount ?? 0;
    return { deliveries, batches };
  }

  async deliveries(): Promise<{ paperKey: string; channelId: string; status: string; batchId: number | null }[]> {
    const rows = await this.pool.query<{ paper_key: string; channel_id: string; status: string; batch_id: number | null }>(
      'SELECT paper_key, channel_id, status, batch_id FROM deliveries ORDER BY id',
    );
    return rows.rows.map((row) => ({ paperKey: row.paper_key, channelId: row.channel_id, status: row.status, batchId: row.batch_id }));
  }
}

/** Queues (paper, channel) deliveries in one statement, in input order; a pair queued before is skipped. Resolves to how many were new. */
async function insertDeliveries(db: Db, deliveries: readonly { paper: Paper; channelId: string }[], now: Date): Promise<number> {
  if (deliveries.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO deliveries (paper_key, channel_id, paper_json, published_at, status, created_at)
     SELECT paper_key, channel_id, paper_json, published_at, 'pending', $5
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS input (paper_key, channel_id, paper_json, published_at, position)
     ORDER BY position
     ON CONFLICT DO NOTHING`,
    [
      deliveries.map(({ paper }) => paper.key),
      deliveries.map(({ channelId }) => channelId),
      deliveries.map(({ paper }) => JSON.stringify(paper)),
      deliveries.map(({ paper }) => paper.publishedAt),
      now.toISOString(),
    ],
  );
  return result.rowCount ?? 0;
}
