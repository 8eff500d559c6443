import type pg from 'pg';
import type { UnfurlSettingsStore } from '../unfurl-settings-store.js';

export class PostgresUnfurlSettingsStore implements UnfurlSettingsStore {
  constructor(private readonly pool: pg.Pool) {}

  async set(input: { guildId: string; channelId: string; enabled: boolean; changedBy: string }, now = new Date()): Promise<void> {
    await this.pool.query(
      `INSERT INTO unfurl_channels (guild_id, channel_id, enabled, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (guild_id, channel_id) DO UPDATE SET enabled = excluded.enabled, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
      [input.guildId, input.channelId, input.enabled, input.changedBy, now.toISOString()],
    );
  }

  async isEnabled(guildId: string, channelIds: readonly string[]): Promise<boolean> {
    if (channelIds.length === 0) return true;
    const off = await this.pool.query('SELECT 1 FROM unfurl_channels WHERE guild_id = $1 AND channel_id = ANY($2::text[]) AND NOT enabled LIMIT 1', [
      guildId,
      channelIds,
    ]);
    return off.rowCount === 0;
  }
}
