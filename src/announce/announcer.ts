import type { Paper } from '../digest/paper.js';
import type { Library } from '../library/library.js';
import { byNewest } from '../library/paper-order.js';
import { matchesKeywords, parseKeywords } from '../library/match-keywords.js';
import type { Logger } from '../log.js';
import type { AnnouncementStore, Subscription } from './announcement-store.js';

const INITIALIZED = 'initialized_at';

/**
 * Decides what to announce where. A paper is announced once: the first time the store
 * sees its identity. It goes to ANNOUNCE_CHANNEL_ID and to every subscription it matches,
 * as outbox deliveries that the OutboxWorker posts.
 */
export class Announcer {
  constructor(
    private readonly store: AnnouncementStore,
    private readonly library: Library,
    private readonly announceChannelId: string | undefined,
    private readonly log: Logger,
  ) {}

  /**
   * At start. The very first time, every paper of the digest becomes known without being
   * announced, so a first start never floods a channel. Later, papers that arrived while
   * the bot was stopped are announced.
   */
  start(papers: readonly Paper[]): number {
    if (this.store.getMeta(INITIALIZED) === null) {
      this.store.rememberPapers(papers, 'initial digest');
      this.store.setMeta(INITIALIZED, new Date().toISOString());
      this.log.info({ papers: papers.length }, 'first start: the digest is known, nothing announced');
      return 0;
    }
    return this.announce(papers, 'digest at start');
  }

  /** Announces the papers not seen before. Returns how many deliveries were queued. */
  announce(papers: readonly Paper[], source: string): number {
    const fresh = this.store.rememberPapers(papers, source);
    if (fresh.length === 0) return 0;
    const subscriptions = this.store.listSubscriptions();
    const queued = this.store.enqueue(fresh.flatMap((paper) => this.channelsFor(paper, subscriptions).map((channelId) => ({ paper, channelId }))));
    this.log.info({ source, newPapers: fresh.length, deliveries: queued }, 'new papers queued for announcement');
    return queued;
  }

  /** Operator backfill: the newest `count` papers go out again to every matching channel (never twice to one channel). */
  backfill(count: number): number {
    const papers = this.library.all().sort(byNewest).slice(0, count);
    this.store.rememberPapers(papers, 'backfill');
    const subscriptions = this.store.listSubscriptions();
    return this.store.enqueue(papers.flatMap((paper) => this.channelsFor(paper, subscriptions).map((channelId) => ({ paper, channelId }))));
  }

  /** The channels a paper goes to: the announce channel, and each subscription it matches. */
  channelsFor(paper: Paper, subscriptions: readonly Subscription[] = this.store.listSubscriptions()): string[] {
    const topics = new Set(this.library.topicsOf(paper).map((topic) => topic.id));
    const channels = new Set<string>(this.announceChannelId ? [this.announceChannelId] : []);
    for (const subscription of subscriptions) {
      if (subscriptionMatches(subscription, paper, topics)) channels.add(subscription.channelId);
    }
    return [...channels];
  }
}

/** A subscription with a topic wants that topic; with keywords, a keyword match; with both, both; with neither, everything. */
export function subscriptionMatches(subscription: Subscription, paper: Paper, paperTopics: ReadonlySet<string>): boolean {
  if (subscription.topicId !== null && !paperTopics.has(subscription.topicId)) return false;
  if (subscription.keywords !== null && !matchesKeywords(paper, parseKeywords(subscription.keywords))) return false;
  return true;
}
