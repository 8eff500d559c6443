import type { GroupMark, Mark } from 'vega';
import type { DigestStats } from '../library/digest-stats.js';
import { countTicks, formatCount, periodTicks } from './axis-ticks.js';
import { FONT_FAMILY, measureText } from './chart-fonts.js';
import { SIZE, THEME } from './chart-theme.js';
import { panelTitle, placeholder } from './chart-text.js';
import { bandLayout, placeTicks } from './period-layout.js';

/** The Vega mark name of the period bars (also their class in the SVG). */
export const PERIOD_BARS = 'period-bars';

const UNIT_WORD = { week: 'week', month: 'month', year: 'year' } as const;

/**
 * Papers per period as vertical bars: two to four round count ticks with grid lines, at
 * most five period labels (none crossing the plot's edges), partial periods (still
 * running, or cut by `since`) drawn fainter. Occupies `width` × the returned height from (x, y).
 */
export function periodPanel(stats: DigestStats, x: number, y: number, width: number): { mark: GroupMark; height: number } {
  const titleHeight = SIZE.panelTitleFont + 8;
  const axisHeight = SIZE.axisFont + 8;
  const height = titleHeight + SIZE.periodPlotHeight + axisHeight;
  const title = `Papers per ${UNIT_WORD[stats.unit]}`;

  if (stats.perPeriod.length === 0) {
    const mark: GroupMark = {
      type: 'group',
      encode: { update: { x: { value: x }, y: { value: y } } },
      marks: [panelTitle(title, width), placeholder('No dated papers to chart.', titleHeight + SIZE.periodPlotHeight / 2)],
    };
    return { mark, height };
  }

  const counts = countTicks(Math.max(...stats.perPeriod.map((period) => period.count)));
  const top = counts.at(-1) ?? 1;
  const tickLabelWidth = Math.max(...counts.map((tick) => measureText(formatCount(tick), SIZE.axisFont)));
  const plotLeft = Math.ceil(tickLabelWidth) + 5;
  const plotWidth = width - plotLeft;
  const band = bandLayout(stats.perPeriod.length, plotWidth);
  const placed = placeTicks(
    periodTicks(stats.perPeriod, stats.unit),
    (start) => band.centre(stats.perPeriod.findIndex((period) => period.start === start)),
    plotWidth,
  );
  const tickText = Object.fromEntries(placed.map((tick) => [tick.start, tick.text]));
  const tickAlign = Object.fromEntries(placed.map((tick) => [tick.start, tick.align]));

  const mark: GroupMark = {
    type: 'group',
    encode: { update: { x: { value: x }, y: { value: y } } },
    marks: [
      panelTitle(title, width),
      ...titleNotes(stats, width, measureText(title, SIZE.panelTitleFont, 700) + 12),
      {
        type: 'group',
        encode: { update: { x: { value: plotLeft }, y: { value: titleHeight }, width: { value: plotWidth }, height: { value: SIZE.periodPlotHeight } } },
        data: [{ name: 'periods', values: stats.perPeriod.map(({ start, count, partial }) => ({ start, count, partial })) }],
        scales: [
          {
            name: 'x',
            type: 'band',
            domain: stats.perPeriod.map((period) => period.start),
            range: band.range,
            paddingInner: band.paddingInner,
            paddingOuter: band.paddingOuter,
          },
          { name: 'y', type: 'linear', domain: [0, top], range: [SIZE.periodPlotHeight, 0], nice: false, zero: true },
        ],
        axes: [
          {
            scale: 'y',
            orient: 'left',
            values: counts,
            grid: true,
            gridColor: THEME.grid,
            domain: false,
            ticks: false,
            labelPadding: 4,
            labelFont: FONT_FAMILY,
            labelFontSize: SIZE.axisFont,
            labelColor: THEME.muted,
            encode: {
              labels: { update: { text: { signal: `${JSON.stringify(Object.fromEntries(counts.map((tick) => [tick, formatCount(tick)])))}[datum.value]` } } },
            },
          },
          {
            scale: 'x',
            orient: 'bottom',
            values: Object.keys(tickText),
            domain: false, // the grid line at 0 is the baseline, across the whole plot
            ticks: false,
            labelPadding: 4,
            labelOverlap: true, // a safety net only: the labels chosen do not overlap (tested)
            labelFont: FONT_FAMILY,
            labelFontSize: SIZE.axisFont,
            labelColor: THEME.muted,
            encode: {
              labels: {
                update: { text: { signal: `${JSON.stringify(tickText)}[datum.value]` }, align: { signal: `${JSON.stringify(tickAlign)}[datum.value]` } },
              },
            },
          },
        ],
        marks: [
          {
            type: 'rect',
            name: PERIOD_BARS,
            from: { data: 'periods' },
            encode: {
              update: {
                x: { scale: 'x', field: 'start' },
                width: { scale: 'x', band: 1 },
                y: { scale: 'y', field: 'count' },
                y2: { scale: 'y', value: 0 },
                fill: { value: THEME.periods },
                fillOpacity: { signal: `datum.partial ? ${THEME.partialOpacity} : 1` },
              },
            },
          },
        ],
      },
    ],
  };
  return { mark, height };
}

const PARTIAL = 'partial';

/**
 * Right-aligned beside the title, when both fit on the line: the busiest period ("peak Oct
 * 2025: 857") and, when some bar covers only part of its period, a faint swatch saying so.
 */
function titleNotes(stats: DigestStats, width: number, titleWidth: number): Mark[] {
  const busiest = stats.summary.busiestPeriod;
  const partial = stats.perPeriod.some((period) => period.partial);
  const peak = busiest && stats.perPeriod.length > 1 ? `peak ${shortLabel(busiest.label)}: ${formatCount(busiest.count)}` : '';
  const swatch = SIZE.axisFont - 2;
  const legendWidth = partial ? measureText(PARTIAL, SIZE.axisFont) + swatch + 4 : 0;
  const peakRight = width - (partial ? legendWidth + 10 : 0);
  if (titleWidth + measureText(peak, SIZE.axisFont) + (width - peakRight) > width) return [];
  const y = SIZE.panelTitleFont - SIZE.axisFont;
  const note = (text: string, right: number): Mark => ({
    type: 'text',
    encode: {
      update: {
        x: { value: right },
        y: { value: y },
        text: { value: text },
        align: { value: 'right' },
        baseline: { value: 'top' },
        font: { value: FONT_FAMILY },
        fontSize: { value: SIZE.axisFont },
        fill: { value: THEME.muted },
      },
    },
  });
  const marks: Mark[] = peak ? [note(peak, peakRight)] : [];
  if (partial)
    marks.push(note(PARTIAL, width), {
      type: 'rect',
      encode: {
        update: {
          x: { value: width - legendWidth },
          y: { value: y + 1.5 },
          width: { value: swatch },
          height: { value: swatch },
          fill: { value: THEME.periods },
          fillOpacity: { value: THEME.partialOpacity },
        },
      },
    });
  return marks;
}

/** "October 2025" → "Oct 2025"; "week of 3 Mar 2025" → "3 Mar 2025". */
function shortLabel(label: string): string {
  return label.replace(/^week of /, '').replace(/^([A-Z][a-z]{2})[a-z]+ /, '$1 ');
}
