import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import { parseISO } from 'date-fns/parseISO';

/** "Oct 2, 2024 · 2 years ago", relative to `now`; "unknown" when there is no date. */
export function formatPublished(isoDay: string | null, now: Date): string {
  if (isoDay === null) return 'unknown';
  const date = parseISO(isoDay);
  const days = differenceInCalendarDays(now, date);
  const relative = days === 0 ? 'today' : days === 1 ? 'yesterday' : formatDistanceStrict(date, now, { addSuffix: true, roundingMethod: 'floor' });
  return `${formatDay(isoDay)} · ${relative}`;
}

/** "Oct 2, 2024" for a `YYYY-MM-DD` (read as that calendar day, whatever the machine's time zone). */
export function formatDay(isoDay: string): string {
  return format(parseISO(isoDay), 'MMM d, yyyy');
}

/** "Nov 27" for headers. */
export function formatShortDay(date: Date): string {
  return format(date, 'MMM d');
}
