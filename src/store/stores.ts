import type { DigestOutcomeStore } from './digest-outcome-store.js';
import type { FeedFileStore } from './feed-file-store.js';
import type { HfPaperCache } from './hf-paper-cache.js';
import type { KnownPaperStore } from './known-paper-store.js';
import type { MetaStore } from './meta-store.js';
import type { OutboxStore } from './outbox-store.js';
import type { QueryMemoStore } from './query-memo-store.js';
import type { SavedPaperStore } from './saved-paper-store.js';
import type { SubscriptionStore } from './subscription-store.js';
import type { UnfurlSettingsStore } from './unfurl-settings-store.js';

/** One database, as a store per concern. An engine (sqlite/open-sqlite-stores.ts, postgres/open-postgres-stores.ts) implements them all. */
export interface Stores {
  known: KnownPaperStore;
  meta: MetaStore;
  subscriptions: SubscriptionStore;
  outbox: OutboxStore;
  digestOutcomes: DigestOutcomeStore;
  saved: SavedPaperStore;
  queryMemo: QueryMemoStore;
  unfurlSettings: UnfurlSettingsStore;
  hfPapers: HfPaperCache;
  feedFiles: FeedFileStore;
  /** Closes the database; the stores must not be used after. */
  close(): Promise<void>;
}

/** The stores commands use (CommandContext.stores): never the outbox, which only the announcer writes. */
export type CommandStores = Pick<Stores, 'subscriptions' | 'saved' | 'hfPapers' | 'unfurlSettings'>;
