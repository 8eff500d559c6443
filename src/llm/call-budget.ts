const HOUR_MS = 60 * 60 * 1000;

/**
 * A global cap on model calls: at most `perHour` in any sliding hour (0: no cap). Every
 * call made counts, a failed one too, since the server did the work. Discord-free, with an
 * injectable clock.
 */
export class CallBudget {
  /** When each call of the last hour was taken, oldest first. */
  readonly #taken: number[] = [];

  constructor(
    readonly perHour: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one call and returns true, or returns false when `perHour` were taken in the last hour. */
  take(): boolean {
    if (this.perHour <= 0) return true;
    const now = this.now();
    while (this.#taken.length > 0 && (this.#taken[0] as number) <= now - HOUR_MS) this.#taken.shift();
    if (this.#taken.length >= this.perHour) return false;
    this.#taken.push(now);
    return true;
  }
}
