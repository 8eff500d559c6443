import { PermissionFlagsBits } from 'discord.js';
import { defineCommand, UserError } from '../src/interactions/command.js';
import { textOption } from '../src/interactions/options.js';
import { mayManageServer, requireManageServer, requireSubscriptions } from '../src/interactions/subscription-guards.js';
import { LIMITS, truncate } from '../src/present/discord-limits.js';
import { notice } from '../src/present/reply-payload.js';
import { describeSubscription } from '../src/present/subscription-text.js';

export default defineCommand({
  name: 'unsubscribe',
  description: 'Remove a new-paper subscription',
  visibility: 'private',
  defaultMemberPermissions: PermissionFlagsBits.ManageGuild,
  guildOnly: true,
  options: { subscription: textOption('The subscription to remove', { required: true, maxLength: 20, autocomplete: true }) },
  async execute(context, options) {
    const { guildId } = requireManageServer(context);
    const id = Number(options.subscription.replace(/^#/, ''));
    const removed = Number.isInteger(id) ? await requireSubscriptions(context).remove(guildId, id) : null;
    if (!removed) throw new UserError('No such subscription in this server. `/subscriptions` lists them.');
    const topics = (await context.library.topics()).map(({ topic }) => topic);
    return notice(`🗑️ Unsubscribed: ${describeSubscription(removed, topics)}.`);
  },
  async autocomplete(context, focused) {
    // The same guard as the command: only those who may remove subscriptions see them listed.
    if (context.guildId === null || !context.stores || !mayManageServer(context)) return [];
    const typed = focused.value.toLowerCase();
    return (await context.stores.subscriptions.list(context.guildId))
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
