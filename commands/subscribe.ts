import { PermissionFlagsBits } from 'discord.js';
import { defineCommand, UserError } from '../src/interactions/command.js';
import { channelOption, flagOption, textOption } from '../src/interactions/options.js';
import { requireAnnouncements, requireManageServer } from '../src/interactions/subscription-guards.js';
import { topicChoices } from '../src/interactions/topic-choices.js';
import { parseKeywords } from '../src/library/match-keywords.js';
import { notice } from '../src/present/reply-payload.js';
import { describeSubscription } from '../src/present/subscription-text.js';

export default defineCommand({
  name: 'subscribe',
  description: 'Post new papers of a topic or matching keywords in a channel',
  visibility: 'private',
  defaultMemberPermissions: PermissionFlagsBits.ManageGuild,
  guildOnly: true,
  options: {
    channel: channelOption('Where to post', { required: true }),
    topic: textOption('Only papers of this topic', { maxLength: 100, autocomplete: true }),
    keywords: textOption('Only papers matching one of these, comma-separated: kv cache, sparse attention', { maxLength: 200 }),
    threads: flagOption('Post each paper as its own message with a thread to discuss it', { default: false }),
  },
  async execute(context, options) {
    const { guildId } = requireManageServer(context);
    const store = requireAnnouncements(context);
    let topicId: string | null = null;
    if (options.topic?.trim()) {
      const topic = await context.library.findTopic(options.topic);
      if (!topic) throw new UserError(`There is no topic like that. Pick one from the list as you type.`);
      topicId = topic.id;
    }
    const keywords = options.keywords?.replace(/\s+/g, ' ').trim() || null;
    if (keywords !== null && parseKeywords(keywords).length === 0)
      throw new UserError('Those keywords are all common words; give words that papers would contain, e.g. `kv cache, sparse attention`.');
    const added = store.addSubscription({ guildId, channelId: options.channel, topicId, keywords, createdBy: context.userId, threads: options.threads });
    let { subscription } = added;
    // Subscribing again with the other threads setting changes it, and says so.
    const changed = !added.created && subscription.threads !== options.threads;
    if (changed) subscription = store.setSubscriptionThreads(guildId, subscription.id, options.threads) ?? subscription;
    const topics = (await context.library.topics()).map(({ topic }) => topic);
    const what = describeSubscription(subscription, topics);
    if (changed) return notice(`✅ Updated: ${what}.`);
    return notice(added.created ? `✅ Subscribed: ${what}. New papers will be posted there.` : `That subscription already exists: ${what}.`);
  },
  autocomplete: (context, focused) => topicChoices(context, focused.value),
});
