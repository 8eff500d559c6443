import { ApplicationCommandType } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command/command.js';
import { compactPaperEmbed } from '../src/present/compact-paper-embed.js';
import { fitMessage } from '../src/present/fit-message.js';
import { escapeText } from '../src/present/markdown.js';
import { notice, reply } from '../src/present/reply-payload.js';

const KEY_TERMS = 8;
const RESULTS = 5;

/**
 * Message context menu: right-click a message → Apps → Find papers. Takes the message's
 * most specific words (rare in the digest; chatter and unknown words dropped) and privately
 * shows the papers that match them best.
 */
export default defineCommand({
  data: { type: ApplicationCommandType.Message, name: 'Find papers' },
  options: z.object({ message: z.string().default('') }),
  execute(context, { message }) {
    const terms = context.library.keyTerms(message.slice(0, 4000), KEY_TERMS);
    if (terms.length === 0) return notice("That message doesn't mention anything I can find papers about.");
    const hits = context.library.search({ query: terms.join(' ') }).hits.slice(0, RESULTS);
    if (hits.length === 0) return notice(`No papers match ${terms.map((term) => `**${escapeText(term)}**`).join(', ')}.`);
    return fitMessage(
      reply({
        ephemeral: true,
        content: `📄 Papers about ${terms.map((term) => `**${escapeText(term)}**`).join(', ')}`,
        embeds: hits.map((hit) => compactPaperEmbed(hit.paper)),
      }),
    );
  },
});
