import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { PaperSchema, type Paper } from '../digest/paper.js';
import { SavedPaperStore } from '../saved/saved-paper-store.js';
import type { SubscriptionSchedule } from '../time/digest-period.js';
import { HfPaperCache } from '../unfurl/hf-paper-cache.js';
import { UnfurlSettings } from '../unfurl/unfurl-settings.js';
import { MIGRATIONS } from './migrations.js';
import { memoryQueryMemo, queryToken, type QueryMemo } from './query-memo.js';

export interface Subscription {
  id: number;
  guildId: string;
  channelId: string;
  topicId: string | null;
  /** Comma-separated phrases, as the user typed them. */
  keywords: string | null;
  createdBy: string;
  createdAt: string;
  /** Each new paper as it arrives ('new'), or a digest per day, week or month. */
  schedule: SubscriptionSchedule;
  /** When `schedule` last changed (ISO time), or null: never since it was created. */
  scheduleChangedAt: string | null;
  /** Papers per digest (1–10); unused by 'new'. */
  top: number;
  /** Each paper announced to the channel gets its own message and a thread (see formBatches). */
  threads: boolean;
}

/** What addSubscription needs: schedule, top and threads default to 'new', 5 and no threads. */
export type NewSubscription = Omit<Subscription, 'id' | 'createdAt' | 'scheduleChangedAt' | 'schedule' | 'top' | 'threads'> &
  Partial<Pick<Subscription, 'schedule' | 'top' | 'threads'>>;

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

const MAX_PAPERS_PER_BATCH = 10;
const DATABASE_FILE = 'paper-bot.sqlite';
const BUSY_TIMEOUT_MS = 200;

/**
 * Everything announcements must not forget across restarts and crashes, in SQLite (WAL):
 * which papers are known, the subscriptions, and the outbox of (paper, channel) deliveries
 * grouped into batches. A (paper, channel) pair can be queued only once, ever. Inserts that
 * may meet a row already there use `ON CONFLICT DO NOTHING`: a uniqueness conflict is
 * expected, a failed CHECK or NOT NULL is a bug and throws (`OR IGNORE` would hide it).
 */
export class AnnouncementStore {
  private constructor(private readonly db: Database.Database) {}

  /** Opens (creating if needed) `<dataDir>/paper-bot.sqlite` and applies pending migrations. */
  static open(dataDir: string): AnnouncementStore {
    mkdirSync(dataDir, { recursive: true });
    // better-sqlite3 waits synchronously for a lock: keep the wait short, so a database
    // locked by another process cannot stall interactions; callers retry later instead.
    const db = new Database(path.join(dataDir, DATABASE_FILE), { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const store = new AnnouncementStore(db);
    store.#migrate();
    return store;
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  #migrate(): void {
    for (let version = this.schemaVersion; version < MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version] as string);
        this.db.pragma(`user_version = ${version + 1}`);
      })();
    }
  }

  getMeta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Records papers as known (without announcing them). Returns the keys that were not known before, in input order. */
  rememberKeys(keys: readonly string[], source: string, now = new Date()): string[] {
    const insert = this.db.prepare('INSERT INTO known_papers (key, first_seen, source) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    return this.db.transaction(() => keys.filter((key) => insert.run(key, now.toISOString(), source).changes === 1))();
  }

  /** Records papers as known. Returns the ones that were not known before, in input order. */
  rememberPapers(papers: readonly Paper[], source: string, now = new Date()): Paper[] {
    const fresh = new Set(
      this.rememberKeys(
        papers.map((paper) => paper.key),
        source,
        now,
      ),
    );
    return papers.filter((paper) => fresh.has(paper.key));
  }

  /** The keys among these that the store has never seen. */
  unknownKeys(keys: readonly string[]): string[] {
    const known = this.db.prepare('SELECT 1 FROM known_papers WHERE key = ?').pluck();
    return this.db.transaction(() => keys.filter((key) => known.get(key) === undefined))();
  }

  /**
   * Announces papers: those not known before become known AND their deliveries are queued,
   * in ONE transaction, so no failure can leave a paper known but never queued. Returns the
   * papers that were new and the number of deliveries queued.
   */
  announcePapers(
    papers: readonly Paper[],
    channelsOf: (paper: Paper) => readonly string[],
    source: string,
    now = new Date(),
  ): { fresh: Paper[]; queued: number } {
    const remember = this.db.prepare('INSERT INTO known_papers (key, first_seen, source) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    const deliver = this.#insertDelivery();
    return this.db.transaction(() => {
      const fresh = papers.filter((paper) => remember.run(paper.key, now.toISOString(), source).changes === 1);
      let queued = 0;
      for (const paper of fresh) for (const channelId of channelsOf(paper)) queued += deliver(paper, channelId, now);
      return { fresh, queued };
    })();
  }

  knownCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM known_papers').get() as { n: number }).n;
  }

  /**
   * Adds a subscription, unless one with the same channel, topic and keywords exists: that
   * one then takes the schedule, top and threads given (`changed` says whether they differed);
   * a new schedule is dated `now` (`scheduleChangedAt`), from which its digests are planned.
   * Only that duplicate is ignored (`ON CONFLICT DO NOTHING`, not `OR IGNORE`, which would also
   * skip a row failing a CHECK or NOT NULL): an invalid schedule or top throws.
   */
  addSubscription(input: NewSubscription, now = new Date()): { subscription: Subscription; created: boolean; changed: boolean } {
    const schedule = input.schedule ?? 'new';
    const top = input.top ?? 5;
    const threads = input.threads ?? false;
    return this.db.transaction(() => {
      const result = this.db
        .prepare(
          'INSERT INTO subscriptions (guild_id, channel_id, topic_id, keywords, created_by, created_at, schedule, top, threads) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(input.guildId, input.channelId, input.topicId, input.keywords, input.createdBy, now.toISOString(), schedule, top, threads ? 1 : 0);
      const select = this.db.prepare('SELECT * FROM subscriptions WHERE guild_id = ? AND channel_id = ? AND topic_id IS ? AND keywords IS ?');
      const row = select.get(input.guildId, input.channelId, input.topicId, input.keywords) as SubscriptionRow;
      if (result.changes === 1 || (row.schedule === schedule && row.top === top && row.threads === (threads ? 1 : 0)))
        return { subscription: toSubscription(row), created: result.changes === 1, changed: false };
      const scheduleChangedAt = row.schedule === schedule ? row.schedule_changed_at : now.toISOString();
      this.db
        .prepare('UPDATE subscriptions SET schedule = ?, top = ?, threads = ?, schedule_changed_at = ? WHERE id = ?')
        .run(schedule, top, threads ? 1 : 0, scheduleChangedAt, row.id);
      return {
        subscription: toSubscription({ ...row, schedule, top, threads: threads ? 1 : 0, schedule_changed_at: scheduleChangedAt }),
        created: false,
        changed: true,
      };
    })();
  }

  removeSubscription(guildId: string, id: number): Subscription | null {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE guild_id = ? AND id = ?').get(guildId, id) as SubscriptionRow | undefined;
    if (!row) return null;
    this.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id);
    return toSubscription(row);
  }

  /** A guild's subscriptions, or every subscription. */
  listSubscriptions(guildId?: string): Subscription[] {
    const rows = (
      guildId === undefined
        ? this.db.prepare('SELECT * FROM subscriptions ORDER BY id').all()
        : this.db.prepare('SELECT * FROM subscriptions WHERE guild_id = ? ORDER BY id').all(guildId)
    ) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  /** Queues (paper, channel) deliveries; a pair queued before is ignored. Returns how many were new. */
  enqueue(deliveries: readonly { paper: Paper; channelId: string }[], now = new Date()): number {
    const deliver = this.#insertDelivery();
    return this.db.transaction(() => deliveries.reduce((count, { paper, channelId }) => count + deliver(paper, channelId, now), 0))();
  }

  #insertDelivery(): (paper: Paper, channelId: string, now: Date) => number {
    const insert = this.db.prepare(
      "INSERT INTO deliveries (paper_key, channel_id, paper_json, published_at, status, created_at) VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING",
    );
    return (paper, channelId, now) => insert.run(paper.key, channelId, JSON.stringify(paper), paper.publishedAt, now.toISOString()).changes;
  }

  /**
   * Groups queued deliveries into batches of at most 10 per channel, oldest papers first,
   * and gives each batch its nonce, before anything is posted: a retry after a crash
   * reposts the same batch with the same nonce. A channel with a threads subscription gets
   * one batch per paper instead (#formThreadBatches).
   */
  formBatches(now = new Date()): number {
    return this.db.transaction(() => {
      const threaded = this.#formThreadBatches(now);
      const rows = this.db
        .prepare(
          "SELECT id, channel_id FROM deliveries WHERE status = 'pending' AND batch_id IS NULL ORDER BY channel_id, published_at IS NULL, published_at, id",
        )
        .all() as { id: number; channel_id: string }[];
      const insertBatch = this.db.prepare("INSERT INTO batches (channel_id, nonce, status, created_at) VALUES (?, ?, 'pending', ?)");
      const assign = this.db.prepare('UPDATE deliveries SET batch_id = ? WHERE id = ?');
      let formed = 0;
      let current: { channel: string; id: number; size: number } | null = null;
      for (const row of rows) {
        if (!current || current.channel !== row.channel_id || current.size === MAX_PAPERS_PER_BATCH) {
          const nonce = newNonce();
          current = { channel: row.channel_id, id: Number(insertBatch.run(row.channel_id, nonce, now.toISOString()).lastInsertRowid), size: 0 };
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
      "INSERT INTO batches (channel_id, nonce, status, created_at, kind, payload) VALUES (?, ?, 'pending', ?, 'paper-thread', ?)",
    );
    const assign = this.db.prepare('UPDATE deliveries SET batch_id = ? WHERE id = ?');
    for (const row of rows) {
      const payload = `{"papers":[${row.paper_json}]}`;
      assign.run(Number(insertBatch.run(row.channel_id, newNonce(), now.toISOString(), payload).lastInsertRowid), row.id);
    }
    return rows.length;
  }

  /**
   * Pending batches whose next attempt is due, oldest first, with their papers oldest first.
   * A batch that no longer reads (a payload or paper that is not JSON, or a paper the schema
   * refuses) is parked with the reason, told to `onUnreadable`, and left out: one bad row
   * never stalls the others.
   */
  dueBatches(nowMs = Date.now(), onUnreadable: (batch: UnreadableBatch) => void = () => {}): Batch[] {
    const batches = this.db.prepare("SELECT * FROM batches WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id").all(nowMs) as BatchRow[];
    const papersOf = this.db.prepare('SELECT paper_json FROM deliveries WHERE batch_id = ? ORDER BY published_at IS NULL, published_at, id');
    return batches.flatMap((batch) => {
      try {
        const payload = batch.payload === null ? null : (JSON.parse(batch.payload) as { papers?: unknown[] } | null);
        // A queued batch carries its papers in its payload; a 'papers' batch reads its deliveries.
        const papers =
          batch.kind === 'papers'
            ? (papersOf.all(batch.id) as { paper_json: string }[]).map((row) => JSON.parse(row.paper_json) as unknown)
            : (payload?.papers ?? []);
        return [
          {
            id: batch.id,
            kind: batch.kind,
            channelId: batch.channel_id,
            nonce: batch.nonce,
            attempts: batch.attempts,
            papers: papers.map((paper) => PaperSchema.parse(paper)),
            payload,
            progress: batch.progress === null ? null : (JSON.parse(batch.progress) as unknown),
          },
        ];
      } catch (error) {
        const reason = `unreadable batch: ${error instanceof z.ZodError ? `a paper does not fit the schema (${error.issues[0]?.path.join('.')}: ${error.issues[0]?.message})` : (error as Error).message}`;
        this.park(batch.id, reason);
        onUnreadable({ id: batch.id, kind: batch.kind, channelId: batch.channel_id, reason });
        return [];
      }
    });
  }

  /**
   * Queues one post of another kind than 'papers' (its papers, if any, go in `payload.papers`),
   * with its nonce fixed now. With a dedupe key, a batch is queued once only, ever: the
   * second call returns null. Returns the batch id. An invalid row throws; only the dedupe
   * key's conflict means "queued before".
   */
  queueBatch(
    batch: { kind: string; channelId: string; payload: { papers?: readonly Paper[] } & Record<string, unknown>; dedupeKey?: string },
    now = new Date(),
  ): number | null {
    const result = this.db
      .prepare(
        "INSERT INTO batches (channel_id, nonce, status, created_at, kind, payload, dedupe_key) VALUES (?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING",
      )
      .run(batch.channelId, newNonce(), now.toISOString(), batch.kind, JSON.stringify(batch.payload), batch.dedupeKey ?? null);
    return result.changes === 1 ? Number(result.lastInsertRowid) : null;
  }

  /** Whether a batch with this dedupe key was ever queued. */
  hasBatch(dedupeKey: string): boolean {
    return this.db.prepare('SELECT 1 FROM batches WHERE dedupe_key = ?').get(dedupeKey) !== undefined;
  }

  /** Records a scheduled digest that will not be posted: its period had no papers, or it was missed. False when already recorded. */
  recordDigestOutcome(dedupeKey: string, outcome: 'empty' | 'skipped', now = new Date()): boolean {
    return (
      this.db
        .prepare('INSERT INTO digest_outcomes (dedupe_key, outcome, decided_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
        .run(dedupeKey, outcome, now.toISOString()).changes === 1
    );
  }

  /** Whether a scheduled digest was decided: queued (see queueBatch), or recorded as not posted. */
  digestDecided(dedupeKey: string): boolean {
    return this.hasBatch(dedupeKey) || this.db.prepare('SELECT 1 FROM digest_outcomes WHERE dedupe_key = ?').get(dedupeKey) !== undefined;
  }

  /** Records the steps of a multi-step post already done (a message created, before its thread), so a retry skips them. */
  saveProgress(batchId: number, progress: unknown): void {
    this.db.prepare('UPDATE batches SET progress = ? WHERE id = ?').run(JSON.stringify(progress), batchId);
  }

  /** Records a batch as posted. Its payload (a digest's chart, a thread's paper) is dropped: only a batch in waiting needs it. */
  markSent(batchId: number, messageId: string, now = new Date()): void {
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE batches SET status = 'sent', message_id = ?, sent_at = ?, last_error = NULL, payload = NULL WHERE id = ?")
        .run(messageId, now.toISOString(), batchId);
      this.db.prepare("UPDATE deliveries SET status = 'sent' WHERE batch_id = ?").run(batchId);
    })();
  }

  markRetry(batchId: number, error: string, nextAttemptAtMs: number): void {
    this.db
      .prepare('UPDATE batches SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?')
      .run(error.slice(0, 500), nextAttemptAtMs, batchId);
  }

  /** Gives up on a batch that cannot be delivered (missing channel or permissions), keeping why. */
  park(batchId: number, reason: string): void {
    this.db.transaction(() => {
      this.db.prepare("UPDATE batches SET status = 'parked', last_error = ? WHERE id = ?").run(reason.slice(0, 500), batchId);
      this.db.prepare("UPDATE deliveries SET status = 'parked' WHERE batch_id = ?").run(batchId);
    })();
  }

  /**
   * Posts still to make: deliveries (a paper for a channel) not yet sent nor parked, plus
   * pending batches queued without deliveries (queueBatch: a scheduled digest). A batch of
   * deliveries ('papers', 'paper-thread') is counted by its deliveries, not again itself.
   */
  backlog(): number {
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

  /** Search queries remembered for page buttons, across restarts; those unused for 90 days are forgotten. */
  queryMemo(now: () => Date = () => new Date()): QueryMemo {
    const upsert = this.db.prepare(
      'INSERT INTO search_queries (token, query, used_at) VALUES (?, ?, ?) ON CONFLICT (token) DO UPDATE SET used_at = excluded.used_at',
    );
    const select = this.db.prepare('SELECT query FROM search_queries WHERE token = ?').pluck();
    const forget = this.db.prepare('DELETE FROM search_queries WHERE used_at < ?');
    // A locked database must not fail a search: the query is then kept in memory only.
    const fallback = memoryQueryMemo();
    return {
      remember: (query) => {
        const token = queryToken(query);
        const at = now();
        try {
          upsert.run(token, query, at.toISOString());
          forget.run(new Date(at.getTime() - 90 * 86_400_000).toISOString());
        } catch {
          fallback.remember(query);
        }
        return token;
      },
      recall: (token) => {
        try {
          return (select.get(token) as string | undefined) ?? fallback.recall(token);
        } catch {
          return fallback.recall(token);
        }
      },
    };
  }

  /** Users' saved papers (src/saved/saved-paper-store.ts). */
  savedPapers(): SavedPaperStore {
    return (this.#savedPapers ??= new SavedPaperStore(this.db));
  }
  #savedPapers: SavedPaperStore | undefined;

  /** Papers looked up on Hugging Face for link unfurls, misses included (src/unfurl/hf-paper-cache.ts). */
  hfPapers(): HfPaperCache {
    return (this.#hfPapers ??= new HfPaperCache(this.db));
  }
  #hfPapers: HfPaperCache | undefined;

  /** Channels where admins turned link unfurls off (src/unfurl/unfurl-settings.ts). */
  unfurlSettings(): UnfurlSettings {
    return (this.#unfurlSettings ??= new UnfurlSettings(this.db));
  }
  #unfurlSettings: UnfurlSettings | undefined;

  /** Every delivery's state, for tests and operators. */
  deliveries(): { paperKey: string; channelId: string; status: string; batchId: number | null }[] {
    return (this.db.prepare('SELECT paper_key, channel_id, status, batch_id FROM deliveries ORDER BY id').all() as DeliveryRow[]).map((row) => ({
      paperKey: row.paper_key,
      channelId: row.channel_id,
      status: row.status,
      batchId: row.batch_id,
    }));
  }
}

interface SubscriptionRow {
  id: number;
  guild_id: string;
  channel_id: string;
  topic_id: string | null;
  keywords: string | null;
  created_by: string;
  created_at: string;
  schedule: SubscriptionSchedule;
  schedule_changed_at: string | null;
  top: number;
  threads: number;
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

/** Discord accepts nonces of up to 25 characters. */
function newNonce(): string {
  return `b${randomBytes(8).toString('hex')}`;
}
interface DeliveryRow {
  paper_key: string;
  channel_id: string;
  status: string;
  batch_id: number | null;
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    topicId: row.topic_id,
    keywords: row.keywords,
    createdBy: row.created_by,
    createdAt: row.created_at,
    schedule: row.schedule,
    scheduleChangedAt: row.schedule_changed_at,
    top: row.top,
    threads: row.threads === 1,
  };
}
