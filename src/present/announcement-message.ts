import type { Paper } from '../digest/paper.js';
import { fitMessage } from './fit-message.js';
import { formatShortDay } from './format-date.js';
import { descriptionBudget } from './paging.js';
import { paperEmbed } from './paper-embed.js';
import { reply, type ReplyPayload } from './reply-payload.js';
import { withSaveButtons } from './save-buttons.js';

/**
 * One announcement post: "3 new papers · Nov 27", then the papers (oldest first), each card
 * numbered in its footer ("2 of 3") like its Save button ("Save 2"); a single paper has one
 * plain "Save". Within Discord's limits.
 */
export function announcementMessage(papers: readonly Paper[], now: Date): ReplyPayload {
  const budget = descriptionBudget(papers.length);
  const message = fitMessage(
    reply({
      content: `📰 ${papers.length} new paper${papers.length === 1 ? '' : 's'} · ${formatShortDay(now)}`,
      embeds: papers.map((paper, i) =>
        paperEmbed(paper, {
          now,
          maxDescription: Math.min(budget, 700),
          detailed: true,
          ...(papers.length > 1 ? { position: { index: i + 1, total: papers.length } } : {}),
        }),
      ),
    }),
  );
  return withSaveButtons(message, papers.slice(0, message.embeds.length));
}
