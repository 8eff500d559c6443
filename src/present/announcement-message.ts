import type { Paper } from '../digest/paper.js';
import { fitMessage } from './fit-message.js';
import { formatShortDay } from './format-date.js';
import { descriptionBudget } from './paging.js';
import { paperEmbed } from './paper-embed.js';
import { reply, type ReplyPayload } from './reply-payload.js';

/** One announcement post: "3 new papers · Nov 27", then the papers (oldest first), within Discord's limits. */
export function announcementMessage(papers: readonly Paper[], now: Date): ReplyPayload {
  const budget = descriptionBudget(papers.length);
  return fitMessage(
    reply({
      content: `📰 ${papers.length} new paper${papers.length === 1 ? '' : 's'} · ${formatShortDay(now)}`,
      embeds: papers.map((paper) => paperEmbed(paper, { now, maxDescription: Math.min(budget, 700), detailed: true })),
    }),
  );
}
