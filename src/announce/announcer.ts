import type { Paper } from '../digest/paper.js';
import { subscriptionMatches } from '../library/subscription-match.js';
import type { Logger } from '../log.js';
import type { Stores } from '../store/stores.js';
import type { Subscription } from '../store/subscription-store.js';
import type { RemoteLibrary, RoutedPaper } from '../worker/library-api.js';

const INITIALIZED = 'initialized_at';

/** The stores the announcer reads and writes. */
export type AnnouncerStores = Pick<Stores, 'known' | 'meta' | 'subscriptions' | 'outbox'>;

/**
 * Decides what to announce where. A paper is announced once: the first time the store
 * sees its identity. It goes to ANNOUNCE_CHANNEL_ID and to every subscription it matches
 * that posts new papers as they arrive (scheduled ones get digests instead), as outbox
 * deliveries that the OutboxWorker posts.
 */
export class Announcer {
  constructor(
    private readonly stores: AnnouncerStores,
    private readonly announceChannelId: string | undefined,
    private readonly log: Logger,
  ) {}

  /**
   * At start, once the digest is loaded. The very first time, every paper of the digest
   * becomes known without being announced, so a first start never floods a channel. Later,
   * papers that arrived while the bot was stopped are announced.
   */
  async start(library: RemoteLibrary): Promise<number> {
    const keys = await library.keys();
    if ((await this.stores.meta.get(INITIALIZED)) === null) {
      await this.stores.known.rememberKeys(keys, 'initial digest');
      await this.stores.meta.set(INITIALIZED, new Date().toISOString());
      this.log.info({ papers: keys.length }, 'first start: the digest is known, nothing announced');
      return 0;
    }
    const unknown = await this.stores.known.unknownKeys(keys);
    return unknown.length === 0 ? 0 : this.announce(await library.routedPapers(unknown), 'digest at start');
  }

  /** Announces the papers not seen before. Returns how many deliveries were queued. */
  async announce(papers: readonly RoutedPaper[], source: string): Promise<number> {
    const subscriptions = await this.stores.subscriptions.list();
    const topicIds = new Map(papers.map(({ paper, topicIds: ids }) => [paper.key, new Set(ids)]));
    const { fresh, queued } = await this.stores.outbox.announcePapers(
      papers.map(({ paper }) => paper),
      (paper) => this.channelsFor(paper, topicIds.get(paper.key) ?? new Set(), subscriptions),
      source,
    );
    if (fresh.length > 0) this.log.info({ source, newPapers: fresh.length, deliveries: queued }, 'new papers queued for announcement');
    return queued;
  }

  /** Operator backfill: these papers go out again to every matching channel (never twice to one channel). */
  async backfill(papers: readonly RoutedPaper[]): Promise<number> {
    const subscriptions = await this.stores.subscriptions.list();
    await this.stores.known.rememberKeys(
      papers.map(({ paper }) => paper.key),
      'backfill',
    );
    return this.stores.outbox.enqueue(
      papers.flatMap(({ paper, topicIds }) => this.channelsFor(paper, new Set(topicIds), subscriptions).map((channelId) => ({ paper, channelId }))),
    );
  }

  /** The channels a paper goes to: the announce channel, and each subscription it matches. */
  channelsFor(paper: Paper, topicIds: ReadonlySet<string>, subscriptions: readonly Subscription[]): string[] {
    const channels = new Set<string>(this.announceChannelId ? [this.announceChannelId] : []);
    for (const subscription of subscriptions) {
      // A scheduled subscription gets its papers in its digest (src/digest-posts), not one by one.
      if (subscription.schedule !== 'new') continue;
      if (subscriptionMatches(subscription, paper, topicIds)) channels.add(subscription.channelId);
    }
    return [...channels];
  }
}
