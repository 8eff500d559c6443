const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const SHORT_DAY = '(?:mon|tue|wed|thu|fri|sat|sun)';
const LONG_DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

/** `Sun, 06 Nov 1994 08:49:37 GMT`: the form servers must send. */
const IMF_FIXDATE = new RegExp(`^${SHORT_DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`, 'i');
/** `Sunday, 06-Nov-94 08:49:37 GMT`: obsolete, two-digit year. */
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, 'i');
/** `Sun Nov  6 08:49:37 1994`: obsolete C asctime(), day padded with a space. */
const ASCTIME = new RegExp(`^${SHORT_DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`, 'i');

/** Delays beyond this come back as this: the caller clamps to its own ceiling anyway. */
const LONGEST_MS = Number.MAX_SAFE_INTEGER;

/**
 * Milliseconds to wait, read from a `Retry-After` header in either RFC 9110 form:
 * delay-seconds (`120`) or an HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime
 * forms recipients must still accept). A date in the past means 0. Anything else (empty,
 * negative, fractional, a date that does not exist) is null: the caller then backs off on
 * its own. Month and day names are matched case-insensitively; the day name is not checked
 * against the date, as a wrong weekday does not make the moment ambiguous.
 */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, LONGEST_MS);
  const at = parseHttpDate(text, now);
  return at === null ? null : Math.max(0, at - now.getTime());
}

/** The instant an HTTP-date names, in epoch milliseconds, or null. */
function parseHttpDate(text: string, now: Date): number | null {
  let match = IMF_FIXDATE.exec(text);
  if (match) return utc(Number(match[3]), match[2], match[1], match.slice(4, 7));
  match = RFC_850.exec(text);
  if (match) return utc(fullYear(Number(match[3]), now), match[2], match[1], match.slice(4, 7));
  match = ASCTIME.exec(text);
  if (match) return utc(Number(match[6]), match[1], match[2], match.slice(3, 6));
  return null;
}

/**
 * RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is the most recent
 * past year with those two digits.
 */
function fullYear(twoDigits: number, now: Date): number {
  const thisYear = now.getUTCFullYear();
  let year = thisYear - (thisYear % 100) + twoDigits;
  if (year > thisYear + 50) year -= 100;
  return year;
}

function utc(year: number, monthName: string | undefined, dayText: string | undefined, time: (string | undefined)[]): number | null {
  const month = MONTHS.indexOf(String(monthName).toLowerCase());
  const day = Number(String(dayText).trim());
  const [hours, minutes, seconds] = time.map(Number) as [number, number, number];
  // 60 is a leap second: it reads as the first second of the next minute.
  if (hours > 23 || minutes > 59 || seconds > 60) return null;
  const midnight = new Date(0);
  midnight.setUTCFullYear(year, month, day);
  // 31 Feb would roll over into March: a day that does not exist is garbage, not a guess.
  if (midnight.getUTCDate() !== day || midnight.getUTCMonth() !== month) return null;
  return midnight.getTime() + ((hours * 60 + minutes) * 60 + seconds) * 1000;
}
