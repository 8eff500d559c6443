import { defineCommand, UserError } from '../src/interactions/command.js';
import { textOption } from '../src/interactions/options.js';
import { requireTopic } from '../src/interactions/require-topic.js';
import { topicChoices } from '../src/interactions/topic-choices.js';
import { parseSince } from '../src/library/parse-since.js';
import { toInlineCode } from '../src/present/markdown.js';
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
    let since: string | null = null;
    if (options.since !== undefined && options.since.trim() !== '') {
      since = parseSince(options.since, context.now());
      if (since === null)
        throw new UserError(`${toInlineCode(options.since.slice(0, 40))} is not a date I understand. Try 2025-01-01, Jan 2025, 2024 or 6 months.`);
    }
    // Counting and drawing run in the library worker, off the thread that talks to Discord.
    const chart = await context.library.statsChart({ topicId: topic?.id ?? null, since, nowIso: context.now().toISOString() });
    if (chart === null) throw new UserError('That topic is gone. Pick one from the list as you type.');
    return statsMessage(chart.stats, chart.png);
  },
  autocomplete: (context, focused) => topicChoices(context, focused.value),
});
