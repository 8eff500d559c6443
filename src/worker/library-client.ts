import { Worker } from 'node:worker_threads';
import { workerStart } from './worker-start.js';
import type { Logger } from '../log.js';
import { LIBRARY_METHODS, type LoadStatus, type RemoteLibrary, type RoutedPaper } from './library-api.js';
import { CALL_DROPPED, type CallMessage, type FromWorker, type ToWorker, type WorkerInit, type WorkerStatus } from './protocol.js';

/** The library as the main thread sees it: loading, ready, or being restarted after a crash. */
export interface LibraryStatus extends Omit<WorkerStatus, 'state'> {
  state: 'starting' | 'loading' | 'ready' | 'restarting';
}

/** A call the library could not answer: its worker restarted or took too long. Users see "try again". */
export class LibraryUnavailableError extends Error {
  override readonly name: string = 'LibraryUnavailableError';
}

/**
 * A call the library was too busy to answer before its deadline: it timed out, or the worker
 * dropped it unstarted (the caller had given up). The library itself is up: users see "busy".
 */
export class LibraryBusyError extends LibraryUnavailableError {
  override readonly name = 'LibraryBusyError';
}

interface LibraryClientOptions {
  init: WorkerInit;
  log: Logger;
  /**
   * A call not answered within this is rejected with LibraryBusyError, and the worker drops it
   * if it has not started it by then. Default 20 s; a view made by `for` may set a shorter one.
   */
  callTimeoutMs?: number;
  /** Wait before restarting a worker that died; doubles for each crash in a row, up to 30 s. Default 500 ms. */
  restartDelayMs?: number;
  /** Told how long the worker took for each call it answered (benchmarks). */
  onAnswered?: (method: string, workerMs: number) => void;
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** How the worker thread starts (see workerStart): compiled, `library-worker.js`; from TypeScript, through `boot-worker.mjs`. */
export const WORKER_START = workerStart('library-worker');
const MAX_RESTART_DELAY_MS = 30_000;
/** How long stopping waits for the worker to finish writing the index cache. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * Runs the library in a worker thread and sends it calls as messages. If the worker dies it
 * is started again: calls in flight are rejected with LibraryUnavailableError, and later
 * calls are answered by the new worker from what it has indexed so far.
 */
export class LibraryClient {
  /** The worker's API (LibraryApi): each method sends one call to the worker and resolves with its answer. */
  readonly api: RemoteLibrary;
  #status: LibraryStatus = { state: 'starting', indexed: 0, total: null, version: '', newest: null };
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  /** Calls made while no worker runs (between a crash and the restart). */
  readonly #queued: CallMessage[] = [];
  readonly #addedListeners: ((papers: RoutedPaper[], source: string) => void)[] = [];
  readonly #readyListeners: (() => void)[] = [];
  readonly #readyWaiters: (() => void)[] = [];
  #crashes = 0;
  #restartTimer: NodeJS.Timeout | null = null;
  #stopping: Promise<void> | null = null;

  constructor(private readonly options: LibraryClientOptions) {
    this.api = this.#view(undefined);
  }

  /**
   * The API for one caller: its calls carry the member's id, so the worker lets callers take
   * turns (call-queue.ts), and, when `deadlineMs` is given, a shorter deadline (autocomplete's:
   * the router answers it with no choices after 2 s): the caller gives up then, and the worker
   * drops a call it has not started by then. A view is a handful of closures, made per
   * interaction.
   */
  for(view: { caller?: string | undefined; deadlineMs?: number | undefined }): RemoteLibrary {
    return this.#view(view.deadlineMs, view.caller);
  }

  #view(deadlineMs: number | undefined, caller?: string): RemoteLibrary {
    const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const method of LIBRARY_METHODS) api[method] = (...args) => this.#call(method, args, deadlineMs, caller);
    return api as unknown as RemoteLibrary;
  }

  start(): this {
    if (!this.#worker && !this.#stopping) this.#spawn();
    return this;
  }

  /** The last status the worker reported. */
  get status(): LibraryStatus {
    return this.#status;
  }

  /** Resolves once the whole digest is indexed (at once when it already is). */
  whenReady(): Promise<void> {
    if (this.#status.state === 'ready') return Promise.resolve();
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }

  /**
   * Papers the digest did not have before arrive here, as a running worker adds them (folder
   * watcher, feed). A worker that starts again loads files that arrived meanwhile without
   * reporting them: see onReady.
   */
  onAdded(listener: (papers: RoutedPaper[], source: string) => void): void {
    this.#addedListeners.push(listener);
  }

  /**
   * Called each time a worker has loaded the whole digest: at start, and again after a crash
   * or a restart, when papers that arrived in between are in the index but were never
   * reported as added (announcements compare the digest with what they know then).
   */
  onReady(listener: () => void): void {
    this.#readyListeners.push(listener);
  }

  /**
   * Ends the worker and starts a new one, which reads the digest folder again (with its
   * topics.json) and loads the index cache when it still fits. The old worker first finishes
   * writing the index cache, if it is (at most 30 s). Calls in flight are rejected as after a
   * crash; later calls wait for the new worker. SIGHUP triggers this.
   */
  async restart(): Promise<void> {
    const worker = this.#worker;
    if (!worker || this.#stopping) return;
    this.#worker = null;
    this.#failPending('the library restarted');
    this.#status = { ...this.#status, state: 'restarting' };
    await this.#end(worker);
    if (!this.#stopping) this.#spawn();
  }

  /** Stops the folder watcher and the worker (letting an index cache write finish, at most 30 s). Calls not answered are rejected. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      if (this.#restartTimer) clearTimeout(this.#restartTimer);
      const worker = this.#worker;
      this.#worker = null;
      if (worker) await this.#end(worker);
      this.#failPending('the library is stopping');
    })();
    return this.#stopping;
  }

  /** Asks a worker to stop (it finishes a cache write), then terminates it. */
  async #end(worker: Worker): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      worker.on('message', (message: FromWorker) => message.type === 'stopped' && resolve());
      worker.once('exit', () => resolve());
      setTimeout(resolve, STOP_TIMEOUT_MS).unref();
    });
    worker.postMessage({ type: 'stop' } satisfies ToWorker);
    await stopped;
    await worker.terminate();
  }

  #spawn(): void {
    const { log } = this.options;
    const worker = new Worker(WORKER_START.file, { workerData: { ...this.options.init, entry: WORKER_START.entry } });
    this.#worker = worker;
    // A replaced worker's last messages (an old "ready") must not speak for the new one.
    worker.on('message', (message: FromWorker) => this.#worker === worker && this.#receive(message));
    for (const call of this.#queued.splice(0)) if (this.#pending.has(call.id)) worker.postMessage(call);
    worker.on('error', (error) => log.error({ err: error }, 'library worker failed'));
    worker.on('exit', (code) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      if (this.#stopping) return;
      this.#failPending('the library restarted');
      this.#status = { ...this.#status, state: 'restarting' };
      const delay = Math.min(MAX_RESTART_DELAY_MS, (this.options.restartDelayMs ?? 500) * 2 ** Math.min(this.#crashes, 10));
      this.#crashes++;
      log.error({ code, restartInMs: delay }, 'library worker exited; restarting it');
      this.#restartTimer = setTimeout(() => {
        this.#restartTimer = null;
        if (!this.#stopping) this.#spawn();
      }, delay);
    });
  }

  #receive(message: FromWorker): void {
    switch (message.type) {
      case 'result': {
        this.#setStatus(message.status);
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        this.#pending.delete(message.id);
        clearTimeout(pending.timer);
        this.options.onAnswered?.(pending.method, message.ms);
        if (message.ok) pending.resolve(message.value);
        else if (message.error.name === CALL_DROPPED) pending.reject(new LibraryBusyError(message.error.message));
        else pending.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
        return;
      }
      case 'status':
        this.#setStatus(message.status);
        return;
      case 'added':
        for (const listener of this.#addedListeners) listener(message.papers, message.source);
        return;
      case 'log':
        this.#relayLog(message.line);
        return;
      case 'stopped':
        return;
    }
  }

  #setStatus(status: LoadStatus): void {
    const wasReady = this.#status.state === 'ready';
    this.#status = status;
    if (status.state !== 'ready' || wasReady) return;
    this.#crashes = 0;
    for (const resolve of this.#readyWaiters.splice(0)) resolve();
    for (const listener of this.#readyListeners) listener();
  }

  #call(method: CallMessage['method'], args: unknown[], deadlineMs: number | undefined, caller: string | undefined): Promise<unknown> {
    if (this.#stopping) return Promise.reject(new LibraryUnavailableError('the library is stopping'));
    const id = this.#nextId++;
    const timeoutMs = Math.min(this.options.callTimeoutMs ?? 20_000, deadlineMs ?? Infinity);
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(
          new LibraryBusyError(`the library did not answer ${method} within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 100) / 10} s`}`),
        );
      }, timeoutMs);
      this.#pending.set(id, { method, resolve, reject, timer });
      // While a crashed worker waits to be restarted, the call waits for the new one (its deadline still holds).
      const call: CallMessage = { type: 'call', id, method, args, deadline, ...(caller === undefined ? {} : { caller }) };
      if (this.#worker) this.#send(call);
      else this.#queued.push(call);
    });
  }

  #send(message: ToWorker): void {
    this.#worker?.postMessage(message);
  }

  #failPending(reason: string): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new LibraryUnavailableError(reason));
      this.#pending.delete(id);
    }
    if (this.#stopping) this.#queued.length = 0;
  }

  /** Re-emits a worker log line through the main logger at its level. */
  #relayLog(line: string): void {
    try {
      // pino adds its own time to the relayed line.
      const { level, msg, time, ...fields } = JSON.parse(line) as Record<string, unknown>;
      void time;
      const name = this.options.log.levels.labels[level as number] ?? 'info';
      const write = (this.options.log as unknown as Record<string, (fields: object, msg?: unknown) => void>)[name];
      write?.call(this.options.log, fields, msg);
    } catch {
      this.options.log.warn({ line: line.slice(0, 500) }, 'unreadable log line from the library worker');
    }
  }
}
