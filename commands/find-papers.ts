import { defineMessageCommand } from '../src/interactions/command.js';
import { compactPaperEmbed } from '../src/present/compact-paper-embed.js';
import { fitMessage } from '../src/present/fit-message.js';
import { escapeText } from '../src/present/markdown.js';
import { nothingFound, notice, reply } from '../src/present/reply-payload.js';
import { withSaveButtons } from '../src/present/save-buttons.js';

const KEY_TERMS = 8;
const RESULTS = 5;

/**
 * Message context menu: right-click a message → Apps → Find papers. Takes the message's
 * most specific words (rare in the digest; chatter and unknown words dropped) and privately
 * shows the papers that match them best.
 */
export default defineMessageCommand({
  name: 'Find papers',
  visibility: 'private',
  async execute(context, message) {
    const terms = await context.library.keyTerms(message.slice(0, 4000), KEY_TERMS);
    if (terms.length === 0) return notice("That message doesn't mention anything I can find papers about.");
    const words = terms.map((term) => `**${escapeText(term)}**`).join(', ');
    const { page } = await context.library.searchPage({ query: terms.join(' '), sort: 'relevance', since: null, page: 1, pageSize: RESULTS });
    if (page.total === 0) return nothingFound({ content: `No papers match ${words}.`, ephemeral: true });
    const papers = fitMessage(
      reply({
        ephemeral: true,
        content: `📄 Papers about ${words}`,
        embeds: page.items.map((hit, i) => compactPaperEmbed(hit.paper, page.items.length > 1 ? i + 1 : undefined)),
      }),
    );
    return withSaveButtons(
      papers,
      page.items.slice(0, papers.embeds.length).map((hit) => hit.paper),
    );
  },
});
