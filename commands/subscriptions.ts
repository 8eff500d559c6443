import { PermissionFlagsBits } from 'discord.js';
import { defineCommand } from '../src/interactions/command.js';
import { requireSubscriptions, requireManageServer } from '../src/interactions/subscription-guards.js';
import { LIMITS, truncate } from '../src/present/discord-limits.js';
import { notice } from '../src/present/reply-payload.js';
import { describeSubscription } from '../src/present/subscription-text.js';

export default defineCommand({
  name: 'subscriptions',
  description: "This server's new-paper subscriptions",
  visibility: 'private',
  defaultMemberPermissions: PermissionFlagsBits.ManageGuild,
  guildOnly: true,
  async execute(context) {
    const { guildId } = requireManageServer(context);
    const list = await requireSubscriptions(context).list(guildId);
    if (list.length === 0) return notice('No subscriptions yet. Add one with `/subscribe`.');
    const topics = (await context.library.topics()).map(({ topic }) => topic);
    const lines = list.map((subscription) => `\`#${subscription.id}\` ${describeSubscription(subscription, topics)}`);
    return notice(truncate(`📬 ${list.length} subscription${list.length === 1 ? '' : 's'}:\n${lines.join('\n')}`, LIMITS.content));
  },
});
