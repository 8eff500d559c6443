import type { Subscription } from '../store/subscription-store.js';
import type { Topic } from '../library/topics.js';
import { escapeText } from './markdown.js';

/**
 * "#papers · topic Video and multimodal · keywords "kv cache"" (and "· weekly top 5" for a
 * digest), with a channel mention that renders but never pings.
 */
export function describeSubscription(subscription: Subscription, topics: readonly Topic[]): string {
  const parts = [`<#${subscription.channelId}>`];
  if (subscription.topicId) parts.push(`topic **${escapeText(topics.find((topic) => topic.id === subscription.topicId)?.name ?? subscription.topicId)}**`);
  if (subscription.keywords) parts.push(`keywords **${escapeText(subscription.keywords)}**`);
  if (parts.length === 1) parts.push(subscription.schedule === 'new' ? 'every new paper' : 'all papers');
  if (subscription.schedule !== 'new') parts.push(`${subscription.schedule} top ${subscription.top}`);
  else if (subscription.threads) parts.push('a thread per paper');
  return parts.join(' · ');
}

const DIGEST_DAYS = { daily: 'every day, for the day before', weekly: 'on Mondays, for the week before', monthly: 'on the 1st, for the month before' } as const;

/** "New papers will be posted there." or, for a digest, when it is posted. */
export function whenPosted(subscription: Pick<Subscription, 'schedule' | 'top'>): string {
  if (subscription.schedule === 'new') return 'New papers will be posted there.';
  const papers = subscription.top === 1 ? 'The most upvoted paper' : `The ${subscription.top} most upvoted papers`;
  return `${papers} will be posted there ${DIGEST_DAYS[subscription.schedule]} (at the bot's digest time, UTC), with a chart.`;
}
