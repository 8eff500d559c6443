import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../log.js';
import { formatProblem } from './digest-problem.js';
import { isDigestFile, loadDigestFile, type LoadOptions } from './load-digest.js';
import type { Paper } from './paper.js';

export interface DigestWatcherOptions extends LoadOptions {
  dir: string;
  log: Logger;
  onPapers: (papers: Paper[], file: string) => void;
  /** Quiet time after the last change before a file is read, so half-written files are not. */
  debounceMs?: number;
}

/**
 * Watches the digest folder. A file added or changed is read once it has been quiet for
 * `debounceMs`; its papers go to `onPapers`. A bad file is reported and skipped, and the
 * watcher keeps going.
 */
export class DigestWatcher {
  #watcher: FSWatcher | null = null;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #reading = new Set<Promise<void>>();

  constructor(private readonly options: DigestWatcherOptions) {}

  start(): void {
    this.#watcher = watch(this.options.dir, (_event, name) => {
      if (name && isDigestFile(String(name))) this.#changed(String(name));
    });
    this.#watcher.on('error', (error) => this.options.log.error({ err: error, dir: this.options.dir }, 'digest folder watch failed'));
  }

  async stop(): Promise<void> {
    this.#watcher?.close();
    this.#watcher = null;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all(this.#reading);
  }

  #changed(name: string): void {
    clearTimeout(this.#timers.get(name));
    const timer = setTimeout(() => {
      this.#timers.delete(name);
      const reading = this.#read(name).finally(() => this.#reading.delete(reading));
      this.#reading.add(reading);
    }, this.options.debounceMs ?? 500);
    this.#timers.set(name, timer);
  }

  async #read(name: string): Promise<void> {
    const { dir, log } = this.options;
    try {
      const digest = await loadDigestFile(dir, name, this.options);
      for (const problem of digest.problems) log.warn({ file: problem.file, line: problem.line }, `digest problem: ${formatProblem(problem)}`);
      if (digest.papers.length > 0) this.options.onPapers(digest.papers, name);
    } catch (error) {
      // A file deleted between the event and the read lands here: not an error worth more than a line.
      log.warn({ file: name, reason: (error as Error).message }, 'digest file could not be read');
    }
  }
}
