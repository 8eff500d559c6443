import { paperUrl, type Paper } from '../digest/paper.js';
import { LIMITS, truncate } from './discord-limits.js';
import { fitMessage } from './fit-message.js';
import { escapeText } from './markdown.js';
import { PAPER_COLOR } from './paper-embed.js';
import { nothingFound, reply, type ReplyPayload } from './reply-payload.js';
import { upvoteBar } from './upvote-bar.js';
import { formatDay } from './format-date.js';

interface TrendingView {
  papers: readonly Paper[];
  /** Papers published in the window, of which `papers` are the most upvoted. */
  total: number;
  days: number;
  /** The window's first and last day, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** The window ends at the newest paper, not today: nothing was published in the last `days` days. */
  shifted: boolean;
  topicName: string | null;
}

const TITLE_MAX = 90;

const shortDay = (day: string) => formatDay(day);

/** Parentheses end a markdown link early; the Hugging Face search URL of an id-less paper may hold them. */
function linkUrl(paper: Paper): string {
  return paperUrl(paper).replace(/\(/g, '%28').replace(/\)/g, '%29');
}

function line(paper: Paper, rank: number, max: number): string {
  const title = escapeText(truncate(paper.title.replace(/\s+/g, ' '), TITLE_MAX));
  const facts = [paper.publishedAt ? shortDay(paper.publishedAt) : null, paper.organization ? escapeText(truncate(paper.organization.name, 40)) : null];
  return `**${rank}.** ${upvoteBar(paper.upvotes, max)} · [${title}](${linkUrl(paper)})${facts
    .filter(Boolean)
    .map((fact) => ` · ${fact}`)
    .join('')}`;
}

/**
 * The /trending reply: the most upvoted papers of the window, one line each with a small
 * upvotes bar (scaled to the first), in one embed. Lines that would not fit Discord's
 * description limit are left out and counted.
 */
export function trendingMessage(view: TrendingView): ReplyPayload {
  const where = view.topicName === null ? '' : ` in **${escapeText(view.topicName)}**`;
  const span = view.from === view.to ? shortDay(view.to) : `${shortDay(view.from)} – ${shortDay(view.to)}`;
  const window = `${view.days === 1 ? 'day' : `${view.days} days`}`;
  if (view.papers.length === 0) {
    return nothingFound({ content: `🔥 No papers${where} were published in the last ${window} (${span}).` });
  }
  const header = view.shifted
    ? `🔥 Nothing${where} was published in the last ${window}; trending ${view.days === 1 ? 'on the day of' : `in the ${window} up to`} the newest paper instead (${span})`
    : `🔥 Trending${where} · the last ${window} (${span})`;
  const max = Math.max(0, ...view.papers.map((paper) => paper.upvotes ?? 0));
  const lines: string[] = [];
  let length = 0;
  for (const [index, paper] of view.papers.entries()) {
    const text = line(paper, index + 1, max);
    // Room is kept for the "+N more" line.
    if (length + text.length + 1 > LIMITS.embedDescription - 40) break;
    lines.push(text);
    length += text.length + 1;
  }
  const more = view.total - lines.length;
  const footer = `Most upvoted first, ties by newest · ${view.total} paper${view.total === 1 ? '' : 's'} published in these days`;
  return fitMessage(
    reply({
      content: header,
      embeds: [
        {
          color: PAPER_COLOR,
          description: [...lines, ...(more > 0 ? [`_…and ${more} more_`] : [])].join('\n'),
          footer: { text: footer },
        },
      ],
    }),
  );
}
