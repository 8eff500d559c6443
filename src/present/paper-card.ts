import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import { arxivAbsUrl, paperUrl, type Paper } from '../digest/paper.js';
import type { Topic } from '../library/topics.js';
import { LIMITS, truncate } from './discord-limits.js';
import { fitMessage } from './fit-message.js';
import { escapeText } from './markdown.js';
import { codeLinkText, paperEmbed, PAPER_COLOR } from './paper-embed.js';
import { reply, type ReplyPayload } from './reply-payload.js';
import { saveButton } from './save-buttons.js';
import { splitSentences } from '../library/sentences.js';

/**
 * The full card of one paper: the whole abstract (continued over further embeds when it is
 * longer than one description), every link, its topics, a "Similar papers" button and a 🔖 Save button.
 */
export function paperCard(paper: Paper, topics: readonly Topic[], now: Date, similarButtonId: string): ReplyPayload {
  const [first = '', ...rest] = chunkAbstract(escapeText(paper.abstract), LIMITS.embedDescription);
  const main = paperEmbed(paper, { now, maxDescription: LIMITS.embedDescription, detailed: true });
  main.description = first;
  // The card's Links hold arXiv and code; its Authors field names them, so the list entry's
  // inline author count would be a second "Authors" field.
  const named = (paper.authors?.length ?? 0) > 0;
  const replaced = new Set(['Code', 'arXiv', ...(named ? ['Authors'] : [])]);
  main.fields = [...(main.fields ?? []).filter((field) => !replaced.has(field.name)), ...extraFields(paper, topics)];
  const continuation: APIEmbed[] = rest.map((text) => ({ description: text, color: PAPER_COLOR }));
  return fitMessage(
    reply({
      embeds: [main, ...continuation],
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Similar papers', custom_id: similarButtonId },
            { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Open on Hugging Face', url: paperUrl(paper) },
            saveButton(paper),
          ],
        },
      ],
    }),
  );
}

function extraFields(paper: Paper, topics: readonly Topic[]) {
  const links = [
    `[Hugging Face](${paperUrl(paper)})`,
    ...(paper.arxivId ? [`[arXiv](${arxivAbsUrl(paper.arxivId)})`, `[PDF](https://arxiv.org/pdf/${paper.arxivId})`] : []),
    ...paper.links.map((link) =>
      link.kind === 'code' ? `Code: ${codeLinkText(link.url, paper.githubStars)}` : `${link.kind === 'dataset' ? 'Dataset' : 'Project'}: ${link.url}`,
    ),
  ];
  const fields = [{ name: 'Links', value: truncate(links.join('\n'), LIMITS.fieldValue) }];
  if (paper.authors && paper.authors.length > 0) fields.push({ name: 'Authors', value: truncate(authorLine(paper.authors), LIMITS.fieldValue) });
  if (topics.length > 0) fields.push({ name: 'Topics', value: truncate(topics.map((topic) => escapeText(topic.name)).join(' · '), LIMITS.fieldValue) });
  if (paper.keywords.length > 0) fields.push({ name: 'Keywords', value: truncate(paper.keywords.map(escapeText).join(', '), LIMITS.fieldValue) });
  return fields;
}

/** "Hao Liu, Wilson Yan, Matei Zaharia and 1 more": names as the digest has them. */
function authorLine(authors: readonly string[]): string {
  const shown = authors.slice(0, 6).map(escapeText).join(', ');
  return authors.length > 6 ? `${shown} and ${authors.length - 6} more` : shown;
}

/** Splits text at sentence boundaries into pieces of at most `max` characters. */
function chunkAbstract(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const sentence of splitSentences(text)) {
    const piece = sentence.length > max ? truncate(sentence, max) : sentence;
    if (current && current.length + 1 + piece.length > max) {
      chunks.push(current);
      current = piece;
    } else current = current ? `${current} ${piece}` : piece;
  }
  if (current) chunks.push(current);
  return chunks;
}
