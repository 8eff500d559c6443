import { defineCommand, UserError } from '../src/interactions/command.js';
import { textOption } from '../src/interactions/options.js';
import { readSince } from '../src/interactions/read-since.js';
import { requireTopic } from '../src/interactions/require-topic.js';
import { topicChoices } from '../src/interactions/topic-choices.js';
import { statsMessage } from '../src/present/stats-message.js';

export default defineCommand({
  name: 'stats',
  description: 'Charts of the digest: papers per week or month, top organizations, topics',
  options: {
    topic: textOption('Only papers of this topic (the mix then shows their keywords)', { maxLength: 100, autocomplete: true }),
    since: textOption('Only papers published since, e.g. 2025-01-01, Jan 2025 or 6 months', { maxLength: 40 }),
  },
  async execute(context, options) {
    const topic = options.topic?.trim() ? await requireTopic(context, options.topic) : null;
    const since = readSince(context, options.since);
    // Counting and drawing run in the library worker, off the thread that talks to Discord.
    const chart = await context.library.statsChart({ topicId: topic?.id ?? null, since, nowIso: context.now().toISOString() });
    if (chart === null) throw new UserError('That topic is gone. Pick one from the list as you type.');
    return statsMessage(chart.stats, chart.png);
  },
  autocomplete: (context, focused) => topicChoices(context, focused.value),
});
