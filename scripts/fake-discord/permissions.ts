/**
 * Discord's permission computation (https://discord.com/developers/docs/topics/permissions):
 * a member's base permissions are those of @everyone and of each of their roles together (the
 * guild's owner, and Administrator, get every permission); in a channel, the @everyone
 * overwrite applies first, then the overwrites of the member's roles together (denies, then
 * allows), then the member's own. Threads take their parent channel's overwrites.
 */

export const PERMISSION = {
  administrator: 1n << 3n,
  manageGuild: 1n << 5n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  createPublicThreads: 1n << 35n,
  sendMessagesInThreads: 1n << 38n,
} as const;

/** Every permission bit Discord defines today (0–52): what Administrator and ownership give. */
export const EVERY_PERMISSION = (1n << 53n) - 1n;

/** A permission overwrite as Discord's channel objects carry it: type 0 a role (the guild's id: @everyone), 1 a member. */
export interface Overwrite {
  id: string;
  type: 0 | 1;
  allow: string;
  deny: string;
}

/** The fields of a role the computation reads. */
export interface RoleGrant {
  id: string;
  permissions: string;
}

export interface GuildGrants {
  id: string;
  ownerId: string;
  /** Its roles, @everyone (whose id is the guild's) among them. */
  roles: readonly RoleGrant[];
}

/** Someone in a guild: their user id and role ids (@everyone is implied). */
export interface Grantee {
  id: string;
  roles: readonly string[];
}

/** A member's permissions in the guild, before any channel's overwrites. */
export function basePermissions(guild: GuildGrants, member: Grantee): bigint {
  if (member.id === guild.ownerId) return EVERY_PERMISSION;
  let permissions = 0n;
  for (const role of guild.roles) if (role.id === guild.id || member.roles.includes(role.id)) permissions |= BigInt(role.permissions);
  return (permissions & PERMISSION.administrator) !== 0n ? EVERY_PERMISSION : permissions;
}

/** A member's permissions in a channel with these overwrites, from their base permissions. */
export function channelPermissions(base: bigint, guildId: string, member: Grantee, overwrites: readonly Overwrite[]): bigint {
  if ((base & PERMISSION.administrator) !== 0n) return EVERY_PERMISSION;
  const apply = (permissions: bigint, allow: bigint, deny: bigint) => (permissions & ~deny) | allow;
  const everyone = overwrites.find((overwrite) => overwrite.type === 0 && overwrite.id === guildId);
  let permissions = everyone ? apply(base, BigInt(everyone.allow), BigInt(everyone.deny)) : base;
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of overwrites) {
    if (overwrite.type !== 0 || overwrite.id === guildId || !member.roles.includes(overwrite.id)) continue;
    allow |= BigInt(overwrite.allow);
    deny |= BigInt(overwrite.deny);
  }
  permissions = apply(permissions, allow, deny);
  const own = overwrites.find((overwrite) => overwrite.type === 1 && overwrite.id === member.id);
  return own ? apply(permissions, BigInt(own.allow), BigInt(own.deny)) : permissions;
}
