/**
 * Runs at most `max` tasks at once; the rest wait their turn in arrival order (the waiting
 * list itself is not bounded). Keeps a burst of interactions from flooding the library
 * worker with calls and from building many replies at once on the main thread. Commands,
 * buttons and @mention questions share one (startDiscord builds it).
 */
export class ConcurrencyLimit {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  /** How many tasks wait for a turn now. */
  get waiting(): number {
    return this.#waiting.length;
  }

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
