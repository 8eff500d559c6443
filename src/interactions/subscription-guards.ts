import { PermissionFlagsBits } from 'discord.js';
import type { SubscriptionStore } from '../store/subscription-store.js';
import { checkChannelAccess, listPermissions, type ChannelUse } from './channel-permissions.js';
import { UserError, type CommandContext } from './command.js';

/** Whether the member may manage the server: Manage Server, or Administrator (which grants everything). */
export function mayManageServer(context: CommandContext): boolean {
  const permissions = context.memberPermissions ?? 0n;
  return (permissions & PermissionFlagsBits.Administrator) !== 0n || (permissions & PermissionFlagsBits.ManageGuild) !== 0n;
}

/**
 * Checks Manage Server again in the handler: `default_member_permissions` only hides the
 * command, and server admins can override it per role or channel.
 */
export function requireManageServer(context: CommandContext, action = 'change subscriptions'): { guildId: string } {
  if (context.guildId === null) throw new UserError(`This belongs to a server: use this command in one to ${action}.`);
  if (!mayManageServer(context)) throw new UserError(`You need the Manage Server permission to ${action}.`);
  return { guildId: context.guildId };
}

/** The store that keeps subscriptions, or a UserError when this process does not keep them or has no database. */
export function requireSubscriptions(context: CommandContext): SubscriptionStore {
  if (context.takesSubscriptions === false)
    throw new UserError(
      'Subscriptions are kept by the machine of this bot that posts announcements, and this server is served by another one. Ask the bot operator.',
    );
  if (!context.stores) throw new UserError('Announcements are not set up on this bot (its database is unavailable).');
  return context.stores.subscriptions;
}

/** How a refusal reads: what the member wants done ("to …"), and what the bot would do there ("to …"). */
export interface ChannelUseWording {
  member: string;
  bot: string;
}

/**
 * Throws a UserError saying what is missing when the channel an option names is not in this
 * guild, or the member or the bot lacks a permission there that `use` takes (see
 * channel-permissions.ts). Outside Discord (no `context.channels`) there is nothing to check.
 */
export function requireUsableChannel(
  context: CommandContext,
  where: { guildId: string; channelId: string },
  use: ChannelUse,
  wording: ChannelUseWording,
): void {
  if (!context.channels) return;
  const { guildId, channelId } = where;
  const refusal = checkChannelAccess(guildId, context.channels.get(channelId), use);
  if (refusal === null) return;
  const channel = `<#${channelId}>`;
  switch (refusal.reason) {
    case 'unknown-channel':
      throw new UserError(`I cannot find ${channel} in this server: pick a channel from the list.`);
    case 'other-guild':
      throw new UserError(`${channel} is not a channel of this server: pick one of this server's channels.`);
    case 'member-lacks':
      throw new UserError(`You need ${listPermissions(refusal.missing)} in ${channel} ${wording.member}.`);
    case 'bot-lacks': {
      const them = refusal.missing.length === 1 ? 'it' : 'them';
      throw new UserError(
        `I need ${listPermissions(refusal.missing)} in ${channel} ${wording.bot}: ask someone who manages the channel to allow ${them} for me, or pick another channel.`,
      );
    }
  }
}
