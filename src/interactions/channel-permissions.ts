/**
 * Whether a member may point the bot at a channel, and whether the bot can post there: the
 * decision behind /subscribe and /unfurl, on plain data (no discord.js), so that every case is
 * tested directly. The router gathers the facts (src/discord/interaction-permissions.ts): the
 * member's permissions in the channel as Discord computed them for the option, and the bot's
 * from its cache of the guild.
 */

/** The permission bits read here, as Discord numbers them (https://discord.com/developers/docs/topics/permissions). */
export const PERMISSION = {
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  createPublicThreads: 1n << 35n,
  sendMessagesInThreads: 1n << 38n,
} as const;

export type PermissionName = keyof typeof PERMISSION;

/** The names Discord's permission settings show. */
export const PERMISSION_LABELS: Readonly<Record<PermissionName, string>> = {
  viewChannel: 'View Channel',
  sendMessages: 'Send Messages',
  embedLinks: 'Embed Links',
  createPublicThreads: 'Create Public Threads',
  sendMessagesInThreads: 'Send Messages in Threads',
};

/** What is known of a channel an option names. */
export interface ChannelAccess {
  /** The guild the channel belongs to, or null when the bot does not know the channel. */
  guildId: string | null;
  /** Messages there are sent in threads: a forum (its posts are threads), or a thread itself. */
  inThreads: boolean;
  /** The invoking member's permissions in the channel, as Discord sent them with the interaction; null: none sent. */
  member: bigint | null;
  /** The bot's permissions in the channel; null: the bot cannot tell (it has no cached member or channel). */
  bot: bigint | null;
}

/** What the bot is asked to do in the channel. */
export interface ChannelUse {
  /** It will post there (papers, digests, link cards); false: the command only keeps it quiet there. */
  botPosts: boolean;
  /** It will start a thread on each post (`threads:true` subscriptions). */
  threads: boolean;
}

export type ChannelRefusal =
  | { reason: 'unknown-channel' }
  | { reason: 'other-guild' }
  | { reason: 'member-lacks'; missing: PermissionName[] }
  | { reason: 'bot-lacks'; missing: PermissionName[] };

/**
 * The permissions a use takes. The member must see the channel and be able to write in it:
 * nobody sends papers into a channel they could not post in themselves. The bot must see it,
 * send there and embed (every post is an embed), and for threads create and write in them.
 */
export function requiredPermissions(inThreads: boolean, use: ChannelUse): { member: PermissionName[]; bot: PermissionName[] } {
  const send: PermissionName = inThreads ? 'sendMessagesInThreads' : 'sendMessages';
  const bot: PermissionName[] = use.botPosts
    ? ['viewChannel', send, 'embedLinks', ...(use.threads ? (['createPublicThreads', 'sendMessagesInThreads'] as const) : [])]
    : [];
  return { member: ['viewChannel', send], bot: [...new Set(bot)] };
}

/** The names in `required` whose bits `permissions` lacks (all of them when unknown). */
export function missingPermissions(permissions: bigint | null, required: readonly PermissionName[]): PermissionName[] {
  return required.filter((name) => permissions === null || (permissions & PERMISSION[name]) === 0n);
}

/**
 * Null when the channel may be used from `guildId` as `use` says; otherwise why not, in this
 * order: the bot does not know the channel, it is in another guild, the member lacks a
 * permission there, the bot does. Unknown permissions count as missing.
 */
export function checkChannelAccess(guildId: string, access: ChannelAccess | undefined, use: ChannelUse): ChannelRefusal | null {
  if (!access || access.guildId === null) return { reason: 'unknown-channel' };
  if (access.guildId !== guildId) return { reason: 'other-guild' };
  const required = requiredPermissions(access.inThreads, use);
  const member = missingPermissions(access.member, required.member);
  if (member.length > 0) return { reason: 'member-lacks', missing: member };
  const bot = missingPermissions(access.bot, required.bot);
  if (bot.length > 0) return { reason: 'bot-lacks', missing: bot };
  return null;
}

/** "A", "A and B", "A, B and C", in Discord's names. */
export function listPermissions(names: readonly PermissionName[]): string {
  const labels = names.map((name) => PERMISSION_LABELS[name]);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1) ?? ''}`;
}
