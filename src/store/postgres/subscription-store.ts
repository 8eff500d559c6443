import type pg from 'pg';
import type { SubscriptionSchedule } from '../../time/digest-period.js';
import { SubscriptionLimitReached, type NewSubscription, type Subscription, type SubscriptionLimits, type SubscriptionStore } from '../subscription-store.js';
import { lockGuildSubscriptions } from './advisory-locks.js';
import { firstRow, transaction, type Db } from './database.js';

const SELECT_SAME =
  'SELECT * FROM subscriptions WHERE guild_id = $1 AND channel_id = $2 AND topic_id IS NOT DISTINCT FROM $3 AND keywords IS NOT DISTINCT FROM $4';

export class PostgresSubscriptionStore implements SubscriptionStore {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * As SQLite's, in one transaction that holds the guild's lock (lockGuildSubscriptions), so
   * two adds in one guild at once, from two machines, cannot both pass its limits.
   */
  async add(
    input: NewSubscription,
    now = new Date(),
    limits?: SubscriptionLimits,
  ): Promise<{ subscription: Subscription; created: boolean; changed: boolean }> {
    const schedule = input.schedule ?? 'new';
    const top = input.top ?? 5;
    const threads = input.threads ?? false;
    const same = [input.guildId, input.channelId, input.topicId, input.keywords];
    return transaction(this.pool, async (client) => {
      await lockGuildSubscriptions(client, input.guildId);
      if (limits && (await firstRow(client, SELECT_SAME, same)) === undefined) await checkLimits(client, input, limits);
      const inserted = await client.query(
        `INSERT INTO subscriptions (guild_id, channel_id, topic_id, keywords, created_by, created_at, schedule, top, threads)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [...same, input.createdBy, now.toISOString(), schedule, top, threads],
      );
      const created = inserted.rowCount === 1;
      const row = (await firstRow<SubscriptionRow>(client, SELECT_SAME, same)) as SubscriptionRow;
      if (created || (row.schedule === schedule && row.top === top && row.threads === threads))
        return { subscription: toSubscription(row), created, changed: false };
      const scheduleChangedAt = row.schedule === schedule ? row.schedule_changed_at : now.toISOString();
      await client.query('UPDATE subscriptions SET schedule = $1, top = $2, threads = $3, schedule_changed_at = $4 WHERE id = $5', [
        schedule,
        top,
        threads,
        scheduleChangedAt,
        row.id,
      ]);
      return { subscription: toSubscription({ ...row, schedule, top, threads, schedule_changed_at: scheduleChangedAt }), created: false, changed: true };
    });
  }

  async remove(guildId: string, id: number): Promise<Subscription | null> {
    // SQLite finds no row for an id that is not an integer; PostgreSQL would reject it as a bigint.
    if (!Number.isSafeInteger(id)) return null;
    const row = await firstRow<SubscriptionRow>(this.pool, 'DELETE FROM subscriptions WHERE guild_id = $1 AND id = $2 RETURNING *', [guildId, id]);
    return row ? toSubscription(row) : null;
  }

  async list(guildId?: string): Promise<Subscription[]> {
    const result =
      guildId === undefined
        ? await this.pool.query<SubscriptionRow>('SELECT * FROM subscriptions ORDER BY id')
        : await this.pool.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE guild_id = $1 ORDER BY id', [guildId]);
    return result.rows.map(toSubscription);
  }
}

/** Throws SubscriptionLimitReached when one more subscription would take the guild, or else the channel, over its limit. */
async function checkLimits(db: Db, input: NewSubscription, limits: SubscriptionLimits): Promise<void> {
  const counts = (await firstRow<{ guild: number; channel: number }>(
    db,
    'SELECT COUNT(*) AS guild, COUNT(*) FILTER (WHERE channel_id = $1) AS channel FROM subscriptions WHERE guild_id = $2',
    [input.channelId, input.guildId],
  )) as { guild: number; channel: number };
  if (counts.guild >= limits.perGuild) throw new SubscriptionLimitReached('guild', limits.perGuild, counts.guild);
  if (counts.channel >= limits.perChannel) throw new SubscriptionLimitReached('channel', limits.perChannel, counts.channel);
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
  threads: boolean;
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
    threads: row.threads,
  };
}
