import type { Answer } from '../library/answer-question.js';
import type { WrittenAnswer } from '../llm/write-answer.js';
import { compactPaperEmbed } from './compact-paper-embed.js';
import { LIMITS, truncate } from './discord-limits.js';
import { fitMessage } from './fit-message.js';
import { formatDay } from './format-date.js';
import { escapeText, toInlineCode } from './markdown.js';
import { PAPER_COLOR } from './paper-embed.js';
import { nothingFound, reply, type ReplyPayload } from './reply-payload.js';
import { withSaveButtons } from './save-buttons.js';

/**
 * An answer as a message: the question, the quoted sentences with their [n] citations, and
 * the cited papers as compact embeds, [1] first, each with a Save button ("Save 1" for [1]).
 * A model-written answer comes with the sentences it cites, quoted under it with their [n], so
 * a reader can check it against them, and the papers it cites. When unsure, it
 * says so first and quotes the closest papers the same way. When the digest has nothing on
 * the question, it says so (and, for a time after its newest paper, where the digest ends).
 */
export function answerMessage(answer: Answer, written?: WrittenAnswer): ReplyPayload {
  const question = `❓ ${toInlineCode(truncate(answer.question.text, 200))}`;
  if (answer.status === 'not-found') {
    const ends = answer.digestEnds ? ` The digest's newest paper is from ${formatDay(answer.digestEnds)}.` : '';
    return nothingFound({ content: `${question}\nNothing in the digest covers this.${ends} Try \`/search\` with a few key words.` });
  }
  const unsure = answer.status === 'unsure';
  const citations = written ? written.citations : [...new Set([...answer.parts.map((part) => part.citation), ...range(answer.citedCount)])];
  const body = written ? escapeText(written.text) : answer.parts.map((part) => `“${escapeText(part.text)}” [${part.citation}]`).join('\n');
  const cited = citations
    .sort((a, b) => a - b)
    .flatMap((citation) => {
      const paper = answer.sources[citation - 1];
      return paper ? [{ paper, citation }] : [];
    })
    .slice(0, LIMITS.embedsPerMessage - 1);
  const papers = cited.map(({ paper, citation }) => compactPaperEmbed(paper, citation));
  const message = fitMessage(
    reply({
      content: unsure ? `${question}\n🤔 Not sure: these look closest in the digest.` : question,
      embeds: [
        {
          title: written ? 'Answer (written by a model from these sources)' : unsure ? 'Closest papers (not a sure answer)' : 'From the digest',
          description: truncate(body, LIMITS.embedDescription),
          color: PAPER_COLOR,
          ...(written ? { fields: quotedEvidence(answer, written) } : {}),
        },
        ...papers,
      ],
    }),
  );
  const shown = cited.slice(0, Math.max(0, message.embeds.length - 1));
  return withSaveButtons(
    message,
    shown.map(({ paper }) => paper),
    shown.map(({ citation }) => citation),
  );
}

/**
 * The excerpts a model answer cites, one field per citation: "Quoted from [n]", then each of
 * its sentences the model was given, as “…” [n]. Fields keep their start when fitMessage
 * shortens a message, so every cited number keeps a visible quote.
 */
function quotedEvidence(answer: Answer, written: WrittenAnswer): { name: string; value: string }[] {
  return [...written.citations]
    .sort((a, b) => a - b)
    .flatMap((citation) => {
      const quotes = answer.evidence.filter((part) => part.citation === citation).map((part) => `“${escapeText(part.text)}” [${citation}]`);
      return quotes.length === 0 ? [] : [{ name: `Quoted from [${citation}]`, value: truncate(quotes.join('\n'), LIMITS.fieldValue) }];
    })
    .slice(0, LIMITS.embedFields);
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index + 1);
}
