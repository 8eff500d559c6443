import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.js';
import type { CommandRegistrationStore, Registration } from '../../src/store/command-registration-store.js';
import { copySqliteToPostgres, TargetNotEmptyError } from '../../src/store/copy-sqlite-to-postgres.js';
import { commandRegistrationFiles } from '../../src/store/files/command-registration-files.js';
import type { Batch, OutboxStore } from '../../src/store/outbox-store.js';
import type { Stores } from '../../src/store/stores.js';
import { makePaper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';
import { postgresUrl, usePostgresStores } from '../support/postgres-database.js';
import { useTempStore } from '../support/temp-store.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const T0 = new Date('2026-03-01T08:00:00.000Z');
const T1 = new Date('2026-03-02T08:00:00.000Z');
const T2 = new Date('2026-03-03T08:00:00.000Z');
const T3 = new Date('2026-03-04T08:00:00.000Z');
const NOW_MS = T2.getTime();
/** Later than every retry: every pending batch is due. */
const LATER_MS = T3.getTime();
const GUILD = { a: '100000000000000001', b: '100000000000000002', c: '100000000000000003', d: '100000000000000004' };
const USER = { one: '200000000000000001', two: '200000000000000002' };
const ANNOUNCE_CHANNEL = '300000000000000009';
const PAPERS = [1, 2, 3, 4, 5].map((n) => makePaper(`2603.0000${n}`, `2026-02-2${n}`));
const HF_PAPER = makePaper('2603.10001', '2026-02-28', 'From Hugging Face');
const GLOBAL_REGISTRATION: Registration = { hash: 'h-global', versions: { ask: '111', find: '112' } };
const REGISTRATIONS: Record<string, Registration> = {
  global: GLOBAL_REGISTRATION,
  [GUILD.a]: { hash: 'h-guild', versions: {} },
};
const paper = (n: number) => PAPERS[n - 1] as Paper;
const quietLog = () => memoryLogger('warn').log;

/** What `fill` built, for the reads after. */
interface Filled {
  subscriptionIds: number[];
  /** The id of the subscription removed, the newest one. */
  removedId: number;
  digestKey: string;
  outcomeKeys: string[];
}

/**
 * Every kind of state, through the stores' own methods: known papers, meta, subscriptions of
 * every schedule (one changed, the newest removed), announced papers formed into 'papers' and
 * 'paper-thread' batches (one sent, one parked, one in backoff with progress), a queued digest
 * with a dedupe key and progress, digest outcomes, search memos, two users' saved papers,
 * Hugging Face lookups of each kind, unfurl settings and two registration records.
 */
async function fill(stores: Stores, registration: CommandRegistrationStore): Promise<Filled> {
  const { subscriptions, outbox } = stores;
  await stores.known.rememberKeys(['old-1', 'old-2'], 'import', T0);
  await stores.meta.set('initialized_at', T0.toISOString());
  await stores.meta.set('feed.etag', 'W/"abc"');
  const add = async (guildId: string, channelId: string, more: Partial<Parameters<typeof subscriptions.add>[0]>, at = T0) =>
    (await subscriptions.add({ guildId, channelId, topicId: null, keywords: null, createdBy: USER.one, ...more }, at)).subscription.id;
  const ids = [
    await add(GUILD.a, 'a-news', { topicId: 'llm' }),
    await add(GUILD.a, 'a-threads', { keywords: 'diffusion, video', threads: true }),
    await add(GUILD.b, 'b-daily', { topicId: 'vision', schedule: 'daily', top: 3, createdBy: USER.two }),
    await add(GUILD.b, 'b-weekly', { keywords: 'agents', schedule: 'weekly', top: 10 }),
    await add(GUILD.c, 'c-monthly', { topicId: 'rl', schedule: 'daily' }),
  ];
  await add(GUILD.c, 'c-monthly', { topicId: 'rl', schedule: 'monthly', top: 1 }, T1); // changed: scheduleChangedAt T1
  const removed = await add(GUILD.c, 'c-gone', {});
  await subscriptions.remove(GUILD.c, removed); // its id is never handed out again

  await outbox.announcePapers(PAPERS, (p) => (p === paper(5) ? [ANNOUNCE_CHANNEL] : ['a-news', 'a-threads', ANNOUNCE_CHANNEL]), 'feed', T1);
  await outbox.formBatches(T1);
  const sent = (await outbox.claimNext(NOW_MS)) as Batch;
  await outbox.markSent(sent.id, 'message-1', T2);
  const parked = (await outbox.claimNext(NOW_MS)) as Batch;
  await outbox.park(parked.id, 'Missing Access');
  const retried = (await outbox.claimNext(NOW_MS)) as Batch;
  await outbox.saveProgress(retried.id, { messageId: 'message-2' });
  await outbox.markRetry(retried.id, 'HTTP 500', NOW_MS + 60_000);

  const digestKey = `digest:${ids[2]}:daily:2026-03-02`;
  const digest = (await outbox.queueBatch(
    { kind: 'digest', channelId: 'b-daily', payload: { papers: [paper(1)], title: 'Daily' }, dedupeKey: digestKey },
    T2,
  )) as number;
  await outbox.saveProgress(digest, { header: 'message-3' });
  // Guild A is served once more (its batch left pending, as by a crash mid-post): guild B, queued after it, now goes first.
  expect((await outbox.claimNext(NOW_MS))?.channelId).toBe('a-threads');
  const outcomeKeys = [`digest:${ids[3]}:weekly:2026-02-23`, `digest:${ids[4]}:monthly:2026-02-01`];
  await stores.digestOutcomes.record(outcomeKeys[0] as string, 'empty', T2);
  await stores.digestOutcomes.record(outcomeKeys[1] as string, 'skipped', T2);

  await stores.queryMemo.remember('q-long', 'a query far too long for a custom id '.repeat(4), T2);
  await stores.queryMemo.remember('q-old', 'older', T0);
  await stores.saved.save(USER.one, paper(1), 's1', T0);
  await stores.saved.save(USER.one, paper(2), 's2', T1);
  await stores.saved.save(USER.two, paper(3), 's3', T1);
  await stores.saved.remove(USER.one, 's1');
  await stores.saved.save(USER.one, paper(1), 's1', T2); // back on top
  await stores.hfPapers.put('2603.10001', { status: 'found', paper: HF_PAPER }, NOW_MS);
  await stores.hfPapers.put('2603.10002', { status: 'missing' }, NOW_MS);
  await stores.hfPapers.put('2603.10003', { status: 'found', paper: paper(4) }, NOW_MS - 2 * 86_400_000);
  await stores.hfPapers.put('2603.10003', { status: 'failed' }, NOW_MS); // keeps the paper found before
  await stores.unfurlSettings.set({ guildId: GUILD.a, channelId: 'a-news', enabled: false, changedBy: USER.one }, T1);
  await stores.unfurlSettings.set({ guildId: GUILD.a, channelId: 'a-threads', enabled: true, changedBy: USER.one }, T1);
  await stores.feedFiles.record('feed/2026-11-20.json', '[{"paper":{"id":"2611.00001"}}]', T1);
  await stores.feedFiles.record('feed/2026-11-21.json', '[]', T1);
  await stores.feedFiles.record('feed/2026-11-20.json', '[{"paper":{"id":"2611.00002"}}]', T1); // changed: a later revision
  for (const [scope, record] of Object.entries(REGISTRATIONS)) await registration.write(scope, record);
  return { subscriptionIds: ids, removedId: removed, digestKey, outcomeKeys };
}

/** Every read of every store (none changes anything): the answers both engines must give alike. */
async function readAll(stores: Stores, registration: CommandRegistrationStore, filled: Filled) {
  const keys = [...PAPERS.map((p) => p.key), 'old-1', 'old-2', 'never-seen'];
  const hfIds = ['2603.10001', '2603.10002', '2603.10003', '2603.99999'];
  return {
    known: { count: await stores.known.count(), unknown: await stores.known.unknownKeys(keys) },
    meta: [await stores.meta.get('initialized_at'), await stores.meta.get('feed.etag'), await stores.meta.get('nothing')],
    subscriptions: { all: await stores.subscriptions.list(), guildB: await stores.subscriptions.list(GUILD.b) },
    outbox: {
      deliveries: await stores.outbox.deliveries(),
      backlog: await stores.outbox.backlog(),
      due: await stores.outbox.dueBatches(LATER_MS),
      dueNow: (await stores.outbox.dueBatches(NOW_MS)).map((batch) => batch.id),
      hasBatch: [await stores.outbox.hasBatch(filled.digestKey), await stores.outbox.hasBatch('digest:0:daily:2026-01-01')],
    },
    decided: await Promise.all([filled.digestKey, ...filled.outcomeKeys, 'digest:0:daily:2026-01-01'].map((key) => stores.digestOutcomes.decided(key))),
    memo: [await stores.queryMemo.recall('q-long'), await stores.queryMemo.recall('q-old'), await stores.queryMemo.recall('q-none')],
    saved: {
      one: await stores.saved.page(USER.one, 0, 10),
      oneSecond: await stores.saved.page(USER.one, 1, 1),
      two: await stores.saved.all(USER.two),
      counts: [await stores.saved.count(USER.one), await stores.saved.count(USER.two)],
      isSaved: [await stores.saved.isSaved(USER.one, 's2'), await stores.saved.isSaved(USER.two, 's1')],
    },
    hf: {
      fresh: await Promise.all(hfIds.map((id) => stores.hfPapers.fresh(id, NOW_MS + 1))),
      expired: await Promise.all(hfIds.map((id) => stores.hfPapers.fresh(id, NOW_MS + 2 * 86_400_000))),
      lastFound: await Promise.all(hfIds.map((id) => stores.hfPapers.lastFound(id))),
    },
    unfurl: [
      await stores.unfurlSettings.isEnabled(GUILD.a, ['a-news']),
      await stores.unfurlSettings.isEnabled(GUILD.a, ['a-threads']),
      await stores.unfurlSettings.isEnabled(GUILD.a, ['a-threads', 'a-news']),
      await stores.unfurlSettings.isEnabled(GUILD.b, ['a-news']),
    ],
    registrations: await Promise.all([...Object.keys(REGISTRATIONS), '999999999999999999'].map((scope) => registration.read(scope))),
    feedFiles: [await stores.feedFiles.since(0, 10), await stores.feedFiles.since(2, 10)],
  };
}

/** Claims and marks sent every due batch, in claim order: the order the outbox would post them (at most 50). */
async function postAll(outbox: OutboxStore): Promise<Batch[]> {
  const claimed: Batch[] = [];
  for (let batch = await outbox.claimNext(LATER_MS); batch !== null && claimed.length < 50; batch = await outbox.claimNext(LATER_MS)) {
    claimed.push(batch);
    await outbox.markSent(batch.id, `posted-${batch.id}`, T3);
  }
  return claimed;
}

/** `npm run migrate-state` as a user runs it (no .env), with only these variables. */
function runScript(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate-state.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ENV_FILE: 'none', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(postgresUrl === null)('copySqliteToPostgres: a SQLite DATA_DIR into PostgreSQL (skipped without a PostgreSQL test server)', () => {
  const sqlite = useTempStore('each');
  const target = usePostgresStores('each');
  const files = () => commandRegistrationFiles(sqlite.dir, quietLog());
  const copy = (options: { rowsPerStatement?: number } = {}) => copySqliteToPostgres(sqlite.dir, target.url, { log: quietLog(), ...options });

  it('copies every table and the registration files: each PostgreSQL store answers as the SQLite one did, ids and nonces kept', async () => {
    const filled = await fill(sqlite.stores, files());
    const before = await readAll(sqlite.stores, files(), filled);
    const rows = sqlite.raw((db) =>
      Object.fromEntries(
        [
          'meta',
          'known_papers',
          'subscriptions',
          'batches',
          'deliveries',
          'outbox_turns',
          'search_queries',
          'digest_outcomes',
          'saved_papers',
          'hf_papers',
          'unfurl_channels',
          'feed_files',
        ].map((table) => [table, db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number]),
      ),
    );
    // Three rows per INSERT: every table of more than three rows takes several statements.
    const counts = await copy({ rowsPerStatement: 3 });
    expect(counts).toEqual({ ...rows, command_registrations: 2 });
    expect(Object.values(rows).every((count) => count > 0)).toBe(true);

    const after = await readAll(target.stores, target.stores.commandRegistration, filled);
    expect(after).toEqual(before);
    expect(before.outbox.due.map((batch) => batch.kind)).toEqual(expect.arrayContaining(['papers', 'paper-thread', 'digest']));
    expect(before.outbox.deliveries.map((delivery) => delivery.status)).toEqual(expect.arrayContaining(['pending', 'sent', 'parked']));
    expect(before.subscriptions.all.map((subscription) => [subscription.schedule, subscription.threads])).toEqual(
      expect.arrayContaining([
        ['new', true],
        ['new', false],
        ['daily', false],
        ['weekly', false],
        ['monthly', false],
      ]),
    );
    // The outbox goes on where SQLite's stopped: the same batches, nonces and progress, in the same turns between guilds.
    const posted = await postAll(sqlite.stores.outbox);
    expect(posted.length).toBeGreaterThan(3);
    expect(await postAll(target.stores.outbox)).toEqual(posted);
    expect(await target.stores.outbox.deliveries()).toEqual(await sqlite.stores.outbox.deliveries());
  });

  it('moves every id sequence on: new rows get the ids SQLite would have given, above every id copied (a removed one too)', async () => {
    const filled = await fill(sqlite.stores, files());
    await copy();
    const copiedIds = (await sqlite.stores.subscriptions.list()).map((subscription) => subscription.id);
    const copiedBatches = (await sqlite.stores.outbox.dueBatches(LATER_MS)).map((batch) => batch.id);
    const both = [sqlite.stores, target.stores];
    const added = await Promise.all(
      both.map((stores) => stores.subscriptions.add({ guildId: GUILD.d, channelId: 'd-new', topicId: null, keywords: 'new', createdBy: USER.two }, T3)),
    );
    expect(added[1]).toEqual(added[0]);
    // Above the removed subscription's id too: a new subscription never inherits a removed one's digest keys.
    expect(filled.removedId).toBeGreaterThan(Math.max(...copiedIds));
    expect(added[1]?.subscription.id).toBeGreaterThan(filled.removedId);
    const queued = await Promise.all(
      both.map((stores) => stores.outbox.queueBatch({ kind: 'digest', channelId: 'd-new', payload: { papers: [] }, dedupeKey: 'd' }, T3)),
    );
    expect(queued[1]).toBe(queued[0]);
    expect(queued[1]).toBeGreaterThan(Math.max(...copiedBatches));
    const news = makePaper('2603.00009', '2026-03-03');
    for (const stores of both) {
      await stores.outbox.announcePapers([news], () => ['a-news', 'd-new'], 'feed', T3);
      await stores.outbox.formBatches(T3);
      await stores.saved.save(USER.two, news, 's9', T3);
    }
    // New batches get nonces of their own on each side; the rest must match.
    const withoutNewNonces = (batches: Batch[]) => batches.map((batch) => (copiedBatches.includes(batch.id) ? batch : { ...batch, nonce: 'new' }));
    expect(withoutNewNonces(await postAll(target.stores.outbox))).toEqual(withoutNewNonces(await postAll(sqlite.stores.outbox)));
    expect(await readAll(target.stores, target.stores.commandRegistration, filled)).toEqual(await readAll(sqlite.stores, files(), filled));
    expect(await target.stores.saved.page(USER.two, 0, 1)).toEqual([{ paper: news, shortId: 's9', savedAt: T3.toISOString() }]);
    // A feed file recorded after the copy comes after every copied one, for a reader that saw them all.
    const lastCopied = Math.max(...(await target.stores.feedFiles.since(0, 10)).map((file) => file.revision));
    await target.stores.feedFiles.record('feed/2026-11-22.json', '[]', T3);
    expect((await target.stores.feedFiles.since(lastCopied, 10)).map((file) => file.name)).toEqual(['feed/2026-11-22.json']);
  });

  it('moves an outbox_served sequence, should the schema have one, past the largest served copied', async () => {
    await fill(sqlite.stores, files());
    const served = sqlite.raw((db) => db.prepare('SELECT MAX(served) FROM outbox_turns').pluck().get() as number);
    expect(served).toBeGreaterThan(0);
    await target.sql('CREATE SEQUENCE outbox_served');
    await copy();
    expect(await target.sql("SELECT nextval('outbox_served') AS n")).toEqual([{ n: served + 1 }]);
  });

  it('refuses a second copy into the same database, changing nothing', async () => {
    const filled = await fill(sqlite.stores, files());
    await copy();
    const copied = await readAll(target.stores, target.stores.commandRegistration, filled);
    await sqlite.stores.subscriptions.add({ guildId: GUILD.d, channelId: 'd-late', topicId: null, keywords: null, createdBy: USER.one });
    await sqlite.stores.known.rememberKeys(['late'], 'feed');
    const second = copy();
    await expect(second).rejects.toThrow(TargetNotEmptyError);
    await expect(second).rejects.toThrow(/^the PostgreSQL database already holds state \(rows in meta, known_papers, subscriptions, batches, deliveries, /);
    expect(await readAll(target.stores, target.stores.commandRegistration, filled)).toEqual(copied);
  });

  it.each([
    ['meta', (stores: Stores) => stores.meta.set('initialized_at', T0.toISOString())],
    ['saved_papers', (stores: Stores) => stores.saved.save(USER.one, paper(1), 's1', T0).then(() => {})],
    ['command_registrations', () => target.stores.commandRegistration.write('global', GLOBAL_REGISTRATION)],
    ['later_state', () => target.sql("CREATE TABLE later_state (x TEXT); INSERT INTO later_state VALUES ('a table a later migration adds')").then(() => {})],
  ])('refuses a target whose only state is a row of %s, copying nothing', async (table, write) => {
    await fill(sqlite.stores, files());
    await write(target.stores);
    await expect(copy()).rejects.toThrow(`already holds state (rows in ${table})`);
    expect(await target.stores.known.count()).toBe(0);
    expect(await target.stores.subscriptions.list()).toEqual([]);
  });

  it('stops at a row PostgreSQL cannot hold, naming it, and leaves the target empty (one transaction)', async () => {
    await fill(sqlite.stores, files());
    const { subscription } = await sqlite.stores.subscriptions.add({
      guildId: GUILD.d,
      channelId: 'd',
      topicId: null,
      keywords: 'a\u0000b',
      createdBy: USER.one,
    });
    await expect(copy()).rejects.toThrow(`subscriptions row ${subscription.id}, keywords: holds a NUL character, which PostgreSQL text cannot hold`);
    // meta and known_papers were copied before subscriptions: rolled back with the rest.
    expect(await target.stores.meta.get('initialized_at')).toBeNull();
    expect(await target.stores.known.count()).toBe(0);
    expect(await target.stores.commandRegistration.read('global')).toBeNull();
  });

  it('refuses SQLite state it would leave behind: a table or a column the copy does not know', async () => {
    await fill(sqlite.stores, files());
    sqlite.raw((db) => db.exec("ALTER TABLE meta ADD COLUMN note TEXT; UPDATE meta SET note = 'kept'"));
    await expect(copy()).rejects.toThrow("meta: no PostgreSQL column for SQLite's note");
    sqlite.raw((db) => db.exec('ALTER TABLE meta DROP COLUMN note; CREATE TABLE extra_state (x TEXT)'));
    await expect(copy()).rejects.toThrow('the SQLite database has tables the copy does not know (extra_state)');
    expect(await target.stores.meta.get('initialized_at')).toBeNull();
  });

  it('brings an old SQLite file up to date before copying it: its pending batch is claimed with its nonce', async () => {
    await sqlite.replaceWithSchema(1, (db) => {
      db.prepare("INSERT INTO subscriptions (guild_id, channel_id, topic_id, keywords, created_by, created_at) VALUES (?, 'ch', NULL, 'old', ?, ?)").run(
        GUILD.a,
        USER.one,
        T0.toISOString(),
      );
      db.prepare("INSERT INTO batches (channel_id, nonce, status, created_at) VALUES ('ch', 'b-old-nonce', 'pending', ?)").run(T0.toISOString());
      db.prepare(
        "INSERT INTO deliveries (paper_key, channel_id, paper_json, published_at, status, batch_id, created_at) VALUES (?, 'ch', ?, ?, 'pending', 1, ?)",
      ).run(paper(1).key, JSON.stringify(paper(1)), paper(1).publishedAt, T0.toISOString());
    });
    await copy();
    expect(await target.stores.subscriptions.list()).toEqual([
      expect.objectContaining({ id: 1, keywords: 'old', schedule: 'new', top: 5, threads: false, scheduleChangedAt: null }),
    ]);
    expect(await target.stores.outbox.claimNext(LATER_MS)).toMatchObject({ id: 1, kind: 'papers', nonce: 'b-old-nonce', papers: [paper(1)] });
  });

  it('refuses a DATA_DIR without a SQLite database, creating none', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'no-state-'));
    try {
      await expect(copySqliteToPostgres(empty, target.url, { log: quietLog() })).rejects.toThrow(
        /^no SQLite database at .*paper-bot\.sqlite: nothing to copy$/,
      );
      expect(existsSync(path.join(empty, 'paper-bot.sqlite'))).toBe(false);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  // How long a large copy takes is measured by npm run bench:stores, not here.
  it('copies tables of many statements whole: 10,000 known papers and 10,000 deliveries', { timeout: 60_000 }, async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `2601.${String(i).padStart(5, '0')}`);
    await sqlite.stores.known.rememberKeys(keys, 'import', T0);
    await sqlite.stores.outbox.enqueue(
      keys.map((key) => ({ paper: makePaper(key, '2026-01-01'), channelId: 'ch' })),
      T0,
    );
    const counts = await copy();
    expect(counts).toMatchObject({ known_papers: 10_000, deliveries: 10_000 });
    expect(await target.stores.known.count()).toBe(10_000);
    expect(await target.stores.known.unknownKeys([keys[0] as string, keys[9_999] as string, '2601.x'])).toEqual(['2601.x']);
    expect(await target.stores.outbox.backlog()).toBe(10_000);
  });

  describe('npm run migrate-state, in a child process', () => {
    it('copies DATA_DIR into DATABASE_URL and prints the rows per table, never the password; then refuses a second run', async () => {
      await fill(sqlite.stores, files());
      const url = new URL(target.url);
      url.username = 'postgres';
      url.password = 'hunter2-secret'; // the test server trusts local connections: any password does
      const env = { DATA_DIR: sqlite.dir, DATABASE_URL: url.toString() };
      const run = await runScript(env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Copied .*paper-bot\.sqlite into PostgreSQL \(127\.0\.0\.1:\d+\/store_\w+\) in \d+\.\d s:\n/);
      expect(run.stdout).toMatch(/\n {2}subscriptions +5\n/);
      expect(run.stdout).toMatch(/\n {2}command_registrations +2\n/);
      expect(await target.stores.subscriptions.list()).toEqual(await sqlite.stores.subscriptions.list());

      const again = await runScript(env);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(
        /^npm run migrate-state: the PostgreSQL database already holds state \(rows in meta, .*\): copy only into a database no bot has used\n$/,
      );
      expect(again.stdout).toBe('');
      for (const output of [run.stdout, run.stderr, again.stdout, again.stderr]) expect(output).not.toContain('hunter2');
    });

    it('refuses without DATABASE_URL, and without a SQLite database in DATA_DIR, in one line each', async () => {
      await fill(sqlite.stores, files());
      const withoutUrl = await runScript({ DATA_DIR: sqlite.dir });
      expect(withoutUrl).toEqual({
        code: 1,
        stdout: '',
        stderr: 'npm run migrate-state: DATABASE_URL is not set: set it to the PostgreSQL database to copy the state of DATA_DIR into\n',
      });
      const empty = await mkdtemp(path.join(tmpdir(), 'no-state-'));
      try {
        const withoutSqlite = await runScript({ DATA_DIR: empty, DATABASE_URL: target.url });
        expect(withoutSqlite.code).toBe(1);
        expect(withoutSqlite.stderr).toMatch(/^npm run migrate-state: no SQLite database in DATA_DIR \(.*paper-bot\.sqlite\): nothing to copy\n$/);
        expect(existsSync(path.join(empty, 'paper-bot.sqlite'))).toBe(false);
      } finally {
        await rm(empty, { recursive: true, force: true });
      }
      expect(await target.stores.subscriptions.list()).toEqual([]);
    });
  });
});
