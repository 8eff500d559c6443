import { defineCommand } from '../src/interactions/command.js';
import { textOption } from '../src/interactions/options.js';
import { requireTopic } from '../src/interactions/require-topic.js';
import { topicChoices } from '../src/interactions/topic-choices.js';
import { fitMessage } from '../src/present/fit-message.js';
import { escapeText } from '../src/present/markdown.js';
import { paperEmbed } from '../src/present/paper-embed.js';
import { nothingFound, reply } from '../src/present/reply-payload.js';
import { withSaveButtons } from '../src/present/save-buttons.js';

export default defineCommand({
  name: 'random',
  description: 'A random paper from the digest',
  options: { topic: textOption('Only from this topic', { maxLength: 100, autocomplete: true }) },
  async execute(context, options) {
    const topic = options.topic?.trim() ? await requireTopic(context, options.topic) : undefined;
    const paper = await context.library.random(context.random(), topic?.id ?? null);
    if (!paper) return nothingFound({ content: topic ? `**${escapeText(topic.name)}** has no papers yet.` : 'The digest is empty.' });
    return withSaveButtons(
      fitMessage(
        reply({
          content: `🎲 A random paper${topic ? ` from **${escapeText(topic.name)}**` : ''}`,
          embeds: [paperEmbed(paper, { now: context.now() })],
        }),
      ),
      [paper],
    );
  },
  autocomplete: (context, focused) => topicChoices(context, focused.value),
});
