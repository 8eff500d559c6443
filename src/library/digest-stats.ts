import { utc } from '@date-fns/utc';
import { addMonths } from 'date-fns/addMonths';
import { addWeeks } from 'date-fns/addWeeks';
import { addYears } from 'date-fns/addYears';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfWeek } from 'date-fns/startOfWeek';
import { startOfYear } from 'date-fns/startOfYear';
import type { Paper } from '../digest/paper.js';
import { byUpvotes } from './paper-order.js';

/** Weeks start on Monday (ISO). Months and years start on their first day. */
export type PeriodUnit = 'week' | 'month' | 'year';

export interface PeriodCount {
  /** The period's first day, `YYYY-MM-DD` (a Monday for weeks). */
  start: string;
  /** For sentences: "week of 3 Mar 2025", "March 2025", "2025". */
  label: string;
  count: number;
  /**
   * The period holds only part of its days: `now` falls before its end (it is still filling
   * up), or `since` cut off its start (while the digest has papers before `since`).
   */
  partial: boolean;
}

export interface NamedCount {
  name: string;
  count: number;
}

interface OrganizationCount extends NamedCount {
  /** The Hugging Face handle: ASCII, for when the name cannot be drawn. */
  id: string;
}

/** Everything `/stats` shows, as plain data (structured-clonable, JSON-safe). */
export interface DigestStats {
  title: string;
  /** The `since` day the papers were filtered by, or null for all papers. */
  since: string | null;
  /** The UTC day of `now`. */
  asOf: string;
  /** The width of a period; see `chooseUnit`. */
  unit: PeriodUnit;
  /** Every period from the first to the last one counted, empty ones included, oldest first. */
  perPeriod: PeriodCount[];
  /** Papers without a date: in the total, in no period. */
  undated: number;
  organizations: {
    /** Up to 8 organizations with the most papers; ties by name. */
    top: OrganizationCount[];
    /** Papers of organizations outside the top. */
    other: number;
    /** Papers with no organization. */
    none: number;
  };
  mix: {
    title: string;
    /** Up to 8 labels carried by the most papers; ties by name. A paper counts once per label. */
    top: NamedCount[];
    /** Papers carrying at least one label outside the top. */
    other: number;
    /** Papers without any label. */
    unlabelled: number;
  };
  summary: {
    total: number;
    firstDay: string | null;
    lastDay: string | null;
    mostUpvoted: { key: string; title: string; upvotes: number } | null;
    /** The period with the most papers; the earliest on ties. */
    busiestPeriod: PeriodCount | null;
  };
}

export interface DigestStatsOptions {
  now: Date;
  /** Keep only papers published on or after this day (undated papers are then left out too). */
  since?: string;
  /** The labelling of the mix chart: topic names for a digest, keywords inside a topic. */
  labelsOf: (paper: Paper) => readonly string[];
  /** "All papers", "Sparse attention since 2025-01-01". */
  title: string;
  /** The mix chart's title, e.g. "Topics" or "Keywords". */
  mixTitle?: string;
}

export const TOP_COUNT = 8;
const DAY = 'yyyy-MM-dd';

/**
 * Counts papers per period, per organization and per label for `/stats`. Pure: reads only
 * its arguments. Days are calendar days in UTC, so no time zone or DST shifts a paper into
 * another period. With `since`, the periods start at `since` when earlier papers exist (a
 * quiet start shows as empty bars rather than being cut off); otherwise at the first paper.
 * Throws a RangeError only for an invalid `since` or `now`, never for paper content.
 */
export function digestStats(papers: readonly Paper[], options: DigestStatsOptions): DigestStats {
  const since = options.since ?? null;
  if (since !== null && !(/^\d{4}-\d{2}-\d{2}$/.test(since) && isValid(parseDay(since))))
    throw new RangeError(`since must be a YYYY-MM-DD day, got "${since}"`);
  if (!isValid(options.now)) throw new RangeError('now must be a valid date');
  const counted = since === null ? papers : papers.filter((paper) => paper.publishedAt !== null && paper.publishedAt >= since);

  const perDay = new Map<string, number>();
  for (const paper of counted) if (paper.publishedAt !== null) perDay.set(paper.publishedAt, (perDay.get(paper.publishedAt) ?? 0) + 1);
  const days = [...perDay.keys()].sort();
  const firstDay = days[0] ?? null;
  const lastDay = days.at(-1) ?? null;
  const earliestGiven = papers.reduce<string | null>(
    (min, paper) => (paper.publishedAt !== null && (min === null || paper.publishedAt < min) ? paper.publishedAt : min),
    null,
  );
  const cutBySince = since !== null && earliestGiven !== null && earliestGiven < since;
  const rangeStart = cutBySince ? since : firstDay;

  const unit = rangeStart === null || lastDay === null ? 'week' : chooseUnit(rangeStart, lastDay);
  const perPeriod =
    rangeStart === null || lastDay === null
      ? []
      : countPeriods(perDay, { firstDay: rangeStart, lastDay, cutBefore: cutBySince ? since : null }, unit, options.now);
  const busiestPeriod = perPeriod.reduce<PeriodCount | null>((best, period) => (best === null || period.count > best.count ? period : best), null);
  // One pass instead of a sort: the same order as the `upvotes` sort of /search.
  const mostUpvoted = counted.reduce<Paper | null>(
    (best, paper) => (paper.upvotes !== null && (best === null || byUpvotes(paper, best) < 0) ? paper : best),
    null,
  );

  return {
    title: options.title,
    since,
    asOf: format(options.now, DAY, { in: utc }),
    unit,
    perPeriod,
    undated: counted.length - days.reduce((sum, day) => sum + (perDay.get(day) ?? 0), 0),
    organizations: countOrganizations(counted),
    mix: { title: options.mixTitle ?? 'Labels', ...countLabels(counted, options.labelsOf) },
    summary: {
      total: counted.length,
      firstDay,
      lastDay,
      mostUpvoted: mostUpvoted ? { key: mostUpvoted.key, title: mostUpvoted.title, upvotes: mostUpvoted.upvotes ?? 0 } : null,
      busiestPeriod: busiestPeriod && busiestPeriod.count > 0 ? busiestPeriod : null,
    },
  };
}

/** Weeks up to 6 months (at most 27 bars), months up to 10 years (at most 121), years beyond. */
export function chooseUnit(firstDay: string, lastDay: string): PeriodUnit {
  const first = parseDay(firstDay);
  const last = parseDay(lastDay);
  if (last <= addMonths(first, 6, { in: utc })) return 'week';
  if (last <= addYears(first, 10, { in: utc })) return 'month';
  return 'year';
}

interface PeriodRange {
  firstDay: string;
  lastDay: string;
  /** Days before this one were left out on purpose (`since`). */
  cutBefore: string | null;
}

/** Every period from the one holding `firstDay` to the one holding `lastDay`, with its count. */
function countPeriods(perDay: ReadonlyMap<string, number>, { firstDay, lastDay, cutBefore }: PeriodRange, unit: PeriodUnit, now: Date): PeriodCount[] {
  const startOf = (date: Date) =>
    unit === 'week' ? startOfWeek(date, { weekStartsOn: 1, in: utc }) : unit === 'month' ? startOfMonth(date, { in: utc }) : startOfYear(date, { in: utc });
  const next = (date: Date) =>
    unit === 'week' ? addWeeks(date, 1, { in: utc }) : unit === 'month' ? addMonths(date, 1, { in: utc }) : addYears(date, 1, { in: utc });
  const label = (date: Date) => format(date, unit === 'week' ? "'week of' d MMM yyyy" : unit === 'month' ? 'MMMM yyyy' : 'yyyy', { in: utc });

  const byStart = new Map<string, number>();
  for (const [day, count] of perDay) {
    const start = format(startOf(parseDay(day)), DAY, { in: utc });
    byStart.set(start, (byStart.get(start) ?? 0) + count);
  }
  const periods: PeriodCount[] = [];
  const end = parseDay(lastDay);
  for (let date = startOf(parseDay(firstDay)); date <= end; date = next(date)) {
    const start = format(date, DAY, { in: utc });
    const partial = next(date) > now || (cutBefore !== null && start < cutBefore);
    periods.push({ start, label: label(date), count: byStart.get(start) ?? 0, partial });
  }
  return periods;
}

function countOrganizations(papers: readonly Paper[]): DigestStats['organizations'] {
  const byId = new Map<string, OrganizationCount>();
  let none = 0;
  for (const { organization } of papers) {
    if (organization === null) none += 1;
    else {
      const entry = byId.get(organization.id) ?? { id: organization.id, name: organization.name, count: 0 };
      entry.count += 1;
      byId.set(organization.id, entry);
    }
  }
  const top = topOf(byId.values());
  return { top, other: papers.length - none - top.reduce((sum, entry) => sum + entry.count, 0), none };
}

/** Labels are trimmed and merged case-insensitively (the first spelling seen is shown). */
function countLabels(papers: readonly Paper[], labelsOf: (paper: Paper) => readonly string[]): Omit<DigestStats['mix'], 'title'> {
  const byKey = new Map<string, NamedCount>();
  // Each paper's distinct label entries; a paper has a handful, so an array beats a Set.
  const perPaper = papers.map((paper) => {
    const entries: NamedCount[] = [];
    for (const raw of labelsOf(paper)) {
      const name = raw.trim();
      if (name === '') continue;
      const key = name.toLowerCase();
      let entry = byKey.get(key);
      if (entry === undefined) byKey.set(key, (entry = { name, count: 0 }));
      if (entries.includes(entry)) continue;
      entries.push(entry);
      entry.count += 1;
    }
    return entries;
  });
  const top = topOf(byKey.values());
  const other = perPaper.filter((entries) => entries.some((entry) => !top.includes(entry))).length;
  return { top: top.map(({ name, count }) => ({ name, count })), other, unlabelled: perPaper.filter((entries) => entries.length === 0).length };
}

/**
 * The `TOP_COUNT` largest, ties by name (code-unit order, the same on every machine). One pass
 * keeping a short sorted list: a digest has tens of thousands of distinct keywords.
 */
function topOf<Entry extends NamedCount>(entries: Iterable<Entry>): Entry[] {
  const before = (a: Entry, b: Entry) => a.count > b.count || (a.count === b.count && a.name < b.name);
  const top: Entry[] = [];
  for (const entry of entries) {
    const last = top[TOP_COUNT - 1];
    if (last !== undefined && !before(entry, last)) continue;
    let i = Math.min(top.length, TOP_COUNT - 1);
    while (i > 0 && before(entry, top[i - 1] as Entry)) i -= 1;
    top.splice(i, 0, entry);
    if (top.length > TOP_COUNT) top.pop();
  }
  return top;
}

/** A `YYYY-MM-DD` day as midnight UTC. */
function parseDay(day: string): Date {
  return parseISO(day, { in: utc });
}
