import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDay, writeFeedDay } from '../feed/feed-day.js';
import type { Logger } from '../log.js';
import type { FeedFileStore } from '../store/feed-file-store.js';
import { RepeatingTask } from '../time/repeating-task.js';

/** Every 2 s: a paper the leader's poller brings is searchable on every machine within a few seconds. */
export const FEED_SYNC_MS = 2000;
/** Files read from the database per round. */
const PER_ROUND = 20;
/** The only names a feed file may have: `feed/<day>.json` (never a path elsewhere). */
const FEED_FILE = /^feed\/(\d{4}-\d{2}-\d{2})\.json$/;

interface FeedFileSyncOptions {
  store: FeedFileStore;
  digestDir: string;
  /** Has the library read a file just written (its name relative to the digest folder). */
  ingest: (name: string) => Promise<void>;
  log: Logger;
  intervalMs?: number;
}

/**
 * Brings the feed's day files that the leader recorded (FeedFileStore) into this machine's
 * digest folder, so its index gets the leader's new papers without a shared folder: every
 * `intervalMs`, the files recorded after the last one handled; each whose text differs from
 * the local file is written (atomically, as the poller writes) and ingested. A file that
 * fails stops the round and is tried again at the next, so none is skipped. The first round
 * after a start reads every file and writes only what differs.
 */
export class FeedFileSync {
  readonly #options: FeedFileSyncOptions;
  readonly #task: RepeatingTask<number>;
  /** The revision of the last file handled. */
  #seen = 0;
  /** Files written whose ingest has not succeeded yet: the next round ingests them even though they now match. */
  readonly #notIngested = new Set<string>();

  constructor(options: FeedFileSyncOptions) {
    this.#options = options;
    this.#task = new RepeatingTask(
      () => this.#round(),
      options.intervalMs ?? FEED_SYNC_MS,
      'feed file sync stopped',
      (error) => options.log.warn({ err: error }, 'could not bring the feed files from the database; trying again'),
    );
  }

  start(): void {
    this.#task.start();
  }

  stop(): Promise<void> {
    return this.#task.stop();
  }

  /**
   * This machine takes the lead, and its folder becomes the one the others follow: the loop
   * stops (the leader's poller writes the day files from now on, and a round could write an
   * older text over a newer one), one last round catches up with what the last leader
   * recorded, then every day file of the folder is recorded, so days the database lacks (a
   * deployment moved from SQLite, a folder filled by `npm run import`) reach the others too.
   * A round that fails is logged: the poller brings the current day anyway.
   */
  async lead(): Promise<void> {
    const { store, digestDir, log } = this.#options;
    await this.#task.stop();
    try {
      await this.#round();
      const days = (await readdir(path.join(digestDir, 'feed')).catch(() => [] as string[])).filter(
        (name) => isDay(name.replace(/\.json$/, '')) && name.endsWith('.json'),
      );
      for (const name of days.sort()) await store.record(`feed/${name}`, await readFile(path.join(digestDir, 'feed', name), 'utf8'));
    } catch (error) {
      log.warn({ err: error }, 'could not bring the feed files up to date on taking the lead');
    }
  }

  /** One round now; resolves to the number of files written. */
  runOnce(): Promise<number> {
    return this.#task.runOnce();
  }

  async #round(): Promise<number> {
    const { store, digestDir, ingest, log } = this.#options;
    let written = 0;
    for (;;) {
      const files = await store.since(this.#seen, PER_ROUND);
      for (const file of files) {
        const day = FEED_FILE.exec(file.name)?.[1];
        if (day === undefined || !isDay(day)) {
          log.warn({ name: file.name }, 'a feed file in the database has a name that is not feed/<day>.json; skipped');
        } else if (this.#notIngested.has(file.name) || (await readFile(path.join(digestDir, file.name), 'utf8').catch(() => null)) !== file.text) {
          await writeFeedDay(digestDir, day, file.text);
          this.#notIngested.add(file.name);
          await ingest(file.name);
          this.#notIngested.delete(file.name);
          log.info({ file: file.name, revision: file.revision }, 'feed day brought from the database and ingested');
          written++;
        }
        this.#seen = file.revision;
      }
      if (files.length < PER_ROUND) return written;
    }
  }
}
