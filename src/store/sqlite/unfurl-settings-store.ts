import type Database from 'better-sqlite3';
import type { UnfurlSettingsStore } from '../unfurl-settings-store.js';

export class SqliteUnfurlSettingsStore implements UnfurlSettingsStore {
  constructor(private readonly db: Database.Database) {}

  async set(input: { guildId: string; channelId: string; enabled: boolean; changedBy: string }, now = new Date()): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO unfurl_channels (guild_id, channel_id, enabled, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (guild_id, channel_id) DO UPDATE SET enabled = excluded.enabled, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
      )
      .run(input.guildId, input.channelId, input.enabled ? 1 : 0, input.changedBy, now.toISOString());
  }

  async isEnabled(guildId: string, channelIds: readonly string[]): Promise<boolean> {
    const off = this.db.prepare('SELECT 1 FROM unfurl_channels WHERE guild_id = ? AND channel_id = ? AND enabled = 0');
    return channelIds.every((channelId) => off.get(guildId, channelId) === undefined);
  }
}
