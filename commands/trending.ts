import { utc } from '@date-fns/utc';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import { subDays } from 'date-fns/subDays';
import { defineCommand, type CommandContext } from '../src/interactions/command.js';
import { integerOption, textOption } from '../src/interactions/options.js';
import { requireTopic } from '../src/interactions/require-topic.js';
import { topicChoices } from '../src/interactions/topic-choices.js';
import { periodDay } from '../src/library/period-papers.js';
import type { Topic } from '../src/library/topics.js';
import { trendingMessage } from '../src/present/trending-message.js';

const DAY = 'yyyy-MM-dd';

/** The `days` calendar days (UTC) ending on `last`, as `YYYY-MM-DD`. */
function window(last: Date, days: number): { from: string; to: string } {
  return { from: format(subDays(last, days - 1, { in: utc }), DAY, { in: utc }), to: format(last, DAY, { in: utc }) };
}

/**
 * The day the newest paper of the digest or a topic counts on (its listing day, else its
 * publication day: periodDay), or null. The newest is the newest published (undated papers
 * come last in that order), so its listing day is usually the latest too; a paper published
 * earlier but listed later than it falls after the window.
 */
async function newestDay(context: CommandContext, topic: Topic | null): Promise<string | null> {
  const newest = topic === null ? (await context.library.latest(1))[0] : (await context.library.topicPage(topic.id, 1, 1))?.page.items[0];
  return newest ? periodDay(newest) : null;
}

export default defineCommand({
  name: 'trending',
  description: 'The most upvoted papers of the last days',
  options: {
    days: integerOption('Listed in the last this many days', { min: 1, max: 30, default: 7 }),
    topic: textOption('Only papers of this topic', { maxLength: 100, autocomplete: true }),
    limit: integerOption('How many papers', { min: 1, max: 15, default: 10 }),
  },
  async execute(context, { days, topic: topicInput, limit }) {
    const topic = topicInput?.trim() ? await requireTopic(context, topicInput) : null;
    const ask = (range: { from: string; to: string }) => context.library.periodPapers({ ...range, topicId: topic?.id ?? null, keywords: null, limit });
    let range = window(context.now(), days);
    let result = await ask(range);
    let shifted = false;
    // A digest that is not fed new papers still has a "last week": the one of its newest paper.
    if (result.total === 0) {
      const newest = await newestDay(context, topic);
      if (newest !== null && newest < range.from) {
        range = window(parseISO(newest, { in: utc }), days);
        result = await ask(range);
        shifted = true;
      }
    }
    return trendingMessage({ papers: result.top, total: result.total, days, ...range, shifted, topicName: topic?.name ?? null });
  },
  autocomplete: (context, focused) => topicChoices(context, focused.value),
});
