import { utc } from '@date-fns/utc';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import type { Mark, Spec } from 'vega';
import type { DigestStats } from '../library/digest-stats.js';
import { formatCount } from './axis-ticks.js';
import { canDraw, drawableText, fitText, FONT_FAMILY } from './chart-fonts.js';
import { SIZE, THEME } from './chart-theme.js';
import { placeholder } from './chart-text.js';
import { periodPanel } from './period-panel.js';
import { rankingPanel } from './ranking-panel.js';

/** Vega mark names of the bars, which are also their classes in the SVG. */
export { PERIOD_BARS } from './period-panel.js';
export const ORGANIZATION_BARS = 'organization-bars';
export const MIX_BARS = 'mix-bars';

/**
 * The Vega spec of the stats picture: a header (title; papers and their days), papers per
 * period across the full width, and below it the top organizations beside the label mix.
 * With no papers, a short card saying so. Every size is fixed (no autosize), in CSS pixels.
 */
export function statsChartSpec(stats: DigestStats): Spec {
  const { padding, width } = SIZE;
  const inner = width - 2 * padding;
  const marks: Mark[] = [...header(stats, padding, padding, inner)];
  let y = padding + SIZE.titleFont + 6 + SIZE.subtitleFont + 14;

  if (stats.summary.total === 0) {
    marks.push({ ...placeholder('No papers to chart.', 0), encode: { update: { x: { value: padding }, y: { value: y + 8 } } } });
    y += 16 + SIZE.labelFont + padding;
  } else {
    const periods = periodPanel(stats, padding, y, inner);
    marks.push(periods.mark);
    y += periods.height + 14;
    const column = (inner - SIZE.columnGap) / 2;
    const { organizations, mix } = stats;
    const slots = Math.max(1, organizations.top.length, mix.top.length);
    const mixTitle = drawableText(mix.title) || 'Labels';
    const orgs = rankingPanel(
      {
        name: ORGANIZATION_BARS,
        title: 'Top organizations',
        rows: organizations.top.map((org) => ({
          name: canDraw(org.name) || !canDraw(org.id) ? drawableText(org.name) : drawableText(org.id),
          count: org.count,
        })),
        note: note(organizations.other, organizations.none),
        colour: THEME.organizations,
        empty: 'No organizations named.',
        slots,
      },
      padding,
      y,
      column,
    );
    const labels = rankingPanel(
      {
        name: MIX_BARS,
        title: mixTitle,
        rows: mix.top.map((label) => ({ name: drawableText(label.name), count: label.count })),
        note: note(mix.other, mix.unlabelled),
        colour: THEME.mix,
        empty: `No ${mixTitle.toLowerCase()}.`,
        slots,
      },
      padding + column + SIZE.columnGap,
      y,
      column,
    );
    marks.push(orgs.mark, labels.mark);
    y += Math.max(orgs.height, labels.height) + padding;
  }

  const height = Math.ceil(y);
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width,
    height,
    padding: 0,
    autosize: 'none',
    background: THEME.background,
    config: { text: { font: FONT_FAMILY }, axis: { labelFont: FONT_FAMILY } },
    marks: [
      {
        type: 'rect',
        encode: {
          update: {
            x: { value: 0.5 },
            y: { value: 0.5 },
            width: { value: width - 1 },
            height: { value: height - 1 },
            stroke: { value: THEME.border },
            strokeWidth: { value: 1 },
          },
        },
      },
      ...marks,
    ],
  };
}

function header(stats: DigestStats, x: number, y: number, width: number): Mark[] {
  const { total, firstDay, lastDay } = stats.summary;
  const parts = [`${total.toLocaleString('en-US')} paper${total === 1 ? '' : 's'}`];
  if (firstDay !== null && lastDay !== null) parts.push(firstDay === lastDay ? day(firstDay) : `${day(firstDay)} – ${day(lastDay)}`);
  if (stats.undated > 0) parts.push(`${stats.undated.toLocaleString('en-US')} undated`);
  const line = (text: string, top: number, fontSize: number, bold: boolean, fill: string): Mark => ({
    type: 'text',
    encode: {
      update: {
        x: { value: x },
        y: { value: top },
        text: { value: fitText(text, width, fontSize, bold ? 700 : 400) },
        baseline: { value: 'top' },
        font: { value: FONT_FAMILY },
        fontSize: { value: fontSize },
        fontWeight: { value: bold ? 'bold' : 'normal' },
        fill: { value: fill },
      },
    },
  });
  return [
    line(drawableText(stats.title) || 'Papers', y, SIZE.titleFont, true, THEME.text),
    line(parts.join(' · '), y + SIZE.titleFont + 6, SIZE.subtitleFont, false, THEME.muted),
  ];
}

/** "+2,828 in others · 9,304 have none", leaving out zeros. */
function note(other: number, none: number): string | null {
  const parts = [other > 0 ? `+${formatCount(other)} in others` : null, none > 0 ? `${formatCount(none)} have none` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : null;
}

function day(isoDay: string): string {
  return format(parseISO(isoDay, { in: utc }), 'd MMM yyyy', { in: utc });
}
