import { utc } from '@date-fns/utc';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import type { DigestStats, NamedCount, PeriodCount } from '../library/digest-stats.js';
import { truncate } from './discord-limits.js';

/** Discord's limit on an attachment's description (its alt text). */
const ALT_TEXT_MAX = 1024;

/** "1 Apr 2021". */
export function formatStatsDay(day: string): string {
  return format(parseISO(day, { in: utc }), 'd MMM yyyy', { in: utc });
}

const UNIT_PLURAL = { week: 'week', month: 'month', year: 'year' } as const;

function ranked(entries: readonly NamedCount[]): string {
  return entries.map((entry) => `${entry.name} ${entry.count.toLocaleString('en-US')}`).join(', ');
}

function peak(period: PeriodCount | null): string {
  return period === null ? '' : `, most in ${period.label} (${period.count.toLocaleString('en-US')})`;
}

/**
 * What the stats picture shows, in words, for people who cannot see it (the attachment's
 * description, read by screen readers): the papers and their days, how many bars per
 * period, and the ranked organizations and labels with their counts. Plain text (Discord
 * does not render markdown there), at most 1024 characters.
 */
export function chartAltText(stats: DigestStats): string {
  const { summary, organizations, mix } = stats;
  if (summary.total === 0) return truncate(`${stats.title}: no papers to chart.`, ALT_TEXT_MAX);
  const days = summary.firstDay && summary.lastDay ? `, ${formatStatsDay(summary.firstDay)} to ${formatStatsDay(summary.lastDay)}` : '';
  const parts = [
    `${stats.title}: ${summary.total.toLocaleString('en-US')} paper${summary.total === 1 ? '' : 's'}${days}${stats.undated > 0 ? ` (${stats.undated} undated)` : ''}.`,
    `Papers per ${UNIT_PLURAL[stats.unit]}: ${stats.perPeriod.length} bar${stats.perPeriod.length === 1 ? '' : 's'}${peak(summary.busiestPeriod)}.`,
    organizations.top.length > 0 ? `Top organizations: ${ranked(organizations.top)}.` : 'No organizations named.',
    mix.top.length > 0 ? `${mix.title}: ${ranked(mix.top)}.` : '',
  ];
  return truncate(parts.filter(Boolean).join(' '), ALT_TEXT_MAX);
}
