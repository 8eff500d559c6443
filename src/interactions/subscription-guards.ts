import { PermissionFlagsBits } from 'discord.js';
import type { SubscriptionStore } from '../store/subscription-store.js';
import { UserError, type CommandContext } from './command.js';

/**
 * Checks Manage Server again in the handler: `default_member_permissions` only hides the
 * command, and server admins can override it per role or channel.
 */
export function requireManageServer(context: CommandContext, action = 'change subscriptions'): { guildId: string } {
  if (context.guildId === null) throw new UserError(`This belongs to a server: use this command in one to ${action}.`);
  const permissions = context.memberPermissions ?? 0n;
  const allowed = (permissions & PermissionFlagsBits.Administrator) !== 0n || (permissions & PermissionFlagsBits.ManageGuild) !== 0n;
  if (!allowed) throw new UserError(`You need the Manage Server permission to ${action}.`);
  return { guildId: context.guildId };
}

/** The store that keeps subscriptions, or a UserError when this process does not keep them or has no database. */
export function requireSubscriptions(context: CommandContext): SubscriptionStore {
  if (context.announcer === false)
    throw new UserError(
      'Subscriptions are kept by the machine of this bot that posts announcements, and this server is served by another one. Ask the bot operator.',
    );
  if (!context.stores) throw new UserError('Announcements are not set up on this bot (its database is unavailable).');
  return context.stores.subscriptions;
}
