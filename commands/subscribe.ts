import { ApplicationCommandOptionType, ChannelType, PermissionFlagsBits } from 'discord.js';
import { z } from 'zod';
import { defineCommand, UserError } from '../src/command/command.js';
import { requireAnnouncements, requireManageServer } from '../src/command/subscription-guards.js';
import { topicChoices } from '../src/command/topic-choices.js';
import { parseKeywords } from '../src/library/match-keywords.js';
import { notice } from '../src/present/reply-payload.js';
import { describeSubscription } from './subscriptions.js';

export default defineCommand({
  data: {
    name: 'subscribe',
    description: 'Post new papers of a topic or matching keywords in a channel',
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    contexts: [0],
    options: [
      {
        type: ApplicationCommandOptionType.Channel,
        name: 'channel',
        description: 'Where to post',
        required: true,
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
      },
      { type: ApplicationCommandOptionType.String, name: 'topic', description: 'Only papers of this topic', autocomplete: true, max_length: 100 },
      {
        type: ApplicationCommandOptionType.String,
        name: 'keywords',
        description: 'Only papers matching one of these, comma-separated: kv cache, sparse attention',
        max_length: 200,
      },
    ],
  },
  options: z.object({
    channel: z.string().regex(/^\d{17,20}$/, 'must be a channel'),
    topic: z.string().optional(),
    keywords: z.string().optional(),
  }),
  execute(context, options) {
    const { guildId } = requireManageServer(context);
    const store = requireAnnouncements(context);
    let topicId: string | null = null;
    if (options.topic?.trim()) {
      const topic = context.library.findTopic(options.topic);
      if (!topic) throw new UserError(`There is no topic like that. Pick one from the list as you type.`);
      topicId = topic.id;
    }
    const keywords = options.keywords?.replace(/\s+/g, ' ').trim() || null;
    if (keywords !== null && parseKeywords(keywords).length === 0)
      throw new UserError('Those keywords are all common words; give words that papers would contain, e.g. `kv cache, sparse attention`.');
    const { subscription, created } = store.addSubscription({ guildId, channelId: options.channel, topicId, keywords, createdBy: context.userId });
    const what = describeSubscription(subscription, context.library);
    return notice(created ? `✅ Subscribed: ${what}. New papers will be posted there.` : `That subscription already exists: ${what}.`);
  },
  autocomplete: (context, focused) => topicChoices(context.library, focused.value),
});
