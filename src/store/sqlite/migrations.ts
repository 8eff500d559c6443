/**
 * The schema, as numbered migrations applied in order inside one transaction each.
 * `PRAGMA user_version` records the last one applied. Never edit a shipped migration:
 * add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: known papers, subscriptions, the outbox of (paper, channel) deliveries and their batches.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE known_papers (
    key TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL,
    source TEXT NOT NULL
  );

  CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    topic_id TEXT,
    keywords TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  -- NULLs are distinct in a UNIQUE constraint; the expressions make "no topic" equal to itself.
  CREATE UNIQUE INDEX subscriptions_unique ON subscriptions (guild_id, channel_id, IFNULL(topic_id, ''), IFNULL(keywords, ''));

  CREATE TABLE batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id TEXT NOT NULL,
    nonce TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'parked')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    message_id TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
  );

  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    paper_key TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    paper_json TEXT NOT NULL,
    published_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'parked')),
    batch_id INTEGER REFERENCES batches (id),
    created_at TEXT NOT NULL,
    UNIQUE (paper_key, channel_id)
  );
  CREATE INDEX deliveries_pending ON deliveries (status, channel_id);
  `,
  // 2: search queries too long for a button's custom id, recalled by token (see ../query-memo-store.ts).
  `
  CREATE TABLE search_queries (
    token TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    used_at TEXT NOT NULL
  );
  `,
  // 3: kinds of outbox batches. A batch of kind 'papers' lists its deliveries' papers in one
  // message; other kinds (one paper with its thread, a scheduled digest) carry what they need
  // in payload, record the steps already done in progress (so a restart never repeats one),
  // and may be queued once only under a dedupe key.
  `
  ALTER TABLE batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'papers';
  ALTER TABLE batches ADD COLUMN payload TEXT;
  ALTER TABLE batches ADD COLUMN progress TEXT;
  ALTER TABLE batches ADD COLUMN dedupe_key TEXT;
  CREATE UNIQUE INDEX batches_dedupe ON batches (dedupe_key) WHERE dedupe_key IS NOT NULL;
  `,
  // 4: scheduled digests. A subscription posts each new paper ('new', as before) or, once per
  // day, week or month, a digest of the period's `top` most upvoted papers. A digest is a
  // batch (kind 'digest', dedupe key per subscription and period); a period decided without
  // a post (no papers, or missed while the bot was down) is recorded in digest_outcomes, so
  // no restart decides it again.
  `
  ALTER TABLE subscriptions ADD COLUMN schedule TEXT NOT NULL DEFAULT 'new' CHECK (schedule IN ('new', 'daily', 'weekly', 'monthly'));
  ALTER TABLE subscriptions ADD COLUMN top INTEGER NOT NULL DEFAULT 5 CHECK (top BETWEEN 1 AND 10);
  CREATE TABLE digest_outcomes (
    dedupe_key TEXT PRIMARY KEY,
    outcome TEXT NOT NULL CHECK (outcome IN ('empty', 'skipped')),
    decided_at TEXT NOT NULL
  );
  `,
  // 5: papers in the conversation. Each user's saved papers (a copy of the paper as it was
  // saved, so a list outlives the digest), the Hugging Face lookups of link unfurls (misses
  // too, so a dead link is not asked for again and again), the channels where admins turned
  // unfurls off, and subscriptions that open a thread per paper.
  `
  CREATE TABLE saved_papers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL,
    paper_key TEXT NOT NULL,
    short_id TEXT NOT NULL,
    paper_json TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    UNIQUE (user_id, paper_key)
  );
  CREATE INDEX saved_papers_by_short_id ON saved_papers (user_id, short_id);

  CREATE TABLE hf_papers (
    arxiv_id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('found', 'missing', 'failed')),
    paper_json TEXT,
    fetched_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX hf_papers_fetched ON hf_papers (fetched_at);

  CREATE TABLE unfurl_channels (
    guild_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
  );

  ALTER TABLE subscriptions ADD COLUMN threads INTEGER NOT NULL DEFAULT 0;
  `,
  // 6: the day a subscription's schedule last changed, so the new schedule's digests wait for
  // their first post time after it, as a new subscription's do (NULL: never changed); an index
  // for the outbox's look for due batches; and sent batches no longer keep their payload (a
  // digest's carries its chart as base64), which only a post in waiting needs.
  `
  ALTER TABLE subscriptions ADD COLUMN schedule_changed_at TEXT;
  CREATE INDEX batches_due ON batches (status, next_attempt_at);
  UPDATE batches SET payload = NULL WHERE status = 'sent' AND kind <> 'papers';
  `,
  // 7: fair turns and retention. Each batch belongs to the guild of its channel's
  // subscriptions ('' for a channel no subscription names, such as ANNOUNCE_CHANNEL_ID), and
  // the outbox takes turns between guilds: outbox_turns holds, per guild with batches
  // waiting, when it was last served (0: not yet), so the next post goes to the guild served
  // least recently (see ../outbox-store.ts, claimNext). The partial indexes keep a claim a
  // few index seeks however many batches wait, and settling a batch (markSent, park) finds
  // its deliveries by deliveries_of_batch instead of reading every delivery ever made. The
  // last two serve the retention job: old copies of papers in settled deliveries ('' once
  // pruned), and query memos by last use.
  `
  ALTER TABLE batches ADD COLUMN guild_id TEXT NOT NULL DEFAULT '';
  UPDATE batches SET guild_id = IFNULL((SELECT MIN(guild_id) FROM subscriptions WHERE subscriptions.channel_id = batches.channel_id), '')
    WHERE status = 'pending';
  CREATE TABLE outbox_turns (
    guild_id TEXT PRIMARY KEY,
    served INTEGER NOT NULL DEFAULT 0
  );
  INSERT INTO outbox_turns (guild_id) SELECT guild_id FROM batches WHERE status = 'pending' GROUP BY guild_id ORDER BY MIN(id);
  CREATE INDEX outbox_turns_order ON outbox_turns (served);
  CREATE INDEX batches_guild_due ON batches (guild_id, next_attempt_at) WHERE status = 'pending';
  CREATE INDEX batches_guild_queue ON batches (guild_id, id) WHERE status = 'pending';
  CREATE INDEX deliveries_of_batch ON deliveries (batch_id);
  CREATE INDEX deliveries_unpruned ON deliveries (created_at) WHERE paper_json <> '';
  CREATE INDEX search_queries_used ON search_queries (used_at);
  `,
  // 8: the feed's day files, shared through the database by machines on PostgreSQL (see
  // ../feed-file-store.ts). Nothing records them with SQLite: the table keeps both engines'
  // schemas alike for the contract suite and npm run migrate-state.
  `
  CREATE TABLE feed_files (
    name TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    revision INTEGER NOT NULL UNIQUE,
    recorded_at TEXT NOT NULL
  );
  `,
];
