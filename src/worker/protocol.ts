import type { EmbeddingsSettings } from '../embeddings/embeddings-settings.js';
import type { LibraryMethod, LoadStatus, RoutedPaper } from './library-api.js';

/** What the worker is started with (workerData). */
export interface WorkerInit {
  digestDir: string;
  cacheDir?: string | undefined;
  maxFileBytes?: number | undefined;
  watch: boolean;
  watchDebounceMs?: number | undefined;
  logLevel: string;
  /**
   * Threads a cold build indexes with (INDEX_THREADS): 2 indexes part of the papers on a
   * second thread (index-on-thread.ts); auto (or absent): 2 on two cores and 4 GiB or more (index-threads.ts).
   */
  indexThreads?: 1 | 2 | 'auto' | undefined;
  /** The optional embeddings endpoint /ask ranks with (see src/embeddings/); absent: offline ranking only. */
  embeddings?: EmbeddingsSettings | undefined;
  /**
   * For tests only: the worker blocks this long before every call but `status`, to stand for
   * a synchronous computation that is slow (a huge digest, a pathological query).
   */
  blockEveryCallMs?: number | undefined;
}

export interface CallMessage {
  type: 'call';
  id: number;
  method: LibraryMethod;
  args: unknown[];
  /**
   * When the caller gives up (epoch ms, `Date.now()`: both threads read the same clock). A call
   * that has not started by then is dropped, answered with CALL_DROPPED.
   */
  deadline: number;
  /** Whom the call is for (a member's id): callers take turns in the worker's queue (call-queue.ts). */
  caller?: string | undefined;
}

/** The error name of a call the worker dropped unstarted because its deadline had passed. */
export const CALL_DROPPED = 'LibraryCallDropped';

interface StopMessage {
  type: 'stop';
}

export type ToWorker = CallMessage | StopMessage;

/**
 * The worker's own V8 heap (its isolate's, apart from the main thread's), measured when it sends
 * a status: the health report reads the last one without asking the worker anything.
 */
export interface WorkerHeap {
  usedBytes: number;
  totalBytes: number;
  /** When it was measured (epoch ms). */
  at: number;
}

/** The status as the worker sends it: how far the digest has loaded, and its heap then. */
export interface WorkerStatus extends LoadStatus {
  heap?: WorkerHeap | undefined;
}

export type FromWorker =
  /** `ms`: how long the worker took to answer, for benchmarks and slow-call logs. */
  | { type: 'result'; id: number; ok: true; value: unknown; status: WorkerStatus; ms: number }
  | { type: 'result'; id: number; ok: false; error: { name: string; message: string }; status: WorkerStatus; ms: number }
  | { type: 'status'; status: WorkerStatus }
  | { type: 'added'; papers: RoutedPaper[]; source: string }
  /** One pino JSON line, for the main thread's logger. */
  | { type: 'log'; line: string }
  | { type: 'stopped' };
