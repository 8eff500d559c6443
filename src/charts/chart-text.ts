import type { GroupMark, Mark } from 'vega';
import { FONT_FAMILY, fitText } from './chart-fonts.js';
import { SIZE, THEME } from './chart-theme.js';

/** A panel's bold title, cut with "…" to the panel's width. */
export function panelTitle(title: string, width: number): Mark {
  return {
    type: 'text',
    encode: {
      update: {
        x: { value: 0 },
        y: { value: 0 },
        text: { value: fitText(title, width, SIZE.panelTitleFont, 700) },
        baseline: { value: 'top' },
        font: { value: FONT_FAMILY },
        fontSize: { value: SIZE.panelTitleFont },
        fontWeight: { value: 'bold' },
        fill: { value: THEME.text },
      },
    },
  };
}

/** A muted line of text standing in for an empty chart. */
export function placeholder(text: string, y: number): GroupMark {
  return {
    type: 'group',
    marks: [
      {
        type: 'text',
        encode: {
          update: {
            x: { value: 0 },
            y: { value: y },
            text: { value: text },
            baseline: { value: 'middle' },
            font: { value: FONT_FAMILY },
            fontSize: { value: SIZE.labelFont },
            fill: { value: THEME.muted },
          },
        },
      },
    ],
  };
}
