import type { GroupMark } from 'vega';
import { TOP_COUNT, type NamedCount } from '../library/digest-stats.js';
import { formatCount } from './axis-ticks.js';
import { FONT_FAMILY, fitText, measureText } from './chart-fonts.js';
import { SIZE, THEME } from './chart-theme.js';
import { panelTitle, placeholder } from './chart-text.js';

interface RankingPanel {
  /** The Vega mark name of the bars (also their class in the SVG). */
  name: string;
  title: string;
  /** Names already made drawable; at most `TOP_COUNT`. */
  rows: readonly NamedCount[];
  /** A muted line under the rows, e.g. "+2,828 in others · 9,304 with none". */
  note: string | null;
  colour: string;
  /** What the panel says when there are no rows (then without the note). */
  empty: string;
  /** Rows of height to take (at least the rows shown), so panels side by side line up. */
  slots: number;
}

/**
 * A top-N list as horizontal bars, each name written over its own bar (so a long name can use
 * the whole column instead of a narrow label gutter) and cut with "…" before the count
 * column.
 */
export function rankingPanel(panel: RankingPanel, x: number, y: number, width: number): { mark: GroupMark; height: number } {
  const titleHeight = SIZE.panelTitleFont + 8;
  const rows = panel.rows.slice(0, TOP_COUNT);
  const rowsHeight = Math.max(1, panel.slots, rows.length) * SIZE.rowHeight;
  const note = rows.length > 0 ? panel.note : null;
  const height = titleHeight + rowsHeight + (note === null ? 0 : 4 + SIZE.noteFont + 2);
  const countWidth = Math.ceil(Math.max(0, ...rows.map((row) => measureText(formatCount(row.count), SIZE.labelFont)))) + 6;
  const barArea = width - countWidth;
  const most = Math.max(1, ...rows.map((row) => row.count));
  const rowTop = (i: number) => titleHeight + i * SIZE.rowHeight;
  const values = rows.map((row, i) => ({
    name: fitText(row.name, barArea - 8, SIZE.labelFont),
    count: formatCount(row.count),
    top: rowTop(i),
    middle: rowTop(i) + SIZE.rowBarHeight / 2,
    length: Math.max(2, (row.count / most) * barArea),
  }));
  const text = { font: { value: FONT_FAMILY }, fontSize: { value: SIZE.labelFont }, fill: { value: THEME.text }, baseline: { value: 'middle' as const } };

  const mark: GroupMark = {
    type: 'group',
    encode: { update: { x: { value: x }, y: { value: y } } },
    data: [{ name: `${panel.name}-rows`, values }],
    marks: [
      panelTitle(panel.title, width),
      ...(rows.length === 0 ? [placeholder(panel.empty, titleHeight + rowsHeight / 2)] : []),
      {
        type: 'rect',
        name: panel.name,
        from: { data: `${panel.name}-rows` },
        encode: {
          update: {
            x: { value: 0 },
            y: { field: 'top' },
            width: { field: 'length' },
            height: { value: SIZE.rowBarHeight },
            cornerRadius: { value: 2 },
            fill: { value: panel.colour },
            fillOpacity: { value: THEME.rowBarOpacity },
          },
        },
      },
      {
        type: 'text',
        from: { data: `${panel.name}-rows` },
        encode: { update: { ...text, x: { value: 4 }, y: { field: 'middle' }, text: { field: 'name' } } },
      },
      {
        type: 'text',
        from: { data: `${panel.name}-rows` },
        encode: { update: { ...text, x: { value: width }, y: { field: 'middle' }, text: { field: 'count' }, align: { value: 'right' } } },
      },
      {
        type: 'text',
        encode: {
          update: {
            x: { value: 0 },
            y: { value: titleHeight + rowsHeight + 4 },
            text: { value: fitText(note ?? '', width, SIZE.noteFont) },
            baseline: { value: 'top' },
            font: { value: FONT_FAMILY },
            fontSize: { value: SIZE.noteFont },
            fill: { value: THEME.muted },
          },
        },
      },
    ],
  };
  return { mark, height };
}
