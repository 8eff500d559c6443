import { PermissionFlagsBits } from 'discord.js';
import { z } from 'zod';
import type { Subscription } from '../src/announce/announcement-store.js';
import { defineCommand } from '../src/command/command.js';
import { requireAnnouncements, requireManageServer } from '../src/command/subscription-guards.js';
import type { Library } from '../src/library/library.js';
import { LIMITS, truncate } from '../src/present/discord-limits.js';
import { escapeText } from '../src/present/markdown.js';
import { notice } from '../src/present/reply-payload.js';

/** "#papers · topic Video and multimodal · keywords "kv cache"", with a channel mention that renders but never pings. */
export function describeSubscription(subscription: Subscription, library: Library): string {
  const parts = [`<#${subscription.channelId}>`];
  if (subscription.topicId)
    parts.push(`topic **${escapeText(library.topics.find((topic) => topic.id === subscription.topicId)?.name ?? subscription.topicId)}**`);
  if (subscription.keywords) parts.push(`keywords **${escapeText(subscription.keywords)}**`);
  if (parts.length === 1) parts.push('every new paper');
  return parts.join(' · ');
}

export default defineCommand({
  data: {
    name: 'subscriptions',
    description: "This server's new-paper subscriptions",
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    contexts: [0],
  },
  options: z.object({}),
  execute(context) {
    const { guildId } = requireManageServer(context);
    const list = requireAnnouncements(context).listSubscriptions(guildId);
    if (list.length === 0) return notice('No subscriptions yet. Add one with `/subscribe`.');
    const lines = list.map((subscription) => `\`#${subscription.id}\` ${describeSubscription(subscription, context.library)}`);
    return notice(truncate(`📬 ${list.length} subscription${list.length === 1 ? '' : 's'}:\n${lines.join('\n')}`, LIMITS.content));
  },
});
