import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord.js';
import { z } from 'zod';
import { defineCommand, UserError } from '../src/command/command.js';
import { requireAnnouncements, requireManageServer } from '../src/command/subscription-guards.js';
import { LIMITS, truncate } from '../src/present/discord-limits.js';
import { notice } from '../src/present/reply-payload.js';
import { describeSubscription } from './subscriptions.js';

export default defineCommand({
  data: {
    name: 'unsubscribe',
    description: 'Remove a new-paper subscription',
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    contexts: [0],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'subscription',
        description: 'The subscription to remove',
        required: true,
        autocomplete: true,
        max_length: 20,
      },
    ],
  },
  options: z.object({ subscription: z.string() }),
  execute(context, options) {
    const { guildId } = requireManageServer(context);
    const id = Number(options.subscription.replace(/^#/, ''));
    const removed = Number.isInteger(id) ? requireAnnouncements(context).removeSubscription(guildId, id) : null;
    if (!removed) throw new UserError('No such subscription in this server. `/subscriptions` lists them.');
    return notice(`🗑️ Unsubscribed: ${describeSubscription(removed, context.library)}.`);
  },
  autocomplete(context, focused) {
    if (context.guildId === null || !context.announcements) return [];
    const typed = focused.value.toLowerCase();
    return context.announcements
      .listSubscriptions(context.guildId)
      .map((subscription) => ({
        name: truncate(
          `#${subscription.id} · ${[subscription.topicId, subscription.keywords].filter(Boolean).join(' · ') || 'every new paper'} · channel ${subscription.channelId}`,
          LIMITS.choiceName,
        ),
        value: String(subscription.id),
      }))
      .filter((choice) => choice.name.toLowerCase().includes(typed))
      .slice(0, LIMITS.autocompleteChoices);
  },
});
