import { utc } from '@date-fns/utc';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import type { PeriodCount, PeriodUnit } from '../library/digest-stats.js';

/**
 * Round count ticks from 0 to at or above `max`: steps of 1, 2 or 5 × 10ⁿ, two to four ticks,
 * with the least headroom above the tallest bar (ties: three ticks, then two, then four).
 */
export function countTicks(max: number): number[] {
  let best: { top: number; steps: number; rank: number } | null = null;
  for (const [steps, rank] of [
    [2, 0],
    [3, 1],
    [1, 2],
  ] as const) {
    const step = niceStep(Math.max(max, 1) / steps);
    const used = Math.max(1, Math.ceil(max / step));
    const top = used * step;
    if (best === null || top < best.top || (top === best.top && rank < best.rank)) best = { top, steps: used, rank };
  }
  const { top, steps } = best as { top: number; steps: number };
  return Array.from({ length: steps + 1 }, (_, i) => (top / steps) * i);
}

/** The smallest whole 1, 2 or 5 × 10ⁿ at or above `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.max(0, Math.floor(Math.log10(raw)));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw) return factor * power;
  return 10 * power;
}

/** "950", "1,500", "15k": short enough for a narrow axis. */
export function formatCount(value: number): string {
  return value >= 10_000 ? `${Math.round(value / 100) / 10}k` : value.toLocaleString('en-US');
}

export interface PeriodTick {
  start: string;
  text: string;
}

const YEAR = /^\d{4}$/;

/**
 * Which periods get an axis label, and what it says. Years at January ("2025"), months every
 * quarter otherwise ("Apr"); weeks at the first Monday of a month ("Apr"), or, over fewer
 * than three months, every few weeks by day ("8 Dec"). Long spans label only their years.
 * The first label carries its year when it is not already a year. At most `maxLabels`,
 * evenly thinned.
 */
export function periodTicks(periods: readonly PeriodCount[], unit: PeriodUnit, maxLabels = 5): PeriodTick[] {
  const text = (start: string, pattern: string) => format(parseISO(start, { in: utc }), pattern, { in: utc });
  const monthOf = (start: string) => start.slice(5, 7);
  let candidates: PeriodTick[];
  if (unit === 'year') candidates = periods.map(({ start }) => ({ start, text: start.slice(0, 4) }));
  else if (unit === 'month')
    candidates = periods
      .filter(({ start }) => ['01', '04', '07', '10'].includes(monthOf(start)))
      .map(({ start }) => ({ start, text: monthOf(start) === '01' ? start.slice(0, 4) : text(start, 'MMM') }));
  else {
    // A week is labelled by the month its Monday opens (days 1–7).
    candidates = periods
      .filter(({ start }) => Number(start.slice(8, 10)) <= 7)
      .map(({ start }) => ({ start, text: monthOf(start) === '01' ? start.slice(0, 4) : text(start, 'MMM') }));
    if (candidates.length < 3) candidates = periods.map(({ start }) => ({ start, text: text(start, 'd MMM') }));
  }
  const years = candidates.filter((tick) => YEAR.test(tick.text));
  const chosen = unit !== 'year' && years.length >= 2 && candidates.length > maxLabels ? years : candidates;
  const every = Math.ceil(chosen.length / maxLabels);
  const ticks = chosen.filter((_, i) => i % every === 0);
  const first = ticks[0];
  if (first && !YEAR.test(first.text)) first.text += ` ${first.start.slice(0, 4)}`;
  return ticks;
}
