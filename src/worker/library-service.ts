import { loadDigestFile } from '../digest/load-digest.js';
import { logDigestProblems } from '../digest/summarise-problems.js';
import type { Paper } from '../digest/paper.js';
import { DigestWatcher } from '../digest/watch-digest.js';
import type { EmbeddingsSettings } from '../embeddings/embeddings-settings.js';
import { PaperEmbeddings } from '../embeddings/paper-embeddings.js';
import { type IndexElsewhere, Library } from '../library/library.js';
import type { Pacer } from '../time/pacer.js';
import type { Logger } from '../log.js';
import type { Lane } from './call-queue.js';
import { LIBRARY_CALLS, LIBRARY_METHODS, type LibraryApi, type LibraryMethod } from './library-api.js';
import { libraryQueries, type LoadStatus, type QueryContext, type RoutedPaper } from './library-queries.js';
import { loadLibrary } from './load-library.js';
import { RecentSearches } from './recent-searches.js';

interface LibraryServiceOptions {
  digestDir: string;
  /** Where index caches live (see load-library.ts); absent: always build. */
  cacheDir?: string | undefined;
  maxFileBytes?: number | undefined;
  /** Watch the digest folder for new and changed files. */
  watch: boolean;
  watchDebounceMs?: number | undefined;
  /** An embeddings endpoint to rank /ask with: papers are embedded once the digest has loaded. */
  embeddings?: EmbeddingsSettings | undefined;
  log: Logger;
  /** Told of loading progress (at most every 100 ms) and of every change of state. */
  onStatus: (status: LoadStatus) => void;
  /** Told of papers the digest did not have before, with what announcements route by. */
  onAdded: (papers: RoutedPaper[], source: string) => void;
  /** When reading the digest and a cold build pause for calls (the worker's: queue-pacer.ts, sharing the thread). */
  pacer?: Pacer;
  /** When writing the index cache pauses for calls (the worker's: queue-pacer.ts, calls first). */
  writePacer?: Pacer;
  /** Indexes part of a cold build's papers on another thread (the worker's: index-on-thread.ts); absent: all here. */
  indexElsewhere?: IndexElsewhere;
}

const PROGRESS_EVERY_MS = 100;

/**
 * The library as the worker owns it: loads the digest (from the index cache when it can),
 * answers queries from the papers indexed so far while it loads, watches the folder, and
 * ingests files the feed writes. Files that change while the digest loads are read once
 * the load is done, so none is missed.
 */
export class LibraryService {
  #library = new Library([]);
  #state: LoadStatus['state'] = 'loading';
  #total: number | null = null;
  #lastProgress = 0;
  #watcher: DigestWatcher | null = null;
  /** Papers from files that changed during the load, added once it is done. */
  #early: { papers: Paper[]; source: string }[] | null = [];
  /** Started once the digest has loaded, when an endpoint is configured. */
  #embeddings: PaperEmbeddings | null = null;
  #stopped = false;
  /** Emptied whenever #library changes (see #changed). */
  readonly #searches = new RecentSearches();
  /** What the queries read (see libraryQueries). */
  readonly #context: QueryContext = {
    library: () => this.#library,
    semantic: (question) => this.#embeddings?.rank(question),
    searches: this.#searches,
    status: () => this.status(),
    ingestFile: (name) => this.ingestFile(name),
  };
  #loaded: Promise<void> | null = null;
  /** The index cache being written, which stopping waits for. */
  #cacheWrite: Promise<void> | null = null;

  constructor(private readonly options: LibraryServiceOptions) {}

  start(): Promise<void> {
    this.#loaded ??= this.#load();
    return this.#loaded;
  }

  async #load(): Promise<void> {
    const { digestDir, log } = this.options;
    if (this.options.watch) {
      this.#watcher = new DigestWatcher({
        dir: digestDir,
        log,
        maxFileBytes: this.options.maxFileBytes,
        debounceMs: this.options.watchDebounceMs ?? 500,
        onPapers: (papers, file) => this.#ingest(papers, `file ${file}`),
      });
      this.#watcher.start();
    }
    const { library, writeCache } = await loadLibrary(digestDir, log, {
      maxFileBytes: this.options.maxFileBytes,
      cacheDir: this.options.cacheDir,
      pacer: this.options.pacer,
      writePacer: this.options.writePacer,
      indexElsewhere: this.options.indexElsewhere,
      onProgress: (partial, total) => {
        this.#library = partial;
        this.#changed();
        this.#total = total;
        this.#reportProgress();
      },
    });
    this.#library = library;
    this.#changed();
    this.#state = 'ready';
    this.options.onStatus(this.status());
    if (this.options.embeddings && !this.#stopped) {
      // In the background: /ask ranks with the papers embedded so far, offline until the first.
      this.#embeddings = PaperEmbeddings.create(this.options.embeddings, log);
      this.#embeddings.sync(library.all());
    }
    const early = this.#early ?? [];
    this.#early = null;
    for (const { papers, source } of early) this.#ingest(papers, source);
    // The cache is for the next start; this one already answers from the whole digest.
    this.#cacheWrite = writeCache?.() ?? null;
    await this.#cacheWrite;
  }

  /**
   * Stops the watcher and the embeddings (a request in flight is cancelled); an index cache
   * being written is finished first, so a stop soon after a cold build does not lose it.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#watcher?.stop();
    await this.#embeddings?.stop();
    await this.#cacheWrite;
  }

  status(): LoadStatus {
    const library = this.#library;
    const status: LoadStatus = { state: this.#state, indexed: library.size, total: this.#total, version: library.version, newest: library.newestDate };
    return this.#embeddings ? { ...status, embeddings: this.#embeddings.status() } : status;
  }

  /** The whole API: every query of libraryQueries, given this service's context. */
  api(): LibraryApi {
    const api: Record<string, (...args: never[]) => unknown> = {};
    for (const method of LIBRARY_METHODS) {
      const query = libraryQueries[method] as (context: QueryContext, ...args: never[]) => unknown;
      api[method] = (...args) => query(this.#context, ...args);
    }
    return api as LibraryApi;
  }

  /** The lane a call waits in (see LIBRARY_CALLS, library-api.ts); `args` as sent. */
  laneOf(method: LibraryMethod, args: unknown[]): Lane {
    const { lane } = LIBRARY_CALLS[method] as { lane: Lane | ((context: QueryContext, ...args: unknown[]) => Lane) };
    return typeof lane === 'function' ? lane(this.#context, ...args) : lane;
  }

  /** Reads one file of the folder into the index, after the digest has loaded. */
  async ingestFile(name: string): Promise<{ papers: number; added: number }> {
    await this.start();
    const digest = await loadDigestFile(this.options.digestDir, name, { maxFileBytes: this.options.maxFileBytes });
    logDigestProblems(this.options.log, digest.problems);
    const added = this.#ingest(digest.papers, `file ${name}`);
    return { papers: digest.papers.length, added };
  }

  /** Adds papers; returns how many were new. During the load they wait for it to finish. */
  #ingest(papers: Paper[], source: string): number {
    if (papers.length === 0) return 0;
    if (this.#early) {
      this.#early.push({ papers, source });
      return 0;
    }
    const added = this.#library.add(papers);
    this.#changed();
    // The merged records: a known paper's title or abstract may have changed, and its vector with it.
    this.#embeddings?.sync([...new Set(papers.map((paper) => paper.key))].map((key) => this.#library.get(key) as Paper));
    this.options.log.info({ source, papers: papers.length, added: added.length, indexed: this.#library.size }, 'digest updated');
    this.options.onStatus(this.status());
    const keys = added.map((paper) => paper.key);
    if (added.length > 0) this.options.onAdded(libraryQueries.routedPapers(this.#context, keys), source);
    return added.length;
  }

  /** The library changed (papers added, or a larger partial one while loading): searches kept from before no longer hold. */
  #changed(): void {
    this.#searches.clear();
  }

  #reportProgress(): void {
    const now = performance.now();
    if (now - this.#lastProgress < PROGRESS_EVERY_MS) return;
    this.#lastProgress = now;
    this.options.onStatus(this.status());
  }
}
