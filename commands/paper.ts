import { defineCommand, UserError } from '../src/interactions/command.js';
import { textOption } from '../src/interactions/options.js';
import { findPaper, paperChoices } from '../src/interactions/paper-choices.js';
import { compactPaperEmbed } from '../src/present/compact-paper-embed.js';
import { encodeCustomId } from '../src/present/custom-id.js';
import { truncate } from '../src/present/discord-limits.js';
import { fitMessage } from '../src/present/fit-message.js';
import { escapeText, toInlineCode } from '../src/present/markdown.js';
import { paperCard } from '../src/present/paper-card.js';
import { reply } from '../src/present/reply-payload.js';
import { withSaveButtons } from '../src/present/save-buttons.js';

const SIMILAR_COUNT = 5;

export default defineCommand({
  name: 'paper',
  description: 'Show one paper in full: the whole abstract, every link, similar papers',
  options: { title: textOption('Start typing a title (typos are fine)', { required: true, maxLength: 300, autocomplete: true }) },
  async execute(context, { title }) {
    // Autocomplete sends the paper's key; a title typed without picking is looked up.
    const details = await findPaper(context, title);
    if (!details) throw new UserError(`No paper matches ${toInlineCode(title.slice(0, 80))}. Pick one from the suggestions as you type.`);
    // A short id is at most 17 characters: the id always fits.
    const similarId = encodeCustomId({ command: 'paper', button: 'similar', fields: [details.shortId] }) as string;
    return paperCard(details.paper, details.topics, context.now(), similarId);
  },
  autocomplete: (context, focused) => paperChoices(context, focused.value),
  buttons: {
    similar: {
      reply: 'private',
      async run(context, [shortId = '']) {
        const found = await context.library.similar(shortId, SIMILAR_COUNT);
        if (!found) throw new UserError('That paper is no longer in the digest.');
        const message = fitMessage(
          reply({
            ephemeral: true,
            content:
              found.similar.length > 0 ? `📎 Papers similar to **${escapeText(truncate(found.paper.title, 200))}**` : 'No similar papers in the digest yet.',
            embeds: found.similar.map((other, i) => compactPaperEmbed(other, found.similar.length > 1 ? i + 1 : undefined)),
          }),
        );
        return withSaveButtons(message, found.similar.slice(0, message.embeds.length));
      },
    },
  },
});
