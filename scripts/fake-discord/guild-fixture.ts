import { CHANNEL_ID, DM_CHANNEL_ID, FORUM_CHANNEL_ID, GUILD_ID, OTHER_CHANNEL_ID, READER, SECOND_GUILD_CHANNEL_ID, SECOND_GUILD_ID } from './constants.js';

/**
 * The one text channel of a guild other than the first: SECOND_GUILD_CHANNEL_ID in the second
 * guild (SECOND_GUILD_ID), and in any further guild the guild's id plus 10^17 (guild ids
 * start with 2, channel ids with 3), so each guild of a test with many has its own.
 */
export function channelOfGuild(guildId: string): string {
  return guildId === SECOND_GUILD_ID ? SECOND_GUILD_CHANNEL_ID : String(BigInt(guildId) + 100_000_000_000_000_000n);
}

/** The channels each fake guild has, as Discord's channel objects: text channels, and a forum in the first guild. */
export function guildChannels(guildId: string): Record<string, unknown>[] {
  const channel = (id: string, name: string, position: number, type = 0) => ({ id, type, name, position, permission_overwrites: [], guild_id: guildId });
  if (guildId !== GUILD_ID) return [channel(channelOfGuild(guildId), 'papers', 0)];
  return [channel(CHANNEL_ID, 'papers', 0), channel(OTHER_CHANNEL_ID, 'kv-cache', 1), channel(FORUM_CHANNEL_ID, 'reading-group', 2, FORUM)];
}

const FORUM = 15;

/** The direct-message channel between the reader and the bot. */
export const dmChannel = (): Record<string, unknown> => ({ id: DM_CHANNEL_ID, type: 1, recipients: [READER], last_message_id: null });

/** What a guild is made of now: its owner, roles, channels (with their overwrites) and the members sent with it (the bot). */
export interface GuildParts {
  ownerId: string;
  roles: Record<string, unknown>[];
  channels: Record<string, unknown>[];
  members: Record<string, unknown>[];
}

/** GUILD_CREATE for a fake guild, as Discord sends it to a bot: with the bot's own member. */
export function guildCreate(guildId: string, parts: GuildParts): Record<string, unknown> {
  return {
    id: guildId,
    name: 'Reading group',
    icon: null,
    owner_id: parts.ownerId,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2025-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 2,
    roles: parts.roles,
    emojis: [],
    stickers: [],
    members: parts.members,
    channels: parts.channels,
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
