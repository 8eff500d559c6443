import { cleanText } from '../cite/person-name.js';
import { arxivAbsUrl, paperUrl, type Paper } from '../digest/paper.js';
import { escapeText } from './markdown.js';

interface ReadingListOptions {
  /** The heading, before the count. */
  heading?: string;
}

/**
 * A Markdown reading list:
 *
 * ```markdown
 * # Reading list (2 papers)
 *
 * - [World Model on Million-Length Video …](https://huggingface.co/papers/2402.08268) · 2024-02-13 · 12 upvotes · arXiv [2402.08268](https://arxiv.org/abs/2402.08268)
 *   - Hugging Face's summary: A model trained on long videos and books …
 * - [A paper known only by title](https://huggingface.co/papers?q=…) · date unknown · upvotes unknown
 * ```
 *
 * One line per paper, in the given order; the summary line only when Hugging Face wrote one,
 * labelled as theirs. Unknown dates and upvote counts say so; a paper without an arXiv id
 * links to a Hugging Face search (`paperUrl`). Titles and summaries are one line each and
 * escaped (`escapeText`), so they can neither format nor ping, in a file or a Discord message.
 */
export function readingList(papers: readonly Paper[], { heading = 'Reading list' }: ReadingListOptions = {}): string {
  const count = `${papers.length} ${papers.length === 1 ? 'paper' : 'papers'}`;
  const lines = [`# ${inline(heading)} (${count})`, ''];
  if (papers.length === 0) lines.push('No papers.');
  for (const paper of papers) {
    const parts = [
      `[${inline(paper.title)}](${linkTarget(paperUrl(paper))})`,
      paper.publishedAt ?? 'date unknown',
      paper.upvotes === null ? 'upvotes unknown' : `${paper.upvotes} ${paper.upvotes === 1 ? 'upvote' : 'upvotes'}`,
    ];
    if (paper.arxivId) parts.push(`arXiv [${paper.arxivId}](${arxivAbsUrl(paper.arxivId)})`);
    lines.push(`- ${parts.join(' · ')}`);
    if (paper.aiSummary) lines.push(`  - Hugging Face's summary: ${inline(paper.aiSummary)}`);
  }
  return `${lines.join('\n')}\n`;
}

function inline(text: string): string {
  return escapeText(cleanText(text));
}

/** `encodeURIComponent` leaves parentheses, which would end a Markdown link early. */
function linkTarget(url: string): string {
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29');
}
