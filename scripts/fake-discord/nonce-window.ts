/**
 * Discord's `enforce_nonce` (https://discord.com/developers/docs/resources/message#create-message):
 * a post whose nonce the same author already used in the same channel "within the past few
 * minutes" returns that message instead of creating a second one. Discord does not publish
 * the length; the fake uses 5 minutes, on its own clock (`advanceTime` moves past it), so a
 * test can show what a repost after a longer outage does: a second message.
 */
export const NONCE_WINDOW_MS = 5 * 60 * 1000;

export class NonceWindow {
  readonly #seen = new Map<string, { messageId: string; at: number }>();

  constructor(private readonly now: () => number) {}

  /** The message this author created in this channel with this nonce within the window, if any; no nonce never matches. */
  find(channelId: string, authorId: string, nonce: unknown): string | undefined {
    const key = keyOf(channelId, authorId, nonce);
    const seen = key === null ? undefined : this.#seen.get(key);
    return seen && this.now() - seen.at <= NONCE_WINDOW_MS ? seen.messageId : undefined;
  }

  /** Remembers a created message under its nonce (a message without one is not remembered). */
  remember(channelId: string, authorId: string, nonce: unknown, messageId: string): void {
    const key = keyOf(channelId, authorId, nonce);
    if (key !== null) this.#seen.set(key, { messageId, at: this.now() });
  }
}

/** Discord's nonces are strings or integers; anything else (absent, null) is no nonce. */
function keyOf(channelId: string, authorId: string, nonce: unknown): string | null {
  if (typeof nonce !== 'string' && typeof nonce !== 'number') return null;
  return JSON.stringify([channelId, authorId, String(nonce)]);
}
