/**
 * Runs a task now, then `intervalMs` after each run ends, until stop(): the loop of the feed
 * poller and the digest scheduler. One run at a time (runOnce while one runs gets that one).
 * Each start hands runs a fresh AbortSignal, which stop() aborts. A run that outlives a stop
 * schedules nothing, even when start() came quickly after: only the loop of the latest start
 * goes on. A run should not throw; if it does, `onError` hears of it and the loop goes on.
 */
export class RepeatingTask<T> {
  readonly #run: (signal: AbortSignal) => Promise<T>;
  readonly #intervalMs: number;
  readonly #stopReason: string;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  /** Bumped by start() and stop(), so a run that outlives a restart schedules nothing. */
  #generation = 0;
  #abort = new AbortController();
  /** The run in flight, and the signal it was given. */
  #current: { promise: Promise<T>; signal: AbortSignal } | null = null;

  constructor(run: (signal: AbortSignal) => Promise<T>, intervalMs: number, stopReason: string, onError: (error: unknown) => void) {
    this.#run = run;
    this.#intervalMs = intervalMs;
    this.#stopReason = stopReason;
    this.#onError = onError;
  }

  /** Runs now, then `intervalMs` after each run ends, until stop(). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#generation++;
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    this.#schedule(0);
  }

  /** Stops the loop: aborts the signal of the run in flight and waits for it. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#generation++;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#abort.abort(new Error(this.#stopReason));
    await this.#current?.promise.catch(() => undefined);
  }

  /**
   * One run, now; a call while one runs gets that one. After stop(), its signal is aborted
   * until start(). A run left from before a stop and start (its signal aborted) is not
   * shared with the new start: the new run follows it, with the new signal.
   */
  runOnce(): Promise<T> {
    const signal = this.#abort.signal;
    const current = this.#current;
    if (current && (current.signal === signal || signal.aborted)) return current.promise;
    const promise = (current ? current.promise.catch(() => undefined).then(() => this.#run(signal)) : this.#run(signal)).finally(() => {
      if (this.#current?.promise === promise) this.#current = null;
    });
    this.#current = { promise, signal };
    return promise;
  }

  #schedule(delayMs: number): void {
    const generation = this.#generation;
    this.#timer = setTimeout(() => {
      void this.runOnce()
        .catch((error: unknown) => this.#onError(error))
        .then(() => {
          if (this.#running && generation === this.#generation) this.#schedule(this.#intervalMs);
        });
    }, delayMs);
    this.#timer.unref();
  }
}
