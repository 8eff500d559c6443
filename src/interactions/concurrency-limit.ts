/**
 * Runs at most `max` tasks at once; the rest wait their turn in arrival order. Keeps a
 * burst of interactions from monopolising the event loop that the gateway heartbeat
 * shares, and bounds memory under load.
 */
export class ConcurrencyLimit {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.max) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running++;
    try {
      return await task();
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
    }
  }
}
