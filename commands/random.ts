import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command/command.js';
import { topicChoices } from '../src/command/topic-choices.js';
import { escapeText } from '../src/present/markdown.js';
import { paperEmbed } from '../src/present/paper-embed.js';
import { fitMessage } from '../src/present/fit-message.js';
import { reply } from '../src/present/reply-payload.js';
import { requireTopic } from './topic.js';

export default defineCommand({
  data: {
    name: 'random',
    description: 'A random paper from the digest',
    options: [{ type: ApplicationCommandOptionType.String, name: 'topic', description: 'Only from this topic', autocomplete: true, max_length: 100 }],
  },
  options: z.object({ topic: z.string().optional() }),
  execute(context, options) {
    const topic = options.topic?.trim() ? requireTopic(context, options.topic) : undefined;
    const paper = context.library.random(context.random, topic?.id);
    if (!paper) return reply({ content: topic ? `**${escapeText(topic.name)}** has no papers yet.` : 'The digest is empty.' });
    return fitMessage(
      reply({
        content: `🎲 A random paper${topic ? ` from **${escapeText(topic.name)}**` : ''}`,
        embeds: [paperEmbed(paper, { now: context.now() })],
      }),
    );
  },
  autocomplete: (context, focused) => topicChoices(context.library, focused.value),
});
