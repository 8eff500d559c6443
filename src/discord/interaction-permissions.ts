import {
  ApplicationCommandOptionType,
  ChannelType,
  PermissionsBitField,
  type Channel,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
} from 'discord.js';
import type { ChannelAccess } from '../interactions/channel-permissions.js';
import type { Invocation } from '../interactions/reply-visibility.js';

/**
 * The permission facts the decisions in src/interactions/ take, read from an interaction and
 * the client's cache. Nothing is decided here.
 */

/** Where the interaction was used: in a guild or not, in a thread or not, and what the member may do there (Discord computes it per channel). */
export function invocationOf(interaction: Interaction): Invocation {
  return {
    inGuild: interaction.guildId !== null,
    // A channel the client has not cached may be a thread: null asks both send permissions.
    inThread: interaction.channel ? interaction.channel.isThread() : null,
    memberPermissions: interaction.memberPermissions?.bitfield ?? null,
  };
}

/** What is known of each channel the options of a slash command name, by channel id. */
export function channelOptionsAccess(interaction: ChatInputCommandInteraction): Map<string, ChannelAccess> {
  const access = new Map<string, ChannelAccess>();
  for (const option of flatten(interaction.options.data)) {
    if (option.type !== ApplicationCommandOptionType.Channel || typeof option.value !== 'string') continue;
    access.set(option.value, channelAccess(interaction, option.value, option.channel));
  }
  return access;
}

/**
 * One channel: its guild and kind from the cache (discord.js has just patched it with what
 * the interaction resolved), the member's permissions as Discord resolved them for the option
 * (`permissions`), and the bot's from the cached guild: its member, roles and the channel's
 * overwrites (or, without them, the `app_permissions` Discord may resolve with the channel).
 */
function channelAccess(interaction: ChatInputCommandInteraction, channelId: string, resolved: unknown): ChannelAccess {
  const cached = interaction.client.channels.cache.get(channelId);
  const raw = (resolved ?? {}) as { guild_id?: unknown; type?: unknown; permissions?: unknown; appPermissions?: unknown; app_permissions?: unknown };
  const guildId = cached && 'guildId' in cached ? cached.guildId : typeof raw.guild_id === 'string' ? raw.guild_id : null;
  const me = cached && 'guild' in cached ? cached.guild.members.me : null;
  const bot = cached && me && 'permissionsFor' in cached ? (cached.permissionsFor(me)?.bitfield ?? null) : bitsOf(raw.appPermissions ?? raw.app_permissions);
  return {
    guildId,
    inThreads: inThreads(cached, raw.type),
    member: bitsOf(raw.permissions),
    bot,
  };
}

/** A forum or media channel (posts are threads) or a thread itself. */
function inThreads(cached: Channel | undefined, rawType: unknown): boolean {
  const type = cached?.type ?? rawType;
  return (
    type === ChannelType.GuildForum ||
    type === ChannelType.GuildMedia ||
    type === ChannelType.PublicThread ||
    type === ChannelType.PrivateThread ||
    type === ChannelType.AnnouncementThread
  );
}

/** A permission bitfield as discord.js (PermissionsBitField) or Discord (a decimal string) gives it; null for anything else. */
function bitsOf(value: unknown): bigint | null {
  if (value instanceof PermissionsBitField) return value.bitfield;
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  return null;
}

function flatten(options: readonly CommandInteractionOption[]): CommandInteractionOption[] {
  return options.flatMap((option) => [option, ...flatten(option.options ?? [])]);
}
