import type { Paper } from '../digest/paper.js';
import { matchesKeywords, parseKeywords } from './match-keywords.js';

/** What a subscription follows: a topic, keyword phrases, both, or neither (null). */
export interface SubscriptionFilter {
  topicId: string | null;
  /** Comma-separated phrases, as the user typed them. */
  keywords: string | null;
}

/** A subscription with a topic wants that topic; with keywords, a keyword match; with both, both; with neither, everything. */
export function subscriptionMatches(subscription: SubscriptionFilter, paper: Paper, paperTopics: ReadonlySet<string>): boolean {
  if (subscription.topicId !== null && !paperTopics.has(subscription.topicId)) return false;
  if (subscription.keywords !== null && !matchesKeywords(paper, parseKeywords(subscription.keywords))) return false;
  return true;
}
