import { PermissionFlagsBits } from 'discord.js';
import { defineCommand, UserError } from '../src/interactions/command.js';
import { SUBSCRIPTION_SCHEDULES } from '../src/time/digest-period.js';
import { channelOption, choiceOption, flagOption, integerOption, textOption } from '../src/interactions/options.js';
import { requireManageServer, requireSubscriptions, requireUsableChannel } from '../src/interactions/subscription-guards.js';
import { topicChoices } from '../src/interactions/topic-choices.js';
import { parseKeywords } from '../src/library/match-keywords.js';
import { notice } from '../src/present/reply-payload.js';
import { SubscriptionLimitReached, type NewSubscription, type Subscription, type SubscriptionStore } from '../src/store/subscription-store.js';
import { describeSubscription, whenPosted } from '../src/present/subscription-text.js';

export default defineCommand({
  name: 'subscribe',
  description: 'Post new papers of a topic or keywords in a channel, as they arrive or as a digest',
  visibility: 'private',
  defaultMemberPermissions: PermissionFlagsBits.ManageGuild,
  guildOnly: true,
  options: {
    channel: channelOption('Where to post', { required: true }),
    topic: textOption('Only papers of this topic', { maxLength: 100, autocomplete: true }),
    keywords: textOption('Only papers matching one of these, comma-separated: kv cache, sparse attention', { maxLength: 200 }),
    schedule: choiceOption('Each new paper as it arrives, or a digest of the top papers per period', SUBSCRIPTION_SCHEDULES, { default: 'new' }),
    top: integerOption('Papers per digest (with a daily, weekly or monthly schedule)', { min: 1, max: 10, default: 5 }),
    threads: flagOption('Post each paper as its own message with a thread to discuss it', { default: false }),
  },
  async execute(context, options) {
    const { guildId } = requireManageServer(context);
    const subscriptions = requireSubscriptions(context);
    let topicId: string | null = null;
    if (options.topic?.trim()) {
      const topic = await context.library.findTopic(options.topic);
      if (!topic) throw new UserError(`There is no topic like that. Pick one from the list as you type.`);
      topicId = topic.id;
    }
    const keywords = options.keywords?.replace(/\s+/g, ' ').trim() || null;
    if (keywords !== null && parseKeywords(keywords).length === 0)
      throw new UserError('Those keywords are all common words; give words that papers would contain, e.g. `kv cache, sparse attention`.');
    const { schedule, top, threads } = options;
    if (threads && schedule !== 'new') throw new UserError('A thread per paper is for new papers as they arrive (`schedule:new`), not for digests.');
    requireUsableChannel(
      context,
      { guildId, channelId: options.channel },
      { botPosts: true, threads },
      { member: 'to have papers posted there', bot: threads ? 'to post each paper there with a thread' : 'to post papers there' },
    );
    const { subscription, created, changed } = await addWithinLimits(
      subscriptions,
      { guildId, channelId: options.channel, topicId, keywords, createdBy: context.userId, schedule, top, threads },
      context,
    );
    const topics = (await context.library.topics()).map(({ topic }) => topic);
    const what = describeSubscription(subscription, topics);
    // Threads belong to the channel: one subscription asking for them threads every paper posted there.
    const threadedBy =
      subscription.schedule === 'new' && !subscription.threads
        ? (await subscriptions.list(guildId)).find((other) => other.channelId === subscription.channelId && other.threads)
        : undefined;
    const stillThreaded = threadedBy
      ? ` Papers there still get a thread each: another subscription of the channel asks for them (${describeSubscription(threadedBy, topics)}).`
      : '';
    if (changed) return notice(`✅ Changed: ${what}. ${whenPosted(subscription)}${stillThreaded}`);
    return notice(
      created ? `✅ Subscribed: ${what}. ${whenPosted(subscription)}${stillThreaded}` : `That subscription already exists: ${what}.${stillThreaded}`,
    );
  },
  autocomplete: (context, focused) => topicChoices(context, focused.value),
});

/** Adds the subscription, or refuses with the numbers when its guild or channel has as many as it may. */
async function addWithinLimits(
  subscriptions: SubscriptionStore,
  input: NewSubscription,
  context: { subscriptionLimits?: { perGuild: number; perChannel: number } | undefined },
): Promise<{ subscription: Subscription; created: boolean; changed: boolean }> {
  try {
    return await subscriptions.add(input, undefined, context.subscriptionLimits);
  } catch (error) {
    if (!(error instanceof SubscriptionLimitReached)) throw error;
    const has = `has ${error.count} subscription${error.count === 1 ? '' : 's'}`;
    throw new UserError(
      error.scope === 'guild'
        ? `This server ${has}, and may have at most ${error.limit}. Remove one with \`/unsubscribe\` first (\`/subscriptions\` lists them).`
        : `<#${input.channelId}> ${has}, and a channel may have at most ${error.limit}. Remove one there with \`/unsubscribe\` first, or pick another channel.`,
    );
  }
}
