import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { PaperSchema, type Paper } from '../../digest/paper.js';
import type { Batch, ClaimScope, OutboxStore, PrunedCopies, QueuedBatch, UnreadableBatch } from '../outbox-store.js';
import { REMEMBER_PAPER_SQL } from './known-paper-store.js';
import { pruneInChunks } from './prune-in-chunks.js';

const MAX_PAPERS_PER_BATCH = 10;

/**
 * The guild to serve next: the one served least recently among those with a due batch, of
 * the guilds in the claim's scope (ClaimScope: the guilds on its shards, as shardOfGuild
 * reckons them, a guild id that is not a number on shard 0; and the lane of channels no
 * subscription names, '', when it takes that). outbox_turns is read in turn order
 * (outbox_turns_order), each guild asked "anything due?" by one seek in batches_guild_due, so
 * a claim costs as much with 100,000 batches waiting as with ten. Named parameters: `now`
 * (ms), `unguilded` (1 or 0), `count` (the shard count; 0: every guild) and `shards` (its
 * shard ids, a JSON array); a claim without a scope takes every guild and the '' lane.
 */
export const NEXT_GUILD_SQL = `SELECT guild_id FROM outbox_turns AS turn
  WHERE EXISTS (SELECT 1 FROM batches WHERE status = 'pending' AND guild_id = turn.guild_id AND next_attempt_at <= @now)
    AND CASE
      WHEN guild_id = '' THEN @unguilded
      WHEN @count = 0 THEN 1
      ELSE (CASE WHEN guild_id NOT GLOB '*[^0-9]*' THEN (CAST(guild_id AS INTEGER) >> 22) % @count ELSE 0 END) IN (SELECT value FROM json_each(@shards))
    END
  ORDER BY served, rowid LIMIT 1`;

/**
 * A guild's oldest due batch: batches_guild_queue walks the guild's waiting batches oldest
 * first and stops at the first due one (a guild's batches in backoff are the only ones it
 * steps over). The parameters are the guild and the time, in ms.
 */
export const OLDEST_DUE_SQL =
  "SELECT * FROM batches INDEXED BY batches_guild_queue WHERE status = 'pending' AND guild_id = ? AND next_attempt_at <= ? ORDER BY id LIMIT 1";

export class SqliteOutboxStore implements OutboxStore {
  constructor(private readonly db: Database.Database) {}

  async announcePapers(
    papers: readonly Paper[],
    channelsOf: (paper: Paper) => readonly string[],
    source: string,
    now = new Date(),
  ): Promise<{ fresh: Paper[]; queued: number }> {
    const remember = this.db.prepare(REMEMBER_PAPER_SQL);
    const deliver = this.#insertDelivery();
    return this.db.transaction(() => {
      const fresh = papers.filter((paper) => remember.run(paper.key, now.toISOString(), source).changes === 1);
      let queued = 0;
      for (const paper of fresh) for (const channelId of channelsOf(paper)) queued += deliver(paper, channelId, now);
      return { fresh, queued };
    })();
  }

  async enqueue(deliveries: readonly { paper: Paper; channelId: string }[], now = new Date()): Promise<number> {
    const deliver = this.#insertDelivery();
    return this.db.transaction(() => deliveries.reduce((count, { paper, channelId }) => count + deliver(paper, channelId, now), 0))();
  }

  #insertDelivery(): (paper: Paper, channelId: string, now: Date) => number {
    const insert = this.db.prepare(
      "INSERT INTO deliveries (paper_key, channel_id, paper_json, published_at, status, created_at) VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING",
    );
    return (paper, channelId, now) => insert.run(paper.key, channelId, JSON.stringify(paper), paper.publishedAt, now.toISOString()).changes;
  }

  async formBatches(now = new Date()): Promise<number> {
    return this.db.transaction(() => {
      // With nothing to form this only reads: a database locked by another process (WAL lets it read) never makes the
      // outbox wait for the lock, which would block the event loop at every poll.
      const threaded = this.#formThreadBatches(now);
      const rows = this.db
        .prepare(
          "SELECT id, channel_id FROM deliveries WHERE status = 'pending' AND batch_id IS NULL ORDER BY channel_id, published_at IS NULL, published_at, id",
        )
        .all() as { id: number; channel_id: string }[];
      const insertBatch = this.db.prepare("INSERT INTO batches (channel_id, nonce, status, created_at, guild_id) VALUES (?, ?, 'pending', ?, ?)");
      const assign = this.db.prepare('UPDATE deliveries SET batch_id = ? WHERE id = ?');
      const guildOf = this.#guildsOfChannels();
      let formed = 0;
      let current: { channel: string; id: number; size: number } | null = null;
      for (const row of rows) {
        if (!current || current.channel !== row.channel_id || current.size === MAX_PAPERS_PER_BATCH) {
          const guild = guildOf(row.channel_id);
          current = { channel: row.channel_id, id: Number(insertBatch.run(row.channel_id, newNonce(), now.toISOString(), guild).lastInsertRowid), size: 0 };
          this.#takeTurns(guild);
          formed++;
        }
        assign.run(current.id, row.id);
        current.size++;
      }
      return threaded + formed;
    })();
  }

  /**
   * A channel with a `threads` subscription gets each paper as its own batch of kind
   * 'paper-thread' (its message, then a thread on it), oldest first. The delivery joins the
   * batch, so sending or parking it settles the delivery as for 'papers'.
   */
  #formThreadBatches(now: Date): number {
    const rows = this.db
      .prepare(
        `SELECT id, channel_id, paper_json FROM deliveries WHERE status = 'pending' AND batch_id IS NULL
         AND channel_id IN (SELECT channel_id FROM subscriptions WHERE threads = 1)
         ORDER BY channel_id, published_at IS NULL, published_at, id`,
      )
      .all() as { id: number; channel_id: string; paper_json: string }[];
    const insertBatch = this.db.prepare(
      "INSERT INTO batches (channel_id, nonce, status, created_at, kind, payload, guild_id) VALUES (?, ?, 'pending', ?, 'paper-thread', ?, ?)",
    );
    const assign = this.db.prepare('UPDATE deliveries SET batch_id = ? WHERE id = ?');
    const guildOf = this.#guildsOfChannels();
    for (const row of rows) {
      const payload = `{"papers":[${row.paper_json}]}`;
      const guild = guildOf(row.channel_id);
      assign.run(Number(insertBatch.run(row.channel_id, newNonce(), now.toISOString(), payload, guild).lastInsertRowid), row.id);
      this.#takeTurns(guild);
    }
    return rows.length;
  }

  /** The guild of each channel, as its subscriptions name it; '' for a channel none names (ANNOUNCE_CHANNEL_ID). Read once per call. */
  #guildsOfChannels(): (channelId: string) => string {
    const rows = this.db.prepare('SELECT channel_id, MIN(guild_id) AS guild_id FROM subscriptions GROUP BY channel_id').all() as {
      channel_id: string;
      guild_id: string;
    }[];
    const guilds = new Map(rows.map((row) => [row.channel_id, row.guild_id]));
    return (channelId) => guilds.get(channelId) ?? '';
  }

  /**
   * A settled batch's guild leaves the turns when nothing of it waits any more, in the
   * settling transaction (so the table stays as small as the guilds waiting); new work
   * brings it back, as one not served yet.
   */
  #leaveTurnsWhenDone(batchId: number): void {
    this.db
      .prepare(
        `DELETE FROM outbox_turns WHERE guild_id = (SELECT guild_id FROM batches WHERE id = ?)
         AND NOT EXISTS (SELECT 1 FROM batches WHERE status = 'pending' AND guild_id = outbox_turns.guild_id)`,
      )
      .run(batchId);
  }

  /**
   * Gives a guild with a new batch its place in the turns (a guild already waiting keeps its
   * place): level with the guild served last, so it goes after every guild that has waited
   * longer and, on a tie, after the older rows. At 0 a guild that leaves the turns and comes
   * back with a batch between claims would go first every time, and a guild with a backlog
   * would wait for ever.
   */
  #takeTurns(guildId: string): void {
    this.db
      .prepare('INSERT INTO outbox_turns (guild_id, served) VALUES (?, (SELECT COALESCE(MAX(served), 0) FROM outbox_turns)) ON CONFLICT DO NOTHING')
      .run(guildId);
  }

  async dueBatches(nowMs = Date.now(), onUnreadable: (batch: UnreadableBatch) => void = () => {}): Promise<Batch[]> {
    const batches = this.db.prepare("SELECT * FROM batches WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id").all(nowMs) as BatchRow[];
    const due: Batch[] = [];
    for (const row of batches) {
      const batch = await this.#readOrPark(row, onUnreadable);
      if (batch) due.push(batch);
    }
    return due;
  }

  async claimNext(nowMs = Date.now(), onUnreadable: (batch: UnreadableBatch) => void = () => {}, scope?: ClaimScope): Promise<Batch | null> {
    const nextGuild = this.db.prepare(NEXT_GUILD_SQL).pluck();
    const inScope = {
      now: nowMs,
      unguilded: scope?.unguilded === false ? 0 : 1,
      count: scope?.shards?.count ?? 0,
      shards: JSON.stringify(scope?.shards?.ids ?? []),
    };
    const oldestDue = this.db.prepare(OLDEST_DUE_SQL);
    const served = this.db.prepare('UPDATE outbox_turns SET served = (SELECT MAX(served) FROM outbox_turns) + 1 WHERE guild_id = ?');
    const lease = this.db.prepare('UPDATE batches SET next_attempt_at = ? WHERE id = ?');
    for (;;) {
      const row = this.db.transaction(() => {
        const guild = nextGuild.get(inScope) as string | undefined;
        if (guild === undefined) return undefined;
        served.run(guild);
        const claimed = oldestDue.get(guild, nowMs) as BatchRow;
        if (scope) lease.run(nowMs + scope.leaseMs, claimed.id);
        return claimed;
      })();
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
              this.db.prepare('SELECT paper_json FROM deliveries WHERE batch_id = ? ORDER BY published_at IS NULL, published_at, id').all(batch.id) as {
                paper_json: string;
              }[]
            ).map((row) => JSON.parse(row.paper_json) as unknown)
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
    return this.db.transaction(() => {
      const guild = this.#guildsOfChannels()(batch.channelId);
      const result = this.db
        .prepare(
          "INSERT INTO batches (channel_id, nonce, status, created_at, kind, payload, dedupe_key, guild_id) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING",
        )
        .run(batch.channelId, newNonce(), now.toISOString(), batch.kind, JSON.stringify(batch.payload), batch.dedupeKey ?? null, guild);
      if (result.changes !== 1) return null;
      this.#takeTurns(guild);
      return Number(result.lastInsertRowid);
    })();
  }

  async hasBatch(dedupeKey: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM batches WHERE dedupe_key = ?').get(dedupeKey) !== undefined;
  }

  async saveProgress(batchId: number, progress: unknown): Promise<void> {
    this.db.prepare('UPDATE batches SET progress = ? WHERE id = ?').run(JSON.stringify(progress), batchId);
  }

  async markSent(batchId: number, messageId: string, now = new Date()): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE batches SET status = 'sent', message_id = ?, sent_at = ?, last_error = NULL, payload = NULL WHERE id = ?")
        .run(messageId, now.toISOString(), batchId);
      this.db.prepare("UPDATE deliveries SET status = 'sent' WHERE batch_id = ?").run(batchId);
      this.#leaveTurnsWhenDone(batchId);
    })();
  }

  async markRetry(batchId: number, error: string, nextAttemptAtMs: number): Promise<void> {
    this.db
      // Only a pending batch: a post that another claim sent meanwhile (after this one's lease ran out) stays sent.
      .prepare("UPDATE batches SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending'")
      .run(error.slice(0, 500), nextAttemptAtMs, batchId);
  }

  async park(batchId: number, reason: string): Promise<void> {
    this.db.transaction(() => {
      // Only a pending batch: one sent meanwhile by another claim (after this one's lease ran out) stays sent.
      if (
        this.db.prepare("UPDATE batches SET status = 'parked', last_error = ? WHERE id = ? AND status = 'pending'").run(reason.slice(0, 500), batchId)
          .changes === 0
      )
        return;
      this.db.prepare("UPDATE deliveries SET status = 'parked' WHERE batch_id = ?").run(batchId);
      this.#leaveTurnsWhenDone(batchId);
    })();
  }

  async backlog(): Promise<number> {
    return (
      this.db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM deliveries WHERE status = 'pending')
                + (SELECT COUNT(*) FROM batches WHERE status = 'pending' AND kind <> 'papers'
                   AND NOT EXISTS (SELECT 1 FROM deliveries WHERE deliveries.batch_id = batches.id)) AS n`,
        )
        .get() as { n: number }
    ).n;
  }

  async pruneSettled(before: Date): Promise<PrunedCopies> {
    const cutoff = before.toISOString();
    // deliveries_unpruned holds only the deliveries that still have their copy: a prune reads those queued before the
    // cutoff, not every delivery ever made. In chunks, so a first prune of months of deliveries never stalls the gateway.
    const deliveries = await pruneInChunks(
      this.db.prepare(
        `UPDATE deliveries SET paper_json = '' WHERE id IN (SELECT id FROM deliveries INDEXED BY deliveries_unpruned
         WHERE paper_json <> '' AND created_at < ? AND status IN ('sent', 'parked') LIMIT ?)`,
      ),
      cutoff,
    );
    const batches = this.db.prepare("UPDATE batches SET payload = NULL WHERE status = 'parked' AND payload IS NOT NULL AND created_at < ?").run(cutoff).changes;
    return { deliveries, batches };
  }

  async deliveries(): Promise<{ paperKey: string; channelId: string; status: string; batchId: number | null }[]> {
    const rows = this.db.prepare('SELECT paper_key, channel_id, status, batch_id FROM deliveries ORDER BY id').all() as DeliveryRow[];
    return rows.map((row) => ({ paperKey: row.paper_key, channelId: row.channel_id, status: row.status, batchId: row.batch_id }));
  }
}

interface BatchRow {
  id: number;
  kind: string;
  channel_id: string;
  nonce: string;
  attempts: number;
  payload: string | null;
  progress: string | null;
}

interface DeliveryRow {
  paper_key: string;
  channel_id: string;
  status: string;
  batch_id: number | null;
}

/** Discord accepts nonces of up to 25 characters. */
function newNonce(): string {
  return `b${randomBytes(8).toString('hex')}`;
}
