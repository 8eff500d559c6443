import type { SubscriptionSchedule } from '../time/digest-period.js';

export interface Subscription {
  id: number;
  guildId: string;
  channelId: string;
  topicId: string | null;
  /** Comma-separated phrases, as the user typed them. */
  keywords: string | null;
  createdBy: string;
  createdAt: string;
  /** Each new paper as it arrives ('new'), or a digest per day, week or month. */
  schedule: SubscriptionSchedule;
  /** When `schedule` last changed (ISO time), or null: never since it was created. */
  scheduleChangedAt: string | null;
  /** Papers per digest (1–10); unused by 'new'. */
  top: number;
  /** Each paper announced to the channel gets its own message and a thread (see OutboxStore.formBatches). */
  threads: boolean;
}

/** What `add` needs: schedule, top and threads default to 'new', 5 and no threads. */
export type NewSubscription = Omit<Subscription, 'id' | 'createdAt' | 'scheduleChangedAt' | 'schedule' | 'top' | 'threads'> &
  Partial<Pick<Subscription, 'schedule' | 'top' | 'threads'>>;

/** The most subscriptions one guild, and one channel of it, may have (MAX_SUBSCRIPTIONS_PER_GUILD, MAX_SUBSCRIPTIONS_PER_CHANNEL). */
export interface SubscriptionLimits {
  perGuild: number;
  perChannel: number;
}

/** `add` refused a new subscription: the guild (or the channel) already has `count` of at most `limit`. */
export class SubscriptionLimitReached extends Error {
  override readonly name = 'SubscriptionLimitReached';
  constructor(
    readonly scope: 'guild' | 'channel',
    readonly limit: number,
    readonly count: number,
  ) {
    super(`the ${scope} has ${count} subscriptions, and may have at most ${limit}`);
  }
}

/** The channels' subscriptions (`subscriptions`), one per channel, topic and keywords. */
export interface SubscriptionStore {
  /**
   * Adds a subscription, unless one with the same channel, topic and keywords exists: that
   * one then takes the schedule, top and threads given (`changed` says whether they differed);
   * a new schedule is dated `now` (`scheduleChangedAt`), from which its digests are planned.
   * Only that duplicate is ignored: an invalid schedule or top rejects.
   * With `limits`, a new subscription that would take its guild or channel over them rejects
   * with SubscriptionLimitReached (counted and added in one transaction, so concurrent adds
   * cannot pass the limit together); changing an existing one is always allowed.
   */
  add(input: NewSubscription, now?: Date, limits?: SubscriptionLimits): Promise<{ subscription: Subscription; created: boolean; changed: boolean }>;
  /** Removes a guild's subscription; resolves to it, or null when the guild has none of that id. */
  remove(guildId: string, id: number): Promise<Subscription | null>;
  /** A guild's subscriptions, or every subscription, oldest first. */
  list(guildId?: string): Promise<Subscription[]>;
}
