/**
 * Per-user cooldowns for expensive work (/ask, @mentions). Not Discord-specific: keyed by
 * any user id, with an injectable clock for tests.
 */
export class Cooldowns {
  readonly #until = new Map<string, number>();

  constructor(
    readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts the user's cooldown and returns 0, or returns the whole seconds still to wait. */
  take(userId: string): number {
    const now = this.now();
    const until = this.#until.get(userId) ?? 0;
    if (until > now) return Math.ceil((until - now) / 1000);
    this.#until.set(userId, now + this.seconds * 1000);
    if (this.#until.size > 10_000) this.#forgetExpired(now);
    return 0;
  }

  /** How many users it remembers: expired entries are dropped once there are over 10,000. */
  get size(): number {
    return this.#until.size;
  }

  /** Gives the user's cooldown back: the work it was taken for could not be done. */
  release(userId: string): void {
    this.#until.delete(userId);
  }

  #forgetExpired(now: number): void {
    for (const [user, until] of this.#until) if (until <= now) this.#until.delete(user);
  }
}
