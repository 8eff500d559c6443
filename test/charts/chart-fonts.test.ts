import { existsSync, readdirSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canDraw, drawableText, fitText, FONT_FILES, measureText } from '../../src/charts/chart-fonts.js';
import { PNG_RENDER_OPTIONS } from '../../src/charts/render-stats-chart.js';
import { hostileText } from '../support/arbitraries.js';

const textSvg = (family: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="140" height="30"><text x="4" y="22" font-family="${family}" font-size="18">Hello 123</text></svg>`;
const inkedPixels = (svg: string, font: object) => {
  const pixels = new Resvg(svg, { font, logLevel: 'off' }).render().pixels;
  let count = 0;
  for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] as number) > 0) count += 1;
  return count;
};
const SYSTEM_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

describe('the bundled font', () => {
  it('is read from node_modules, from the Inter package', () => {
    for (const file of Object.values(FONT_FILES)) {
      expect(file).toMatch(/node_modules\/@expo-google-fonts\/inter\/.+\.ttf$/);
      expect(existsSync(file)).toBe(true);
    }
  });

  it('is the only font the PNG renderer can use: system fonts are never loaded', () => {
    expect(PNG_RENDER_OPTIONS.font.loadSystemFonts).toBe(false);
    const ours = new Resvg(textSvg('Inter'), PNG_RENDER_OPTIONS).render().asPng();
    // A family installed on many machines (DejaVu Sans is, here) still draws in Inter,
    // pixel for pixel: the renderer cannot see the system's fonts.
    expect(new Resvg(textSvg('DejaVu Sans'), PNG_RENDER_OPTIONS).render().asPng().equals(ours)).toBe(true);
    // Without the bundled files there is no font at all, so no text is drawn.
    expect(inkedPixels(textSvg('Inter'), { ...PNG_RENDER_OPTIONS.font, fontFiles: [] })).toBe(0);
    expect(inkedPixels(textSvg('Inter'), PNG_RENDER_OPTIONS.font)).toBeGreaterThan(100);
  });

  it.skipIf(!existsSync(SYSTEM_FONT) || readdirSync('/usr/share/fonts').length === 0)(
    'would draw differently with the system fonts (so the check above can fail)',
    () => {
      const ours = new Resvg(textSvg('DejaVu Sans'), PNG_RENDER_OPTIONS).render().asPng();
      const system = new Resvg(textSvg('DejaVu Sans'), { ...PNG_RENDER_OPTIONS, font: { loadSystemFonts: true } }).render().asPng();
      expect(system.equals(ours)).toBe(false);
    },
  );
});

describe('measureText and fitText', () => {
  it("measures Inter's widths: never narrower than resvg draws, and close to it", () => {
    const regular = measureText('Long-context language models', 11);
    // ~0.53 em per character, far from Vega's estimate of 0.8 em (246 px).
    expect(regular).toBeCloseTo(162.1, 1);
    expect(measureText('Long-context language models', 11, 700)).toBeGreaterThan(regular);
    expect(measureText('Long-context language models', 22)).toBeCloseTo(2 * regular, 6);
    // resvg's drawn box is the ink, a little inside the advance widths; kerning (AV, To)
    // tightens the drawing a few percent more.
    for (const text of ['Long-context language models', 'AVATAR Toy Tokyo WAVE', '12,675 papers · 18 Jan 2024 – 20 Aug 2026']) {
      for (const [size, weight] of [
        [11, 400],
        [15, 700],
      ] as const) {
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="40"><text y="25" font-family="Inter" font-weight="${weight}" font-size="${size}">${text}</text></svg>`;
        const drawn = new Resvg(svg, { ...PNG_RENDER_OPTIONS, fitTo: { mode: 'original' } }).getBBox()?.width ?? 0;
        const measured = measureText(text, size, weight);
        expect(measured).toBeGreaterThanOrEqual(drawn);
        expect(measured).toBeLessThan(drawn * 1.07);
      }
    }
  });

  it('cuts with "…" after a whole word or letter, never after a space or comma', () => {
    expect(fitText('NVIDIA', 100, 11)).toBe('NVIDIA');
    expect(fitText('Context extension and positional encoding', 120, 11)).toBe('Context extension an…');
    // Room for "Long-context language …" but not "Long-context language m…": the space goes.
    expect(fitText('Long-context language models', measureText('Long-context language …', 11), 11)).toBe('Long-context language…');
    expect(fitText('Retrieval, reranking', measureText('Retrieval, …', 11), 11)).toBe('Retrieval…');
  });

  it('always fits the width it is given, when a lone "…" does', () => {
    fc.assert(
      fc.property(
        hostileText(300),
        fc.integer({ min: 12, max: 400 }),
        fc.constantFrom(10, 11, 15),
        fc.constantFrom(400 as const, 700 as const),
        (text, width, size, weight) => {
          const fitted = fitText(text, width, size, weight);
          if (measureText('…', size, weight) <= width) expect(measureText(fitted, size, weight)).toBeLessThanOrEqual(width + 1e-9);
          if (fitted !== text) expect(fitted.endsWith('…')).toBe(true);
        },
      ),
    );
  });

  it('replaces what Inter cannot draw with "?" and folds whitespace', () => {
    expect(drawableText('台灣大學 Lab')).toBe('???? Lab');
    expect(drawableText(' ETH  Zürich\n')).toBe('ETH Zürich');
    expect(drawableText('τ-bench → π₀')).toBe('τ-bench → π₀');
    expect([canDraw('ETH Zürich'), canDraw('香港科技大学')]).toEqual([true, false]);
  });
});
