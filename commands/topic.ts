import { defineCommand, UserError, type CommandContext } from '../src/interactions/command.js';
import { textOption } from '../src/interactions/options.js';
import { requireTopic } from '../src/interactions/require-topic.js';
import { topicChoices } from '../src/interactions/topic-choices.js';
import type { Topic } from '../src/library/topics.js';
import { encodeCustomId } from '../src/present/custom-id.js';
import { fitMessage } from '../src/present/fit-message.js';
import { escapeText } from '../src/present/markdown.js';
import { descriptionBudget, pageButtons } from '../src/present/paging.js';
import { paperEmbed } from '../src/present/paper-embed.js';
import { nothingFound, reply, type ReplyPayload } from '../src/present/reply-payload.js';
import { withSaveButtons } from '../src/present/save-buttons.js';

const PAGE_SIZE = 5;

async function topicPage(context: CommandContext, topic: Topic, pageNumber: number): Promise<ReplyPayload> {
  const result = await context.library.topicPage(topic.id, pageNumber, PAGE_SIZE);
  const page = result?.page;
  if (!page || page.total === 0) return nothingFound({ content: `📚 **${escapeText(topic.name)}** has no papers yet.` });
  const budget = descriptionBudget(page.items.length);
  const message = fitMessage(
    reply({
      content: `📚 **${escapeText(topic.name)}** · ${page.total} papers, newest first${page.pageCount > 1 ? ` · page ${page.page} of ${page.pageCount}` : ''}\n${escapeText(topic.description)}`,
      embeds: page.items.map((paper, i) =>
        paperEmbed(paper, { now: context.now(), position: { index: page.firstPosition + i, total: page.total }, maxDescription: budget }),
      ),
      // Topic ids are at most 40 characters, so the id always fits.
      components: pageButtons(page, (target) => encodeCustomId({ command: 'topic', button: 'page', fields: [String(target), topic.id] }) as string),
    }),
  );
  const shown = page.items.slice(0, message.embeds.length);
  return withSaveButtons(
    message,
    shown,
    shown.map((_, i) => page.firstPosition + i),
  );
}

export default defineCommand({
  name: 'topic',
  description: 'Browse the papers of a topic, newest first',
  options: { name: textOption('The topic', { required: true, maxLength: 100, autocomplete: true }) },
  execute: async (context, { name }) => topicPage(context, await requireTopic(context, name), 1),
  autocomplete: (context, focused) => topicChoices(context, focused.value),
  buttons: {
    page: {
      reply: 'update',
      async run(context, [page = '', topicId = '']) {
        if (!/^\d{1,4}$/.test(page)) throw new UserError('This button is no longer valid. Run `/topic` again.');
        return topicPage(context, await requireTopic(context, topicId), Number(page));
      },
    },
  },
});
