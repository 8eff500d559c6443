import { OAuth2Scopes, PermissionFlagsBits, PermissionsBitField } from 'discord.js';

/**
 * What the bot needs in a channel, and why. The README's permission list is this one.
 * - View Channels: to see the channel at all (without it Discord answers Missing Access).
 * - Send Messages, Embed Links: every reply and announcement is an embed.
 * - Attach Files: charts (/stats, digests) and exports (/saved, /cite).
 * - Read Message History: replies to @mentions and link cards reference the message.
 * - Create Public Threads, Send Messages in Threads: `threads:true` subscriptions.
 */
export const BOT_PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.SendMessagesInThreads,
]).bitfield;

/** The OAuth2 URL that adds the bot to a server with its slash commands and exactly BOT_PERMISSIONS. */
export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
