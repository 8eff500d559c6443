/** The span the cap counts over. */
export const LOOKUP_CAP_WINDOW_MS = 60_000;

/**
 * At most `perMinute` Hugging Face lookups in any 60 s, for the whole process, so that links
 * posted in many channels at once (each with its own cooldown) cannot make the bot hammer
 * Hugging Face. A sliding window: the n-th lookup within a minute is allowed, the n+1-th is
 * not, and each allowed lookup frees its place 60 s after it was taken. 0 allows none (links
 * are then looked up in the digest and the cache only).
 *
 * Only real requests are counted: the caller takes a place after the digest and the cache
 * could not answer. The clock is monotonic by default, so a change of the system time does
 * not shut lookups out for as long as the clock went back.
 */
export class HfLookupCap {
  /** When each place still in the window was taken, oldest first; never more than `perMinute`. */
  readonly #taken: number[] = [];

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a place for one lookup now; false (and nothing taken) when `perMinute` were taken in the last 60 s. */
  take(): boolean {
    const now = this.now();
    while (this.#taken.length > 0 && now - (this.#taken[0] as number) >= LOOKUP_CAP_WINDOW_MS) this.#taken.shift();
    if (this.#taken.length >= this.perMinute) return false;
    this.#taken.push(now);
    return true;
  }
}
