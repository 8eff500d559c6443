import { PERIOD_BARS } from '../../src/charts/period-panel.js';
import { MIX_BARS, ORGANIZATION_BARS } from '../../src/charts/stats-chart-spec.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The size a PNG declares in its IHDR chunk, or null when it does not start with the PNG signature and IHDR. */
export function pngSize(png: Uint8Array): { width: number; height: number } | null {
  const bytes = Buffer.from(png);
  if (bytes.length < 24 || !SIGNATURE.every((byte, i) => bytes[i] === byte) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** How many bars each panel of a stats SVG drew: Vega writes each bar as a <path> in its named mark's <g>. */
export function barCounts(svg: string): { periods: number; organizations: number; mix: number } {
  const count = (name: string) => {
    const group = new RegExp(`<g class="mark-rect role-mark ${name}"[^>]*>(.*?)</g>`).exec(svg);
    return group ? ((group[1] as string).match(/<path /g) ?? []).length : 0;
  };
  return { periods: count(PERIOD_BARS), organizations: count(ORGANIZATION_BARS), mix: count(MIX_BARS) };
}

/** The height of a stats SVG, in layout pixels. */
export function svgHeight(svg: string): number {
  return Number(/<svg[^>]* height="(\d+)"/.exec(svg)?.[1]);
}
