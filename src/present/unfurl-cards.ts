import type { APIEmbed } from 'discord.js';
import type { FoundPaper } from '../unfurl/look-up-papers.js';
import { compactPaperEmbed } from './compact-paper-embed.js';
import { fitMessage } from './fit-message.js';
import { abstractText } from './paper-embed.js';
import { reply, type ReplyPayload } from './reply-payload.js';
import { withSaveButtons } from './save-buttons.js';

/** Cards per unfurl reply: enough for a message that compares papers, few enough not to bury the discussion. */
export const MAX_UNFURL_CARDS = 3;
/** Characters of abstract on a card: a glimpse; /paper shows the whole. */
const ABSTRACT_CHARS = 300;

/**
 * The reply to a message with paper links: a compact card per paper (title linked to Hugging
 * Face; date, upvotes, organization, arXiv id; the start of the abstract) and a Save button
 * each, numbered alike ("[2] Title", "Save 2") when there are several. The footer says whether the paper is in the digest ("not in the digest" for one
 * found on Hugging Face). `moreLinks` counts the links left out: the content points to
 * /paper and Find papers for them.
 */
export function unfurlCards(found: readonly FoundPaper[], moreLinks = 0): ReplyPayload {
  const shown = found.slice(0, MAX_UNFURL_CARDS);
  const more = moreLinks + found.length - shown.length;
  const message = fitMessage(
    reply({
      ...(more > 0 ? { content: `+${more} more link${more === 1 ? '' : 's'}: \`/paper\`, or right-click the message → Apps → Find papers` } : {}),
      embeds: shown.map((found, i) => unfurlCard(found, shown.length > 1 ? i + 1 : undefined)),
    }),
  );
  return withSaveButtons(
    message,
    shown.slice(0, message.embeds.length).map(({ paper }) => paper),
  );
}

/** A card; `number` ("[2] Title") matches its "Save 2" when the reply has several. */
function unfurlCard({ paper, inDigest }: FoundPaper, number: number | undefined): APIEmbed {
  const card = compactPaperEmbed(paper, number);
  const glimpse = abstractText(paper.abstract, [], ABSTRACT_CHARS);
  return {
    ...card,
    description: [card.description, glimpse].filter(Boolean).join('\n'),
    footer: { text: inDigest ? 'In the digest · /paper shows it in full' : 'Not in the digest · from Hugging Face' },
  };
}
