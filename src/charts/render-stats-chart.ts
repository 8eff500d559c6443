import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import type { DigestStats } from '../library/digest-stats.js';
import { FONT_FAMILY, FONT_FILES, measureText } from './chart-fonts.js';
import { SIZE } from './chart-theme.js';
import { statsChartSpec } from './stats-chart-spec.js';

interface StatsChart {
  png: Buffer;
  /** Pixel size of the PNG: the layout size times `SIZE.scale`. */
  width: number;
  height: number;
}

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
}

/**
 * Vega measures text for truncation ("…") and label overlap with a canvas when one is
 * installed, else with an estimate. Neither matches resvg's drawing, so the width function
 * Vega exposes for this (`textMetrics.width`, as vl-convert does) is set to Inter's own,
 * once, when this module loads: it is Vega's global, and nothing else sets it.
 */
function useInterMetrics(): void {
  const { textMetrics } = vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } };
  textMetrics.width = (item, text) => {
    const value = text ?? item.text;
    const line = Array.isArray(value) ? value.join(' ') : String(value ?? '');
    const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
    return measureText(line, item.fontSize ?? 11, bold ? 700 : 400);
  };
}
useInterMetrics();

/** The picture as SVG (Vega's headless renderer): text still text, bars as classed marks. */
export async function renderStatsSvg(stats: DigestStats): Promise<string> {
  const view = new vega.View(vega.parse(statsChartSpec(stats)), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * resvg draws with the bundled Inter files only: `loadSystemFonts: false`, and a font-family
 * it does not know (even one installed on the machine) falls back to Inter, so every machine
 * produces the same picture.
 */
export const PNG_RENDER_OPTIONS = {
  font: { loadSystemFonts: false, fontFiles: Object.values(FONT_FILES), defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  fitTo: { mode: 'zoom', value: SIZE.scale },
  shapeRendering: 2, // geometricPrecision: anti-aliased bar edges
  textRendering: 1, // optimizeLegibility
  logLevel: 'error',
} as const satisfies ResvgRenderOptions;

/**
 * Renders digest statistics as a PNG for Discord: 400 layout pixels wide (up to ~370 tall)
 * drawn at 2×, so 800 px wide. Never throws for any `DigestStats`; with no papers it draws a
 * small card saying "No papers to chart." (the caller may prefer a text reply then).
 * Rasterizing runs on libuv's thread pool, off the event loop.
 */
export async function renderStatsChart(stats: DigestStats): Promise<StatsChart> {
  const svg = await renderStatsSvg(stats);
  const image = await renderAsync(svg, PNG_RENDER_OPTIONS);
  return { png: image.asPng(), width: image.width, height: image.height };
}
