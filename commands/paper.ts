import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { defineCommand, UserError } from '../src/command/command.js';
import { compactPaperEmbed } from '../src/present/compact-paper-embed.js';
import { LIMITS, truncate } from '../src/present/discord-limits.js';
import { fitMessage } from '../src/present/fit-message.js';
import { escapeText, toInlineCode } from '../src/present/markdown.js';
import { paperCard } from '../src/present/paper-card.js';
import { reply } from '../src/present/reply-payload.js';

const SIMILAR_ID = /^paper:similar:([\w.]{1,40})$/;
const SIMILAR_COUNT = 5;

export default defineCommand({
  data: {
    name: 'paper',
    description: 'Show one paper in full: the whole abstract, every link, similar papers',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'title',
        description: 'Start typing a title (typos are fine)',
        required: true,
        autocomplete: true,
        max_length: 300,
      },
    ],
  },
  options: z.object({ title: z.string() }),
  execute(context, { title }) {
    const { library } = context;
    // Autocomplete sends the paper's key; a title typed without picking is looked up.
    const paper = library.get(title) ?? library.suggestTitles(title, 1)[0];
    if (!paper) throw new UserError(`No paper matches ${toInlineCode(title.slice(0, 80))}. Pick one from the suggestions as you type.`);
    return paperCard(paper, library.topicsOf(paper), context.now(), `paper:similar:${library.shortId(paper)}`);
  },
  autocomplete(context, focused) {
    const { library } = context;
    const papers = focused.value.trim() === '' ? library.latest(LIMITS.autocompleteChoices) : library.suggestTitles(focused.value, LIMITS.autocompleteChoices);
    return papers
      .filter((paper) => paper.key.length <= LIMITS.choiceValue)
      .map((paper) => ({ name: truncate(paper.title, LIMITS.choiceName), value: paper.key }));
  },
  button(context, customId) {
    const id = SIMILAR_ID.exec(customId)?.[1];
    const paper = id === undefined ? undefined : context.library.getByShortId(id);
    if (!paper) throw new UserError('That paper is no longer in the digest.');
    const similar = context.library.similar(paper, SIMILAR_COUNT);
    return fitMessage(
      reply({
        ephemeral: true,
        content: similar.length > 0 ? `📎 Papers similar to **${escapeText(truncate(paper.title, 200))}**` : 'No similar papers in the digest yet.',
        embeds: similar.map((other) => compactPaperEmbed(other)),
      }),
    );
  },
});
