/**
 * How often the bot unfurls in a channel, so that a pasted reading list of 40 links gets one
 * reply, not 40, and a link passed around a discussion gets one card, not one per post:
 * - at most one unfurl reply per channel per `cooldownMs` (0: no cooldown): a message that
 *   takes the channel's slot spends it, whether or not a card could be shown, so links no one
 *   has (each a Hugging Face lookup) cannot be posted again and again to make the bot ask for
 *   them; a message in the cooldown gets no cards, and its papers are not marked, so a later
 *   message may show them;
 * - a paper unfurled in a channel is not unfurled there again for `recentMs`.
 * In memory, per process: a channel's messages all reach the one process that runs its shard.
 */
export class UnfurlThrottle {
  readonly #lastReply = new Map<string, number>();
  /** Channel → paper id → when it was unfurled. */
  readonly #recent = new Map<string, Map<string, number>>();

  constructor(
    readonly cooldownMs: number,
    readonly recentMs = 60 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The ids not unfurled in this channel within `recentMs`, in order. */
  fresh(channelId: string, ids: readonly string[]): string[] {
    const recent = this.#recent.get(channelId);
    const since = this.now() - this.recentMs;
    return ids.filter((id) => (recent?.get(id) ?? -Infinity) <= since);
  }

  /** Takes the channel's reply slot for `cooldownMs`, kept whatever follows; false while its cooldown runs. */
  take(channelId: string): boolean {
    const now = this.now();
    const last = this.#lastReply.get(channelId);
    if (last !== undefined && now - last < this.cooldownMs) return false;
    this.#lastReply.set(channelId, now);
    if (this.#lastReply.size > 10_000) this.#forget(now);
    return true;
  }

  /** Marks papers as unfurled in this channel now. */
  remember(channelId: string, ids: readonly string[]): void {
    const now = this.now();
    const recent = this.#recent.get(channelId) ?? new Map<string, number>();
    for (const id of ids) recent.set(id, now);
    this.#recent.set(channelId, recent);
    if (recent.size > 1_000 || this.#recent.size > 10_000) this.#forget(now);
  }

  #forget(now: number): void {
    for (const [channel, at] of this.#lastReply) if (now - at >= this.cooldownMs) this.#lastReply.delete(channel);
    for (const [channel, recent] of this.#recent) {
      for (const [id, at] of recent) if (now - at > this.recentMs) recent.delete(id);
      if (recent.size === 0) this.#recent.delete(channel);
    }
  }
}
