/**
 * Where link unfurls are off (`unfurl_channels`). Unfurls are on in every channel (once the
 * operator sets UNFURL_LINKS) until an admin turns them off with /unfurl. Keyed by guild and
 * channel, so an interaction naming another server's channel changes nothing there.
 */
export interface UnfurlSettingsStore {
  set(input: { guildId: string; channelId: string; enabled: boolean; changedBy: string }, now?: Date): Promise<void>;
  /** False when unfurls are off in any of these channels (a thread and its parent channel). */
  isEnabled(guildId: string, channelIds: readonly string[]): Promise<boolean>;
}
