import type Database from 'better-sqlite3';

/**
 * Where link unfurls are off, in SQLite (`unfurl_channels`). Unfurls are on in every channel
 * (once the operator sets UNFURL_LINKS) until an admin turns them off with /unfurl. Keyed by
 * guild and channel, so an interaction naming another server's channel changes nothing there.
 */
export class UnfurlSettings {
  constructor(private readonly db: Database.Database) {}

  set(input: { guildId: string; channelId: string; enabled: boolean; changedBy: string }, now = new Date()): void {
    this.db
      .prepare(
        `INSERT INTO unfurl_channels (guild_id, channel_id, enabled, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (guild_id, channel_id) DO UPDATE SET enabled = excluded.enabled, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
      )
      .run(input.guildId, input.channelId, input.enabled ? 1 : 0, input.changedBy, now.toISOString());
  }

  /** False when unfurls are off in any of these channels (a thread and its parent channel). */
  isEnabled(guildId: string, channelIds: readonly string[]): boolean {
    const off = this.db.prepare('SELECT 1 FROM unfurl_channels WHERE guild_id = ? AND channel_id = ? AND enabled = 0');
    return channelIds.every((channelId) => off.get(guildId, channelId) === undefined);
  }
}
