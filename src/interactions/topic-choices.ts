import type { TopicSummary } from '../library/library.js';
import { LIMITS, truncate } from '../present/discord-limits.js';
import type { AutocompleteChoice, CommandContext } from './command.js';

/**
 * Autocomplete for topic options: every topic with its paper count, filtered by what was
 * typed (name or id, exact and prefix matches before substring ones). Empty input lists all.
 */
export async function topicChoices(context: CommandContext, typed: string): Promise<AutocompleteChoice[]> {
  return rankTopics(await context.library.topics(), typed);
}

function rankTopics(summaries: readonly TopicSummary[], typed: string): AutocompleteChoice[] {
  const wanted = typed.trim().toLowerCase();
  const scored = summaries.flatMap(({ topic, count }) => {
    const name = topic.name.toLowerCase();
    const rank =
      wanted === ''
        ? 0
        : name === wanted || topic.id === wanted
          ? 0
          : name.startsWith(wanted) || topic.id.startsWith(wanted)
            ? 1
            : name.includes(wanted) || topic.description.toLowerCase().includes(wanted)
              ? 2
              : -1;
    return rank < 0
      ? []
      : [{ rank, choice: { name: truncate(`${topic.name} (${count} paper${count === 1 ? '' : 's'})`, LIMITS.choiceName), value: topic.id } }];
  });
  return scored
    .sort((a, b) => a.rank - b.rank)
    .slice(0, LIMITS.autocompleteChoices)
    .map(({ choice }) => choice);
}
