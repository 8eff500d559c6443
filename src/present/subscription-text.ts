import type { Subscription } from '../announce/announcement-store.js';
import type { Topic } from '../library/topics.js';
import { escapeText } from './markdown.js';

/** "#papers · topic Video and multimodal · keywords "kv cache"", with a channel mention that renders but never pings. */
export function describeSubscription(subscription: Subscription, topics: readonly Topic[]): string {
  const parts = [`<#${subscription.channelId}>`];
  if (subscription.topicId) parts.push(`topic **${escapeText(topics.find((topic) => topic.id === subscription.topicId)?.name ?? subscription.topicId)}**`);
  if (subscription.keywords) parts.push(`keywords **${escapeText(subscription.keywords)}**`);
  if (parts.length === 1) parts.push('every new paper');
  if (subscription.threads) parts.push('a thread per paper');
  return parts.join(' · ');
}
