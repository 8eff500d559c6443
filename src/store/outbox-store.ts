import type { Paper } from '../digest/paper.js';

/** A batch dueBatches could not read, and parked. */
export interface UnreadableBatch {
  id: number;
  kind: string;
  channelId: string;
  reason: string;
}

/** One post of the outbox: what to post, where, and the nonce that makes a repost return the same message. */
export interface Batch {
  id: number;
  /** 'papers': the papers of its deliveries in one message; other kinds are queued by queueBatch. */
  kind: string;
  channelId: string;
  nonce: string;
  attempts: number;
  /** Oldest first. */
  papers: Paper[];
  /** What a kind needs besides papers (JSON), or null. */
  payload: unknown;
  /** The steps of a multi-step post already done (JSON, see saveProgress), or null. */
  progress: unknown;
}

/** A batch of another kind than 'papers', as queueBatch takes it. */
export interface QueuedBatch {
  kind: string;
  channelId: string;
  payload: { papers?: readonly Paper[] } & Record<string, unknown>;
  dedupeKey?: string;
}

/** What pruneSettled cleared. */
export interface PrunedCopies {
  /** Sent or parked deliveries whose copy of the paper was dropped. */
  deliveries: number;
  /** Parked batches whose payload (papers, a digest's chart) was dropped. */
  batches: number;
}

/**
 * Which batches one machine claims when several share the outbox (a shared database): those
 * of the guilds on its shards, as Discord places a guild (`shardOfGuild`), and the channels
 * no subscription names (ANNOUNCE_CHANNEL_ID, the lane '') when it leads. When the machines'
 * DISCORD_SHARD_IDS cover every shard once (as the docs ask; nothing here checks it), each
 * batch has one machine to post it, and a removed guild's posts are refused and parked there.
 */
export interface ClaimScope {
  /** Its shards (DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT); null: every guild (one process runs every shard). */
  shards: { ids: readonly number[]; count: number } | null;
  /** Whether it also claims the batches of channels no subscription names. */
  unguilded: boolean;
  /**
   * A claimed batch is not due again for this long unless settled first (its next attempt
   * moves on by the lease): if the claimer dies mid-post, a claim after the lease posts it
   * again, under its nonce.
   */
  leaseMs: number;
}

/** The shard Discord places a guild on: (guild id >> 22) mod the shard count. A guild id that is not a number is placed on shard 0. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return /^\d+$/.test(guildId) ? Number((BigInt(guildId) >> 22n) % BigInt(shardCount)) : 0;
}

/**
 * The outbox (`deliveries` and `batches`): (paper, channel) deliveries grouped into batches,
 * and posts of other kinds (a thread per paper, a scheduled digest). A (paper, channel) pair
 * can be queued only once, ever; each batch gets its nonce before anything is posted, so a
 * retry after a crash reposts with the same nonce. Exactly-once rests on the transactions of
 * announcePapers, formBatches, markSent and park, and on the rows staying: pruning drops
 * only the copies of papers a settled post no longer needs, never a delivery or a batch.
 *
 * Each batch belongs to the guild of its channel (as its subscriptions name it; one lane of
 * its own for a channel no subscription names, such as ANNOUNCE_CHANNEL_ID), and claimNext
 * takes turns between guilds, so one guild's thousands of posts never delay another's first.
 */
export interface OutboxStore {
  /**
   * Announces papers: those not known before become known (KnownPaperStore) AND their
   * deliveries are queued, in ONE transaction, so no failure can leave a paper known but
   * never queued. Resolves to the papers that were new and the number of deliveries queued.
   */
  announcePapers(
    papers: readonly Paper[],
    channelsOf: (paper: Paper) => readonly string[],
    source: string,
    now?: Date,
  ): Promise<{ fresh: Paper[]; queued: number }>;
  /** Queues (paper, channel) deliveries; a pair queued before is ignored. Resolves to how many were new. */
  enqueue(deliveries: readonly { paper: Paper; channelId: string }[], now?: Date): Promise<number>;
  /**
   * Groups queued deliveries into batches of at most 10 per channel, oldest papers first,
   * each with its nonce; a channel with a threads subscription gets one 'paper-thread' batch
   * per paper instead. Resolves to the number of batches formed.
   */
  formBatches(now?: Date): Promise<number>;
  /**
   * Pending batches whose next attempt is due, oldest first, with their papers oldest first:
   * for tests and operators (the outbox takes its posts one at a time with claimNext).
   * A batch that no longer reads is parked with the reason, told to `onUnreadable`, and left
   * out: one bad row never stalls the others.
   */
  dueBatches(nowMs?: number, onUnreadable?: (batch: UnreadableBatch) => void): Promise<Batch[]>;
  /**
   * The batch to post next, taking turns between guilds: of the guilds with a due batch, the
   * one served least recently (one not served yet first, in the order their work was
   * queued) gives its oldest due batch and becomes the one served last. The batch stays
   * pending: markSent, markRetry or park settles it as before. A batch that no longer reads is
   * parked, told to `onUnreadable`, and the next one is claimed. Null when nothing is due.
   * With a `scope` (machines sharing the outbox), only its guilds' batches are claimed, and a
   * claimed batch is not due again until its lease ends; without, every batch, no lease.
   */
  claimNext(nowMs?: number, onUnreadable?: (batch: UnreadableBatch) => void, scope?: ClaimScope): Promise<Batch | null>;
  /**
   * Queues one post of another kind than 'papers', with its nonce fixed now. With a dedupe
   * key, a batch is queued once only, ever: the second call resolves to null. Resolves to the
   * batch id. An invalid row rejects; only the dedupe key's conflict means "queued before".
   */
  queueBatch(batch: QueuedBatch, now?: Date): Promise<number | null>;
  /** Whether a batch with this dedupe key was ever queued. */
  hasBatch(dedupeKey: string): Promise<boolean>;
  /** Records the steps of a multi-step post already done (a message created, before its thread), so a retry skips them. */
  saveProgress(batchId: number, progress: unknown): Promise<void>;
  /** Records a batch and its deliveries as posted; its payload is dropped (only a batch in waiting needs it). */
  markSent(batchId: number, messageId: string, now?: Date): Promise<void>;
  markRetry(batchId: number, error: string, nextAttemptAtMs: number): Promise<void>;
  /** Gives up on a batch (and its deliveries) that cannot be delivered, keeping why. */
  park(batchId: number, reason: string): Promise<void>;
  /**
   * Posts still to make: deliveries not yet sent nor parked, plus pending batches queued
   * without deliveries (a scheduled digest). A batch of deliveries is counted by its deliveries.
   */
  backlog(): Promise<number>;
  /**
   * Drops the copies a settled post no longer needs: the paper of each sent or parked
   * delivery queued before `before`, and the payload of each parked batch created before it.
   * The rows stay, so a pair once delivered is still never queued again. Pending deliveries
   * and batches keep everything, however old.
   */
  pruneSettled(before: Date): Promise<PrunedCopies>;
  /** Every delivery's state, for tests and operators. */
  deliveries(): Promise<{ paperKey: string; channelId: string; status: string; batchId: number | null }[]>;
}
