import { addYears } from 'date-fns/addYears';
import { endOfMonth } from 'date-fns/endOfMonth';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';
import { startOfYear } from 'date-fns/startOfYear';
import { subDays } from 'date-fns/subDays';
import { subMonths } from 'date-fns/subMonths';
import { subWeeks } from 'date-fns/subWeeks';
import { subYears } from 'date-fns/subYears';

/** Inclusive `YYYY-MM-DD` bounds a question asks papers to be published within, and the words that asked. */
export interface TimeFilter {
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
 * `now` anchors months without a year ("since May": the latest May) and "this year".
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
  const first = year === undefined ? latestMonthStart(month, now) : parse(`${month.slice(0, 3)} ${year}`, 'MMM yyyy', now);
  if (!first || !isValid(first)) return null;
  return { since: format(first, 'yyyy-MM-dd'), until: format(endOfMonth(first), 'yyyy-MM-dd') };
}

/** "May" → the first day of the latest May on or before `now`. */
function latestMonthStart(month: string, now: Date): Date | null {
  const date = parse(`${month.slice(0, 3)} ${now.getFullYear()}`, 'MMM yyyy', now);
  if (!isValid(date)) return null;
  return date > now ? addYears(date, -1) : date;
}

function relativeBounds(match: RegExpExecArray, now: Date): { since: string | null; until: string | null } {
  const day = (date: Date) => format(date, 'yyyy-MM-dd');
  const [, which, unit, count, countUnit, agoCount, agoUnit] = match;
  if (which !== undefined && unit !== undefined) {
    if (unit === 'year' && which === 'this') return { since: day(startOfYear(now)), until: null };
    if (unit === 'year' && which === 'last') {
      const year = now.getFullYear() - 1;
      return { since: `${year}-01-01`, until: `${year}-12-31` };
    }
    return { since: day(back(now, 1, unit)), until: null };
  }
  const n = Number(count ?? agoCount);
  return { since: day(back(now, n, (countUnit ?? agoUnit) as string)), until: null };
}

function back(now: Date, count: number, unit: string): Date {
  if (unit.startsWith('day')) return subDays(now, count);
  if (unit.startsWith('week')) return subWeeks(now, count);
  if (unit.startsWith('month')) return subMonths(now, count);
  return subYears(now, count);
}

function dayAfter(day: string): string {
  return format(subDays(parse(day, 'yyyy-MM-dd', new Date(0)), -1), 'yyyy-MM-dd');
}

function dayBefore(day: string): string {
  return format(subDays(parse(day, 'yyyy-MM-dd', new Date(0)), 1), 'yyyy-MM-dd');
}

/**
 * Whether a paper was published within inclusive `YYYY-MM-DD` bounds: by its arXiv day, or by
 * the month of its arXiv id (2503.01234 appeared in March 2025), which differs from the day's
 * month for about 2% of papers submitted at a month's end.
 */
export function publishedWithin(paper: { publishedAt: string | null; arxivId: string | null }, since: string | null, until: string | null): boolean {
  if (since === null && until === null) return true;
  const day = paper.publishedAt;
  if (day !== null && (since === null || day >= since) && (until === null || day <= until)) return true;
  const id = paper.arxivId === null ? null : /^(\d\d)(\d\d)\./.exec(paper.arxivId);
  if (!id) return false;
  const first = `20${id[1]}-${id[2]}-01`;
  const last = `20${id[1]}-${id[2]}-31`;
  return (since === null || last >= since) && (until === null || first <= until);
}
