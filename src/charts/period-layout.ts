import type { PeriodTick } from './axis-ticks.js';
import { measureText } from './chart-fonts.js';
import { SIZE } from './chart-theme.js';

/** The widest a period may be, bar and gap, in layout pixels: one bar is a bar, not a wall. */
export const MAX_STEP = 30;

/**
 * The band scale of the bars: a tenth of a step outside, a fifth (a tenth past 60 bars)
 * between, and never more than MAX_STEP per bar, so a few bars stay bars, centred. Vega
 * clamps its own outer padding to one step, so the narrowing is done with the range.
 */
export function bandLayout(count: number, plotWidth: number) {
  const paddingInner = count > 60 ? 0.1 : 0.2;
  const paddingOuter = 0.1;
  const steps = count - paddingInner + 2 * paddingOuter;
  const step = Math.min(plotWidth / steps, MAX_STEP);
  const start = (plotWidth - step * steps) / 2;
  return {
    range: [start, start + step * steps] as [number, number],
    paddingInner,
    paddingOuter,
    /** The x of the centre of bar `index`. */
    centre: (index: number) => start + step * (paddingOuter + index + (1 - paddingInner) / 2),
  };
}

type Align = 'left' | 'center' | 'right';

/**
 * Places period labels: each centred under its bar unless that would cross the plot's edge
 * (then it starts or ends at the bar's centre, so none is clipped), keeping every label, or
 * else every second, third… until no two are closer than 4 px. The first label stays.
 */
export function placeTicks(ticks: readonly PeriodTick[], centreOf: (start: string) => number, plotWidth: number): (PeriodTick & { align: Align })[] {
  const placed = ticks.map((tick) => {
    const centre = centreOf(tick.start);
    const width = measureText(tick.text, SIZE.axisFont);
    const align: Align = centre - width / 2 < 0 ? 'left' : centre + width / 2 > plotWidth ? 'right' : 'center';
    const left = align === 'left' ? centre : align === 'right' ? centre - width : centre - width / 2;
    return { ...tick, align, left, right: left + width };
  });
  for (let every = 1; every <= placed.length; every++) {
    const kept = placed.filter((_, i) => i % every === 0);
    if (kept.every((tick, i) => i === 0 || tick.left - (kept[i - 1] as { right: number }).right >= 4))
      return kept.map(({ start, text, align }) => ({ start, text, align }));
  }
  return [];
}
