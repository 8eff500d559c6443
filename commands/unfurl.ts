import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { defineCommand, UserError } from '../src/interactions/command.js';
import { channelOption, requiredFlagOption } from '../src/interactions/options.js';
import { requireManageServer, requireUsableChannel } from '../src/interactions/subscription-guards.js';
import { notice } from '../src/present/reply-payload.js';

/** /unfurl: admins turn link unfurls off (or back on) in one channel of their server. */
export default defineCommand({
  name: 'unfurl',
  description: 'Turn paper link previews on or off in a channel',
  visibility: 'private',
  defaultMemberPermissions: PermissionFlagsBits.ManageGuild,
  guildOnly: true,
  options: {
    // A forum too: its posts are threads, which follow their parent's setting.
    channel: channelOption('Which channel (or forum)', {
      required: true,
      types: [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum],
    }),
    enabled: requiredFlagOption('true: the bot answers paper links with a card; false: it stays quiet'),
  },
  async execute(context, options) {
    const { guildId } = requireManageServer(context, 'change link previews');
    // Turning previews off asks nothing of the bot there: it only stays quiet.
    requireUsableChannel(
      context,
      { guildId, channelId: options.channel },
      { botPosts: options.enabled, threads: false },
      { member: 'to change its link previews', bot: 'to answer paper links there' },
    );
    if (!context.stores) throw new UserError('Link previews cannot be changed right now: the bot cannot reach its database.');
    await context.stores.unfurlSettings.set({ guildId, channelId: options.channel, enabled: options.enabled, changedBy: context.userId }, context.now());
    return notice(
      options.enabled
        ? `✅ Paper links posted in <#${options.channel}> get a card again (when the bot runs with link previews on).`
        : `🔕 Paper links posted in <#${options.channel}> no longer get a card.`,
    );
  },
});
