import type Database from 'better-sqlite3';
import type { SubscriptionSchedule } from '../../time/digest-period.js';
import { SubscriptionLimitReached, type NewSubscription, type Subscription, type SubscriptionLimits, type SubscriptionStore } from '../subscription-store.js';

export class SqliteSubscriptionStore implements SubscriptionStore {
  constructor(private readonly db: Database.Database) {}

  async add(
    input: NewSubscription,
    now = new Date(),
    limits?: SubscriptionLimits,
  ): Promise<{ subscription: Subscription; created: boolean; changed: boolean }> {
    const schedule = input.schedule ?? 'new';
    const top = input.top ?? 5;
    const threads = input.threads ?? false;
    const select = this.db.prepare('SELECT * FROM subscriptions WHERE guild_id = ? AND channel_id = ? AND topic_id IS ? AND keywords IS ?');
    return this.db.transaction(() => {
      if (limits && select.get(input.guildId, input.channelId, input.topicId, input.keywords) === undefined) this.#checkLimits(input, limits);
      const result = this.db
        .prepare(
          'INSERT INTO subscriptions (guild_id, channel_id, topic_id, keywords, created_by, created_at, schedule, top, threads) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(input.guildId, input.channelId, input.topicId, input.keywords, input.createdBy, now.toISOString(), schedule, top, threads ? 1 : 0);
      const row = select.get(input.guildId, input.channelId, input.topicId, input.keywords) as SubscriptionRow;
      if (result.changes === 1 || (row.schedule === schedule && row.top === top && row.threads === (threads ? 1 : 0)))
        return { subscription: toSubscription(row), created: result.changes === 1, changed: false };
      const scheduleChangedAt = row.schedule === schedule ? row.schedule_changed_at : now.toISOString();
      this.db
        .prepare('UPDATE subscriptions SET schedule = ?, top = ?, threads = ?, schedule_changed_at = ? WHERE id = ?')
        .run(schedule, top, threads ? 1 : 0, scheduleChangedAt, row.id);
      return {
        subscription: toSubscription({ ...row, schedule, top, threads: threads ? 1 : 0, schedule_changed_at: scheduleChangedAt }),
        created: false,
        changed: true,
      };
    })();
  }

  /** Throws SubscriptionLimitReached when one more subscription would take the guild, or else the channel, over its limit. */
  #checkLimits(input: NewSubscription, limits: SubscriptionLimits): void {
    const counts = this.db
      .prepare('SELECT COUNT(*) AS guild, COALESCE(SUM(channel_id = ?), 0) AS channel FROM subscriptions WHERE guild_id = ?')
      .get(input.channelId, input.guildId) as { guild: number; channel: number };
    if (counts.guild >= limits.perGuild) throw new SubscriptionLimitReached('guild', limits.perGuild, counts.guild);
    if (counts.channel >= limits.perChannel) throw new SubscriptionLimitReached('channel', limits.perChannel, counts.channel);
  }

  async remove(guildId: string, id: number): Promise<Subscription | null> {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE guild_id = ? AND id = ?').get(guildId, id) as SubscriptionRow | undefined;
    if (!row) return null;
    this.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id);
    return toSubscription(row);
  }

  async list(guildId?: string): Promise<Subscription[]> {
    const rows = (
      guildId === undefined
        ? this.db.prepare('SELECT * FROM subscriptions ORDER BY id').all()
        : this.db.prepare('SELECT * FROM subscriptions WHERE guild_id = ? ORDER BY id').all(guildId)
    ) as SubscriptionRow[];
    return rows.map(toSubscription);
  }
}

interface SubscriptionRow {
  id: number;
  guild_id: string;
  channel_id: string;
  topic_id: string | null;
  keywords: string | null;
  created_by: string;
  created_at: string;
  schedule: SubscriptionSchedule;
  schedule_changed_at: string | null;
  top: number;
  threads: number;
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    topicId: row.topic_id,
    keywords: row.keywords,
    createdBy: row.created_by,
    createdAt: row.created_at,
    schedule: row.schedule,
    scheduleChangedAt: row.schedule_changed_at,
    top: row.top,
    threads: row.threads === 1,
  };
}
