import type { DigestStats } from '../library/digest-stats.js';
import { chartAltText, formatStatsDay } from './chart-alt-text.js';
import { LIMITS, truncate } from './discord-limits.js';
import { fitMessage } from './fit-message.js';
import { escapeText } from './markdown.js';
import { PAPER_COLOR } from './paper-embed.js';
import { nothingFound, reply, type ReplyPayload } from './reply-payload.js';

const STATS_FILE = 'stats.png';

/** Embed footers show text as it is (no markdown), on one line per fact; a title must still not read as a mass mention. */
function plainLine(text: string): string {
  return text.replace(/[\u0000-\u001F\u007F]/g, ' ').replace(/@(everyone|here)/gi, '@\u200b$1');
}

/**
 * The short summary shown under the picture: papers and days, the busiest period and the
 * most upvoted paper, from `DigestStats.summary`.
 */
function statsSummary(stats: DigestStats): string {
  const { summary } = stats;
  const days = summary.firstDay && summary.lastDay ? ` from ${formatStatsDay(summary.firstDay)} to ${formatStatsDay(summary.lastDay)}` : '';
  const lines = [
    `${summary.total.toLocaleString('en-US')} paper${summary.total === 1 ? '' : 's'}${days}${stats.undated > 0 ? ` (${stats.undated} undated)` : ''}.`,
  ];
  if (summary.busiestPeriod) lines.push(`Busiest ${stats.unit}: ${summary.busiestPeriod.label} (${summary.busiestPeriod.count.toLocaleString('en-US')}).`);
  if (summary.mostUpvoted) {
    const { title, upvotes } = summary.mostUpvoted;
    lines.push(`Most upvoted: ${plainLine(truncate(title, 120))} (${upvotes.toLocaleString('en-US')} upvote${upvotes === 1 ? '' : 's'}).`);
  }
  return lines.join('\n');
}

/**
 * The /stats reply: the picture (its alt text says what it shows) in an embed, with the
 * summary in the embed's footer, under the picture. No papers: a sentence, no picture.
 */
export function statsMessage(stats: DigestStats, png: Uint8Array): ReplyPayload {
  const title = escapeText(stats.title);
  if (stats.summary.total === 0) return nothingFound({ content: `📊 **${title}**: no papers to count.` });
  return fitMessage(
    reply({
      content: `📊 **${title}**`,
      embeds: [{ color: PAPER_COLOR, image: { url: `attachment://${STATS_FILE}` }, footer: { text: truncate(statsSummary(stats), LIMITS.footerText) } }],
      files: [{ name: STATS_FILE, data: png, description: chartAltText(stats) }],
    }),
  );
}
