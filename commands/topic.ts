import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { defineCommand, UserError, type CommandContext } from '../src/command/command.js';
import { topicChoices } from '../src/command/topic-choices.js';
import type { Topic } from '../src/library/topics.js';
import { fitMessage } from '../src/present/fit-message.js';
import { escapeText, toInlineCode } from '../src/present/markdown.js';
import { descriptionBudget, pageButtons, paginate } from '../src/present/paging.js';
import { paperEmbed } from '../src/present/paper-embed.js';
import { reply, type ReplyPayload } from '../src/present/reply-payload.js';

const PAGE_SIZE = 5;
// topic:<page>:<topic id>; topic ids are at most 40 characters.
const PAGE_ID = /^topic:(\d{1,4}):([a-z0-9-]{1,40})$/;

function topicPage(context: CommandContext, topic: Topic, pageNumber: number): ReplyPayload {
  const papers = context.library.papersInTopic(topic.id);
  if (papers.length === 0) return reply({ content: `📚 **${escapeText(topic.name)}** has no papers yet.` });
  const page = paginate(papers, pageNumber, PAGE_SIZE);
  const budget = descriptionBudget(page.items.length);
  return fitMessage(
    reply({
      content: `📚 **${escapeText(topic.name)}** · ${page.total} papers, newest first${page.pageCount > 1 ? ` · page ${page.page} of ${page.pageCount}` : ''}\n${escapeText(topic.description)}`,
      embeds: page.items.map((paper, i) =>
        paperEmbed(paper, { now: context.now(), position: { index: page.firstPosition + i, total: page.total }, maxDescription: budget }),
      ),
      components: pageButtons(page, (target) => `topic:${target}:${topic.id}`),
    }),
  );
}

export function requireTopic(context: CommandContext, input: string): Topic {
  const topic = context.library.findTopic(input);
  if (!topic) {
    const names = context.library.topics.map((t) => t.name).join(', ');
    throw new UserError(`There is no topic ${toInlineCode(input.slice(0, 60))}. Topics: ${escapeText(names)}.`);
  }
  return topic;
}

export default defineCommand({
  data: {
    name: 'topic',
    description: 'Browse the papers of a topic, newest first',
    options: [{ type: ApplicationCommandOptionType.String, name: 'name', description: 'The topic', required: true, autocomplete: true, max_length: 100 }],
  },
  options: z.object({ name: z.string() }),
  execute: (context, { name }) => topicPage(context, requireTopic(context, name), 1),
  autocomplete: (context, focused) => topicChoices(context.library, focused.value),
  button(context, customId) {
    const match = PAGE_ID.exec(customId);
    if (!match) throw new UserError('This button is no longer valid. Run `/topic` again.');
    return topicPage(context, requireTopic(context, match[2] as string), Number(match[1]));
  },
});
