import { ALL_PERMISSIONS, BOT_USER, BOT_USER_ID, OWNER_ID, snowflake } from './constants.js';
import { PERMISSION, basePermissions, channelPermissions, type Grantee, type Overwrite } from './permissions.js';

type Json = Record<string, unknown>;

const THREAD_TYPES = new Set([10, 11, 12]);

/** A role as Discord's role objects are: @everyone's id is its guild's. */
function roleObject(id: string, name: string, permissions: bigint, position: number): Json {
  return { id, name, permissions: String(permissions), position, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 };
}

/**
 * The guilds' roles and owner, and the permissions Discord computes from them and the
 * channels' overwrites (see permissions.ts). By default @everyone has ALL_PERMISSIONS and no
 * channel has overwrites, so everyone may do everything but manage the server. The bot holds
 * no role of its own: its permissions are @everyone's, changed by overwrites naming it.
 */
export class GuildModel {
  readonly ownerId = OWNER_ID;
  readonly #roles = new Map<string, Json[]>();

  constructor(
    guilds: readonly string[],
    private readonly channels: ReadonlyMap<string, Json>,
  ) {
    for (const guildId of guilds) this.#roles.set(guildId, [roleObject(guildId, '@everyone', BigInt(ALL_PERMISSIONS), 0)]);
  }

  /** A guild's roles, @everyone first. */
  roles(guildId: string): Json[] {
    return this.#roles.get(guildId) ?? [];
  }

  /** Adds a role to a guild and returns it. */
  addRole(guildId: string, name: string, permissions: bigint): Json {
    const roles = this.#roles.get(guildId);
    if (!roles) throw new Error(`no guild ${guildId}`);
    const role = roleObject(snowflake(), name, permissions, roles.length);
    roles.push(role);
    return role;
  }

  /** The bot's guild member, as GUILD_CREATE carries it. */
  botMember(): Json {
    return { user: BOT_USER, roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 };
  }

  /** A member's permissions in the guild, from their roles. */
  base(guildId: string, member: Grantee): bigint {
    const roles = this.roles(guildId).map((role) => ({ id: role.id as string, permissions: role.permissions as string }));
    return basePermissions({ id: guildId, ownerId: this.ownerId, roles }, member);
  }

  /**
   * A member's permissions in a channel, from `base` (default: what their roles give) and the
   * channel's overwrites (a thread's parent's); null for a channel of no guild (a DM) or unknown.
   */
  inChannel(channelId: string, member: Grantee, base?: bigint): bigint | null {
    const channel = this.channels.get(channelId);
    const guildId = channel?.guild_id as string | undefined;
    if (!channel || !guildId) return null;
    const parent = THREAD_TYPES.has(channel.type as number) ? this.channels.get(channel.parent_id as string) : channel;
    const overwrites = (parent?.permission_overwrites ?? []) as Overwrite[];
    return channelPermissions(base ?? this.base(guildId, member), guildId, member, overwrites);
  }

  /** The bot's permissions in a channel (null: a DM or unknown channel). */
  botIn(channelId: string): bigint | null {
    return this.inChannel(channelId, { id: BOT_USER_ID, roles: [] });
  }

  /** Whether the bot may post in a channel: View Channel and Send Messages (in a thread, Send Messages in Threads). A DM: always. */
  botMaySend(channelId: string): boolean {
    const permissions = this.botIn(channelId);
    if (permissions === null) return true;
    const thread = THREAD_TYPES.has(this.channels.get(channelId)?.type as number);
    const needed = PERMISSION.viewChannel | (thread ? PERMISSION.sendMessagesInThreads : PERMISSION.sendMessages);
    return (permissions & needed) === needed;
  }
}
