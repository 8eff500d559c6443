/**
 * Small named values that must survive a restart (`meta`): when the digest was first known
 * (`initialized_at`), and the feed poller's validators and last poll (FEED_META_KEYS).
 */
export interface MetaStore {
  /** The value, or null when it was never set. */
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}
