import { utc } from '@date-fns/utc';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';
import { subDays } from 'date-fns/subDays';
import { subMonths } from 'date-fns/subMonths';
import { subWeeks } from 'date-fns/subWeeks';
import { subYears } from 'date-fns/subYears';

const ABSOLUTE_FORMATS = ['yyyy-MM-dd', 'yyyy-MM', 'yyyy', 'MMM d, yyyy', 'MMM d yyyy', 'MMMM d, yyyy', 'MMM yyyy', 'MMMM yyyy', 'd MMM yyyy'];
const RELATIVE = /^(\d{1,4})\s*(d|days?|w|weeks?|m|mo|months?|y|years?)(?:\s+ago)?$/i;
/** Days are UTC days, as /stats, the feed and the import count them, whatever the server's time zone. */
const IN_UTC = { in: utc };

/** `now` moved back `amount` days, weeks, months or years in UTC, by the unit's first letter (`m`, `mo`, `months`: months). */
export function countBack(now: Date, amount: number, unit: string): Date {
  const letter = unit.toLowerCase()[0];
  if (letter === 'd') return subDays(now, amount, IN_UTC);
  if (letter === 'w') return subWeeks(now, amount, IN_UTC);
  if (letter === 'y') return subYears(now, amount, IN_UTC);
  return subMonths(now, amount, IN_UTC);
}

/**
 * Parses a `since:` value into a `YYYY-MM-DD` day: absolute dates ("2025-01-31", "2025-01",
 * "2024", "Jan 2025", "Oct 2, 2024") or relative ones ("30d", "6 months", "1 year ago"),
 * counted back from `now`'s UTC day. Returns null when the text is not a date.
 */
export function parseSince(input: string, now: Date): string | null {
  const text = input.trim().replace(/\s+/g, ' ');
  if (text === '' || text.length > 40) return null;
  const relative = RELATIVE.exec(text);
  if (relative) {
    const date = countBack(now, Number(relative[1]), relative[2] as string);
    return isValid(date) ? format(date, 'yyyy-MM-dd', IN_UTC) : null;
  }
  for (const pattern of ABSOLUTE_FORMATS) {
    const date = parse(text, pattern, new Date(Date.UTC(2000, 0, 1)), IN_UTC);
    if (isValid(date) && date.getUTCFullYear() >= 1900 && date.getUTCFullYear() <= 9999) return format(date, 'yyyy-MM-dd', IN_UTC);
  }
  return null;
}
