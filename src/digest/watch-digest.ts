import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import { FEED_DIR, isDigestFile, loadDigestFile, type LoadOptions } from './load-digest.js';
import type { Paper } from './paper.js';
import { logDigestProblems } from './summarise-problems.js';

interface DigestWatcherOptions extends LoadOptions {
  dir: string;
  log: Logger;
  /** `file` is named relative to `dir`: `a.json`, `feed/2026-07-08.json`. */
  onPapers: (papers: Paper[], file: string) => void;
  /** Quiet time after the last change before a file is read, so half-written files are not. */
  debounceMs?: number;
}

/**
 * Watches the digest folder and its `feed/` subfolder, also when `feed/` is created (or
 * replaced) after the start. A file added or changed is read once it has been quiet for
 * `debounceMs`; its papers go to `onPapers`. Names starting with `.` (temp files renamed
 * into place) are ignored. A bad file is reported and skipped, and the watcher keeps going.
 */
export class DigestWatcher {
  #watcher: FSWatcher | null = null;
  #feedWatcher: FSWatcher | null = null;
  /** The inode of the watched `feed/`, so a replaced folder is watched anew and an unchanged one is not re-read. */
  #feedInode: number | null = null;
  #stopped = false;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #reading = new Set<Promise<void>>();

  constructor(private readonly options: DigestWatcherOptions) {}

  start(): void {
    this.#stopped = false;
    this.#watcher = watch(this.options.dir, (_event, name) => {
      if (!name) return;
      if (String(name) === FEED_DIR) this.#track(this.#watchFeed(true));
      else if (isDigestFile(String(name))) this.#changed(String(name));
    });
    this.#watcher.on('error', (error) => this.options.log.error({ err: error, dir: this.options.dir }, 'digest folder watch failed'));
    // A feed/ that exists now was read with the rest of the folder: watch it, do not re-read it.
    this.#track(this.#watchFeed(false));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#watcher?.close();
    this.#watcher = null;
    this.#closeFeed();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all(this.#reading);
  }

  /**
   * (Re)watches `feed/` when it is a folder not watched yet. `readExisting`: a folder that
   * appeared after the start may have received files before its watch began; they are read.
   */
  async #watchFeed(readExisting: boolean): Promise<void> {
    const feedDir = path.join(this.options.dir, FEED_DIR);
    const info = await stat(feedDir).catch(() => null);
    if (this.#stopped) return;
    if (!info?.isDirectory()) {
      this.#closeFeed();
      return;
    }
    if (info.ino === this.#feedInode) return;
    this.#closeFeed();
    try {
      this.#feedWatcher = watch(feedDir, (_event, name) => {
        const relative = `${FEED_DIR}/${String(name)}`;
        if (name && isDigestFile(relative)) this.#changed(relative);
      });
    } catch (error) {
      // Removed between the stat and the watch: its next creation is another event.
      this.options.log.warn({ err: error, dir: feedDir }, 'digest feed folder could not be watched');
      return;
    }
    this.#feedInode = info.ino;
    this.#feedWatcher.on('error', (error) => {
      this.options.log.warn({ err: error, dir: feedDir }, 'digest feed folder watch failed');
      this.#closeFeed();
    });
    if (!readExisting) return;
    for (const name of await readdir(feedDir).catch(() => [])) {
      const relative = `${FEED_DIR}/${name}`;
      if (!this.#stopped && isDigestFile(relative)) this.#changed(relative);
    }
  }

  #closeFeed(): void {
    this.#feedWatcher?.close();
    this.#feedWatcher = null;
    this.#feedInode = null;
  }

  #changed(name: string): void {
    clearTimeout(this.#timers.get(name));
    const timer = setTimeout(() => {
      this.#timers.delete(name);
      this.#track(this.#read(name));
    }, this.options.debounceMs ?? 500);
    this.#timers.set(name, timer);
  }

  /** Keeps a running task so `stop` can wait for it. */
  #track(task: Promise<void>): void {
    const running = task.finally(() => this.#reading.delete(running));
    this.#reading.add(running);
  }

  async #read(name: string): Promise<void> {
    const { dir, log } = this.options;
    try {
      const digest = await loadDigestFile(dir, name, this.options);
      logDigestProblems(log, digest.problems);
      if (digest.papers.length > 0) this.options.onPapers(digest.papers, name);
    } catch (error) {
      // A file deleted between the event and the read lands here: not an error worth more than a line.
      log.warn({ file: name, reason: (error as Error).message }, 'digest file could not be read');
    }
  }
}
