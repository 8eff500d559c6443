import { utc } from '@date-fns/utc';
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { addWeeks } from 'date-fns/addWeeks';
import { eachDayOfInterval } from 'date-fns/eachDayOfInterval';
import { format } from 'date-fns/format';
import { startOfDay } from 'date-fns/startOfDay';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfWeek } from 'date-fns/startOfWeek';
import { subDays } from 'date-fns/subDays';

/** How a subscription posts: each paper as it arrives (`new`), or one digest per period. */
export const SUBSCRIPTION_SCHEDULES = ['new', 'daily', 'weekly', 'monthly'] as const;
export type SubscriptionSchedule = (typeof SUBSCRIPTION_SCHEDULES)[number];
export type DigestSchedule = Exclude<SubscriptionSchedule, 'new'>;

/** One period a digest covers, in UTC calendar days. */
export interface DigestPeriod {
  schedule: DigestSchedule;
  /** The first day, `YYYY-MM-DD`: a Monday for weeks, the 1st for months. */
  start: string;
  /** The last day, inclusive. */
  end: string;
  /** When its digest is due: the day after its last day, at the post time. */
  postAt: Date;
}

const DAY = 'yyyy-MM-dd';
const MINUTE_MS = 60_000;
const POST_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `09:00` → 540 (minutes after midnight UTC); null unless it is `HH:MM` on a 24-hour clock. */
export function parsePostTime(text: string): number | null {
  const match = POST_TIME.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** 540 → `09:00`. */
export function formatPostTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The midnight (UTC) that starts the period holding `date`. */
function periodStart(schedule: DigestSchedule, date: Date): Date {
  if (schedule === 'daily') return startOfDay(date, { in: utc });
  if (schedule === 'weekly') return startOfWeek(date, { weekStartsOn: 1, in: utc });
  return startOfMonth(date, { in: utc });
}

function nextStart(schedule: DigestSchedule, start: Date): Date {
  if (schedule === 'daily') return addDays(start, 1, { in: utc });
  if (schedule === 'weekly') return addWeeks(start, 1, { in: utc });
  return addMonths(start, 1, { in: utc });
}

function previousStart(schedule: DigestSchedule, start: Date): Date {
  if (schedule === 'daily') return addDays(start, -1, { in: utc });
  if (schedule === 'weekly') return addWeeks(start, -1, { in: utc });
  return addMonths(start, -1, { in: utc });
}

function period(schedule: DigestSchedule, start: Date, postMinutes: number): DigestPeriod {
  const next = nextStart(schedule, start);
  return {
    schedule,
    start: format(start, DAY, { in: utc }),
    end: format(subDays(next, 1, { in: utc }), DAY, { in: utc }),
    postAt: new Date(next.getTime() + postMinutes * MINUTE_MS),
  };
}

/**
 * The most recent period whose digest is due at `now`: its post time (the day after it
 * ends, at `postMinutes` UTC) is at or before `now`. Weeks run Monday to Sunday, months
 * from the 1st. UTC has no DST, so every day is 24 hours and a fixed shift is exact.
 */
export function latestDuePeriod(schedule: DigestSchedule, now: Date, postMinutes: number): DigestPeriod {
  // Shifted back by the post time, `now` falls in the period after the one due.
  const current = periodStart(schedule, new Date(now.getTime() - postMinutes * MINUTE_MS));
  return period(schedule, previousStart(schedule, current), postMinutes);
}

/** The period after this one. */
export function nextPeriod(current: Pick<DigestPeriod, 'schedule' | 'start'>, postMinutes: number): DigestPeriod {
  return period(current.schedule, nextStart(current.schedule, new Date(`${current.start}T00:00:00Z`)), postMinutes);
}

/** The period before this one. */
export function previousPeriod(current: Pick<DigestPeriod, 'schedule' | 'start'>, postMinutes: number): DigestPeriod {
  return period(current.schedule, previousStart(current.schedule, new Date(`${current.start}T00:00:00Z`)), postMinutes);
}

/** Every day of a period, oldest first. */
export function periodDays(current: Pick<DigestPeriod, 'start' | 'end'>): string[] {
  return eachDayOfInterval({ start: new Date(`${current.start}T00:00:00Z`), end: new Date(`${current.end}T00:00:00Z`) }, { in: utc }).map((day) =>
    format(day, DAY, { in: utc }),
  );
}

/** "Nov 27", "week of Nov 23", "November 2026": how a post names its period. */
export function periodLabel(current: Pick<DigestPeriod, 'schedule' | 'start'>): string {
  const start = new Date(`${current.start}T00:00:00Z`);
  if (current.schedule === 'daily') return format(start, 'MMM d', { in: utc });
  if (current.schedule === 'weekly') return format(start, "'week of' MMM d", { in: utc });
  return format(start, 'MMMM yyyy', { in: utc });
}

/** "day", "week", "month": for sentences such as "papers published this week". */
export function periodNoun(schedule: DigestSchedule): string {
  return schedule === 'daily' ? 'day' : schedule === 'weekly' ? 'week' : 'month';
}
