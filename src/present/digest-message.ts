import type { Paper } from '../digest/paper.js';
import { periodLabel, periodNoun, type DigestPeriod } from '../time/digest-period.js';
import { compactPaperEmbed } from './compact-paper-embed.js';
import { fitMessage } from './fit-message.js';
import { escapeText } from './markdown.js';
import { reply, type Attachment, type ReplyPayload } from './reply-payload.js';
import { withSaveButtons } from './save-buttons.js';
import { formatDay } from './format-date.js';

export interface DigestView {
  period: Pick<DigestPeriod, 'schedule' | 'start'>;
  /** What the subscription follows: "Sparse attention · kv cache"; null for every paper. */
  subject: string | null;
  /** The period's top papers, most upvoted first (at most 10). */
  papers: readonly Paper[];
  /** Papers of the period in the subscription's scope. */
  total: number;
  /** True when the counts were fetched again just before the post. */
  countsCurrent: boolean;
  /** The day the counts were read, when not current (the oldest among the papers shown); null when unknown. */
  countsAsOf: string | null;
  chart: Attachment | null;
}

/**
 * A scheduled digest post: "🗓️ Top 5 papers · week of Nov 23 · Sparse attention", how many
 * papers the period had, a note when upvote counts may be stale, the papers as compact
 * cards ranked [1]…[n] with "Save 1"…"Save n" (two rows at most), and the period's chart attached.
 */
export function digestMessage(view: DigestView): ReplyPayload {
  const count = view.papers.length;
  const subject = view.subject === null ? 'all papers' : escapeText(view.subject);
  const noun = periodNoun(view.period.schedule);
  const lines = [
    `🗓️ Top ${count === 1 ? 'paper' : `${count} papers`} · ${periodLabel(view.period)} · ${subject}`,
    `${count === view.total ? `All ${view.total}` : `${count} of ${view.total}`} paper${view.total === 1 ? '' : 's'} published this ${noun}, most upvoted first.`,
  ];
  if (!view.countsCurrent) {
    const asOf = view.countsAsOf === null ? 'when each paper was listed' : formatDay(view.countsAsOf);
    lines.push(`_Upvote counts as of ${asOf}; they may have grown since._`);
  }
  const shown = view.papers.slice(0, 10);
  const message = fitMessage(
    reply({
      content: lines.join('\n'),
      embeds: shown.map((paper, index) => compactPaperEmbed(paper, index + 1)),
      files: view.chart ? [view.chart] : [],
    }),
  );
  const kept = shown.slice(0, message.embeds.length);
  return withSaveButtons(
    message,
    kept,
    kept.map((_, index) => index + 1),
  );
}
