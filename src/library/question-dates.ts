import { utc } from '@date-fns/utc';
import { addDays } from 'date-fns/addDays';
import { addYears } from 'date-fns/addYears';
import { endOfMonth } from 'date-fns/endOfMonth';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfWeek } from 'date-fns/startOfWeek';
import { startOfYear } from 'date-fns/startOfYear';
import { subDays } from 'date-fns/subDays';
import { countBack } from './parse-since.js';

/** Every date is computed in UTC, as /stats, the feed and the import count days: never in the server's time zone. */
const IN_UTC = { in: utc };

/** Inclusive `YYYY-MM-DD` bounds a question asks papers to be published within, and the words that asked. */
interface TimeFilter {
  since: string | null;
  until: string | null;
  /** [start, end) character ranges of the question that state the filter, to leave out of its query. */
  spans: [number, number][];
}

const MONTH = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
/** "October 2024", "early Feb 2026", "May", "2024". */
const DATE = new RegExp(`\\b(?:(?:early|mid|late)[- ])?(?:(${MONTH})\\.?(?:\\s+((?:19|20)\\d\\d))?|((?:19|20)\\d\\d))\\b`, 'giu');
/** Relative spans that are always filters: nobody writes "this year" as the content of a paper. */
const RELATIVE =
  /\b(this|last|past) (year|month|week)\b|\b(?:the )?(?:last|past) (\d+) (days?|weeks?|months?|years?)\b|\b(\d+) (days?|weeks?|months?|years?) ago\b/giu;

/** Words right before a date that make it a filter: "papers from May 2024", "since May". */
const FILTER_PREPOSITIONS = new Set(['from', 'since', 'after', 'before', 'during', 'in']);
/** Prepositions that filter wherever they stand: "since" and "after" ask for newer papers. */
const TEMPORAL_PREPOSITIONS = new Set(['since', 'after', 'before']);
/** Nouns for the papers themselves: a date right after them ("a survey in July 2025") dates the paper. */
const PAPER_NOUNS = new Set(
  (
    'paper papers work works preprint preprints publication publications article articles survey surveys study studies research ' +
    'anything something stuff one ones published posted released out anyone anybody someone somebody people researchers authors'
  ).split(' '),
);
/** Words shortly before a date that make it content: "up to date as of September 2023", "covering January to March". */
const CONTENT_CUES = new Set(
  'as until till through covering cover covers spanning span between released launched held happened occurred dated updated collected cutoff knowledge won winning edition season'.split(
    ' ',
  ),
);
/** Papers are arXiv-era: a year before this is content ("FDA-approved drugs since 1939"). */
const EARLIEST_FILTER_YEAR = 2000;

/**
 * The publication window a question asks for, if it asks for one. A date filters only where
 * it dates the papers: at the start ("October 2024 paper on …", "In March 2025, did anyone
 * …"), before a paper noun ("a March 2025 paper"), after "since", "after" or "before", after
 * a paper noun ("anything from May 2024", "a survey in July 2025"), or closing the question
 * ("… from July 2025?"). A date that is part
 * of the content does not filter: "as of September 2023", "MICCAI 2025", "the 2025 BEHAVIOR
 * Challenge", "released in China in early February 2026", "covering January to March 2026".
 * `now` anchors months without a year ("since May": the latest May) and relative spans, which
 * read as people mean them: "this week / month / year" is the calendar period so far (weeks
 * start on Monday, as /stats counts them); "last week / month / year" is the whole previous
 * calendar period; "past week / month / year", "the last 3 months" and "2 weeks ago" count
 * back from `now`. Days are UTC days.
 */
export function timeFilterOf(text: string, now: Date): TimeFilter {
  const relative = RELATIVE.exec(text);
  RELATIVE.lastIndex = 0;
  if (relative) return { ...relativeBounds(relative, now), spans: [[relative.index, relative.index + relative[0].length]] };

  for (const match of text.matchAll(DATE)) {
    const start = match.index;
    const before = wordsBefore(text, start);
    const preposition = before.at(-1) ?? '';
    const year = match[2] ?? match[3];
    if (year !== undefined && Number(year) < EARLIEST_FILTER_YEAR) continue;
    // A bare month name is only a date after a preposition ("since May"), never "may" the verb.
    if (match[1] !== undefined && year === undefined && !FILTER_PREPOSITIONS.has(preposition)) continue;
    if (!isFilterPosition(text, start + match[0].length, before)) continue;
    const bounds = boundsOf(match[1], year, now);
    if (!bounds) continue;
    const spanStart = FILTER_PREPOSITIONS.has(preposition) ? text.toLowerCase().lastIndexOf(preposition, start) : start;
    const span: [number, number] = [spanStart, start + match[0].length];
    if (preposition === 'since' || preposition === 'after' || (preposition === 'from' && isFollowedByNow(text, span[1]))) {
      const since = preposition === 'after' ? dayAfter(bounds.until) : bounds.since;
      return { since, until: null, spans: [span] };
    }
    if (preposition === 'before') return { since: null, until: dayBefore(bounds.since), spans: [span] };
    return { ...bounds, spans: [span] };
  }
  return { since: null, until: null, spans: [] };
}

function isFilterPosition(text: string, end: number, before: string[]): boolean {
  const preposition = before.at(-1) ?? '';
  const hasPreposition = FILTER_PREPOSITIONS.has(preposition);
  const lead = hasPreposition ? before.slice(0, -1) : before;
  // "October 2024 paper on …", "in August 2024 was there …"
  if (lead.length === 0) return true;
  // "a March 2025 paper on …", "any 2024 survey of …"
  if (!hasPreposition && PAPER_NOUNS.has(/^\s*([\p{L}]+)/u.exec(text.slice(end))?.[1]?.toLowerCase() ?? '')) return true;
  if (!hasPreposition) return false;
  if (PAPER_NOUNS.has(lead.at(-1) ?? '')) return true;
  if (lead.slice(-4).some((word) => CONTENT_CUES.has(word))) return false;
  if (TEMPORAL_PREPOSITIONS.has(preposition)) return true;
  // "… on latent reasoning from July 2025?"
  return /^\s*[?.!]*\s*$/.test(text.slice(end));
}

function wordsBefore(text: string, index: number): string[] {
  return text
    .slice(0, index)
    .toLowerCase()
    .split(/[^\p{L}\p{N}&'-]+/u)
    .filter(Boolean)
    .filter((word) => !/^(early|mid|late)$/.test(word));
}

/** "from May 2025 on" / "from 2025 onwards" read as "since"; a plain "from 2025" is that year. */
function isFollowedByNow(text: string, end: number): boolean {
  return /^\s*(on(wards?)?|to (now|today|date))\b/i.test(text.slice(end)) && !/^\s*on\s+\p{L}/iu.test(text.slice(end));
}

function boundsOf(month: string | undefined, year: string | undefined, now: Date): { since: string; until: string } | null {
  if (month === undefined) return year === undefined ? null : { since: `${year}-01-01`, until: `${year}-12-31` };
  const first = year === undefined ? latestMonthStart(month, now) : parse(`${month.slice(0, 3)} ${year}`, 'MMM yyyy', now, IN_UTC);
  if (!first || !isValid(first)) return null;
  return { since: day(first), until: day(endOfMonth(first, IN_UTC)) };
}

/** "May" → the first day of the latest May on or before `now`. */
function latestMonthStart(month: string, now: Date): Date | null {
  const date = parse(`${month.slice(0, 3)} ${now.getUTCFullYear()}`, 'MMM yyyy', now, IN_UTC);
  if (!isValid(date)) return null;
  return date > now ? addYears(date, -1, IN_UTC) : date;
}

function relativeBounds(match: RegExpExecArray, now: Date): { since: string | null; until: string | null } {
  const [, which, unit, count, countUnit, agoCount, agoUnit] = match;
  if (which !== undefined && unit !== undefined) {
    const period = unit.toLowerCase();
    if (which.toLowerCase() === 'past') return { since: day(countBack(now, 1, period)), until: null };
    const current = startOf(now, period);
    if (which.toLowerCase() === 'this') return { since: day(current), until: null };
    // "last": the whole calendar period before this one.
    return { since: day(startOf(countBack(current, 1, period), period)), until: day(subDays(current, 1, IN_UTC)) };
  }
  const n = Number(count ?? agoCount);
  return { since: day(countBack(now, n, (countUnit ?? agoUnit ?? '').toLowerCase())), until: null };
}

/** The first day of the calendar week (from Monday), month or year that holds `date`. */
function startOf(date: Date, unit: string): Date {
  if (unit === 'week') return startOfWeek(date, { ...IN_UTC, weekStartsOn: 1 });
  if (unit === 'month') return startOfMonth(date, IN_UTC);
  return startOfYear(date, IN_UTC);
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
function day(date: Date): string {
  return format(date, 'yyyy-MM-dd', IN_UTC);
}

function dayAfter(yyyyMmDd: string): string {
  return day(addDays(parse(yyyyMmDd, 'yyyy-MM-dd', new Date(0), IN_UTC), 1, IN_UTC));
}

function dayBefore(yyyyMmDd: string): string {
  return day(subDays(parse(yyyyMmDd, 'yyyy-MM-dd', new Date(0), IN_UTC), 1, IN_UTC));
}

/**
 * Whether a paper was published within inclusive `YYYY-MM-DD` bounds: by its arXiv day; or
 * by the month of its arXiv id (2503.01234 appeared in March 2025), which differs from the
 * day's month for about 2% of papers, submitted at a month's end. The id's month counts only
 * where it can say more than the day: when the paper has no day, when that month overlaps the
 * window; when it has one, only when the window holds the whole month ("papers from November
 * 2024" includes 2411.00012 submitted on 31 October, "from the past week" does not include a
 * paper of 2 August because its id is 2608.x).
 */
export function publishedWithin(paper: { publishedAt: string | null; arxivId: string | null }, since: string | null, until: string | null): boolean {
  if (since === null && until === null) return true;
  const published = paper.publishedAt;
  if (published !== null && (since === null || published >= since) && (until === null || published <= until)) return true;
  const month = paper.arxivId === null ? null : monthOfId(paper.arxivId);
  if (month === null) return false;
  if (published === null) return (since === null || month.last >= since) && (until === null || month.first <= until);
  return (since === null || month.first >= since) && (until === null || month.last <= until);
}

/** The first and last days of the month an arXiv id's `YYMM` names, or null when it names none. */
function monthOfId(arxivId: string): { first: string; last: string } | null {
  const id = /^(\d\d)(\d\d)\./.exec(arxivId);
  const month = Number(id?.[2]);
  if (!id || month < 1 || month > 12) return null;
  // Day 0 of the next month is this month's last day (a plain UTC computation: this runs per paper).
  const lastDay = new Date(Date.UTC(2000 + Number(id[1]), month, 0)).getUTCDate();
  return { first: `20${id[1]}-${id[2]}-01`, last: `20${id[1]}-${id[2]}-${lastDay}` };
}
