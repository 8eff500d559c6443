import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureText } from '../../src/charts/chart-fonts.js';
import { SIZE } from '../../src/charts/chart-theme.js';
import { MAX_STEP } from '../../src/charts/period-layout.js';
import { renderStatsChart, renderStatsSvg } from '../../src/charts/render-stats-chart.js';
import { MIX_BARS, ORGANIZATION_BARS, PERIOD_BARS } from '../../src/charts/stats-chart-spec.js';
import type { Paper } from '../../src/digest/paper.js';
import { loadDigest } from '../../src/digest/load-digest.js';
import { digestStats, type DigestStats, type DigestStatsOptions } from '../../src/library/digest-stats.js';
import { loadTopics } from '../../src/library/load-topics.js';
import { compileTopics, topicsOfPaper } from '../../src/library/topics.js';
import { hostileText } from '../support/arbitraries.js';
import { makePaper } from '../support/make-paper.js';
import { hasRealDigest, REAL_DIGEST_DIR, skipReasonUnlessRealDigest } from '../support/real-digest.js';
import { SEEDS_DIR } from '../support/seed-library.js';

skipReasonUnlessRealDigest();

const NOW = new Date('2026-08-21T12:00:00Z');
const MAX_PNG_BYTES = 1024 * 1024;
const options = (extra: Partial<DigestStatsOptions> = {}): DigestStatsOptions => ({
  now: NOW,
  title: 'All papers',
  labelsOf: (paper) => paper.keywords,
  ...extra,
});
const withOrg = (paper: Paper, id: string, name: string): Paper => ({ ...paper, organization: { id, name } });

/** The size a PNG declares: the 8-byte signature, then the IHDR chunk (width, height). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** How many bars a named rect mark drew: Vega writes each as a <path> in the mark's <g>. */
function barCount(svg: string, markName: string): number {
  const group = new RegExp(`<g class="mark-rect role-mark ${markName}"[^>]*>(.*?)</g>`).exec(svg);
  return group ? ((group[1] as string).match(/<path /g) ?? []).length : 0;
}

/** The visible x-axis labels of the period chart, as [left, right] spans, and the plot's width. */
function xAxisLabels(svg: string): { spans: [number, number][]; hidden: number; plotWidth: number } {
  const axis = /aria-label="X-axis[^"]*">.*?<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  const plotWidth = Number(new RegExp(`d="M0,0h([\\d.]+)v${SIZE.periodPlotHeight}h`).exec(svg)?.[1]);
  const spans: [number, number][] = [];
  let hidden = 0;
  for (const [, anchor, x, opacity, text] of axis.matchAll(
    /<text text-anchor="(\w+)" transform="translate\(([-\d.]+),[-\d.]+\)"[^>]*opacity="([\d.]+)"[^>]*>([^<]*)<\/text>/g,
  )) {
    if (Number(opacity) === 0) {
      hidden += 1;
      continue;
    }
    const width = measureText(text as string, SIZE.axisFont);
    const left = Number(x) - (anchor === 'middle' ? width / 2 : anchor === 'end' ? width : 0);
    spans.push([left, left + width]);
  }
  return { spans, hidden, plotWidth };
}

describe('renderStatsChart on a small known digest', () => {
  // Three weeks (the middle one empty), one organization, two keywords.
  const papers = [withOrg(makePaper('a', '2025-03-03'), 'tiger', 'TIGER-Lab'), { ...makePaper('b', '2025-03-17'), keywords: ['rag', 'long context'] }];
  const stats = digestStats(papers, options({ mixTitle: 'Keywords' }));

  it('draws one bar per period, empty ones included, and one per organization and label', async () => {
    const svg = await renderStatsSvg(stats);
    expect(stats.perPeriod.map((period) => period.count)).toEqual([1, 0, 1]);
    expect(barCount(svg, PERIOD_BARS)).toBe(3);
    expect(barCount(svg, ORGANIZATION_BARS)).toBe(1);
    expect(barCount(svg, MIX_BARS)).toBe(2);
    // Every piece of text is set in the bundled font.
    expect(new Set(svg.match(/font-family="[^"]*"/g))).toEqual(new Set(['font-family="Inter"']));
  });

  it('returns a valid PNG of the size it reports: 800 px wide, 2× the layout', async () => {
    const chart = await renderStatsChart(stats);
    const svgHeight = Number(/<svg[^>]* height="(\d+)"/.exec(await renderStatsSvg(stats))?.[1]);
    expect(pngSize(chart.png)).toEqual({ width: chart.width, height: chart.height });
    expect([chart.width, chart.height]).toEqual([2 * SIZE.width, 2 * svgHeight]);
    expect(chart.png.length).toBeLessThan(MAX_PNG_BYTES);
  });
});

describe('renderStatsChart on the seed digest', () => {
  let stats: DigestStats;
  let svg: string;
  beforeAll(async () => {
    const [{ papers }, { topics }] = await Promise.all([loadDigest(SEEDS_DIR), loadTopics(SEEDS_DIR)]);
    const compiled = compileTopics(topics);
    const names = new Map(topics.map((topic) => [topic.id, topic.name]));
    stats = digestStats(papers, options({ labelsOf: (paper) => topicsOfPaper(paper, compiled).map((id) => names.get(id) ?? id), mixTitle: 'Topics' }));
    svg = await renderStatsSvg(stats);
  });

  it('draws 63 monthly bars, 4 organizations and the 8 largest topics', () => {
    // See test/library/digest-stats.test.ts for why these are the seed's figures.
    expect(barCount(svg, PERIOD_BARS)).toBe(63);
    expect(barCount(svg, ORGANIZATION_BARS)).toBe(4);
    expect(barCount(svg, MIX_BARS)).toBe(8);
  });

  it('labels the years 2022–2026 under the bars, inside the plot and apart', () => {
    // 63 months hold five Januaries (2022…2026): five year labels, none hidden by Vega.
    const { spans, hidden, plotWidth } = xAxisLabels(svg);
    expect(svg).toMatch(/>2022<\/text>.*>2026<\/text>/);
    expect([spans.length, hidden]).toEqual([5, 0]);
    expectApartAndInside(spans, plotWidth);
  });

  it('shortens the long topic names to fit beside their counts', () => {
    expect(svg).toContain('>Long-context language mo…</text>');
    expect(svg).toContain('>Long-context training</text>');
  });

  it('is a PNG under 1 MB', async () => {
    const chart = await renderStatsChart(stats);
    expect(pngSize(chart.png)).toEqual({ width: 800, height: chart.height });
    expect(chart.png.length).toBeLessThan(MAX_PNG_BYTES);
  });
});

describe('renderStatsChart on little or odd data', () => {
  it('draws a small "No papers" card for an empty digest', async () => {
    const stats = digestStats([], options({ title: 'Sparse attention since 2026-09-01', since: '2026-09-01' }));
    const svg = await renderStatsSvg(stats);
    expect(svg).toContain('>No papers to chart.</text>');
    expect(svg).toContain('>Sparse attention since 2026-09-01</text>');
    expect(barCount(svg, PERIOD_BARS)).toBe(0);
    const chart = await renderStatsChart(stats);
    expect(pngSize(chart.png)).toEqual({ width: 800, height: chart.height });
    expect(chart.height).toBeLessThan(250); // a strip, not an empty full-size card
  });

  it('draws one paper as one bar, and names an organization it cannot spell by its handle', async () => {
    const stats = digestStats([withOrg(makePaper('a', '2025-03-04'), 'NTU', '台灣大學')], options());
    const svg = await renderStatsSvg(stats);
    expect(barCount(svg, PERIOD_BARS)).toBe(1);
    expect(svg).toContain('>NTU</text>');
    expect(svg).not.toContain('台');
    // The one bar is at most MAX_STEP wide, not the whole plot.
    const bar = /<g class="mark-rect role-mark period-bars"[^>]*><path d="M[\d.]+,[\d.]+h([\d.]+)/.exec(svg);
    expect(Number(bar?.[1])).toBeLessThanOrEqual(MAX_STEP);
  });

  it('never throws for random papers, with one bar per period, organization and label', async () => {
    // Small papers with hostile names (the long-text cases are digestStats's property test):
    // rendering is the slow part, and shrinking a failure must stay quick.
    const day = fc
      .date({ min: new Date('1995-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
    const paper = fc
      .record({
        key: fc.string({ minLength: 1, maxLength: 6 }),
        publishedAt: fc.option(day, { freq: 4 }),
        organization: fc.option(fc.record({ id: fc.string({ minLength: 1, maxLength: 20 }), name: hostileText(80).map((name) => name || 'x') })),
        keywords: fc.array(hostileText(60), { maxLength: 4 }),
        upvotes: fc.option(fc.nat(5000)),
      })
      .map(({ key, publishedAt, ...rest }): Paper => ({ ...makePaper(key, publishedAt), ...rest }));
    await fc.assert(
      fc.asyncProperty(fc.array(paper, { maxLength: 12 }), hostileText(200), async (papers, title) => {
        const stats = digestStats(papers, options({ title, mixTitle: title }));
        const svg = await renderStatsSvg(stats);
        expect(barCount(svg, PERIOD_BARS)).toBe(stats.summary.total === 0 ? 0 : stats.perPeriod.length);
        expect(barCount(svg, ORGANIZATION_BARS)).toBe(stats.summary.total === 0 ? 0 : stats.organizations.top.length);
        expect(barCount(svg, MIX_BARS)).toBe(stats.summary.total === 0 ? 0 : stats.mix.top.length);
        if (stats.perPeriod.length > 0) {
          const { spans, hidden, plotWidth } = xAxisLabels(svg);
          // Labels were found (an empty list would pass every check below).
          expect(spans.length).toBeGreaterThan(0);
          expect(Number.isFinite(plotWidth)).toBe(true);
          expect(hidden).toBe(0);
          expectApartAndInside(spans, plotWidth);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('draws titles and labels named like Object.prototype members (a random run found "valueOf" crashed it)', async () => {
    for (const name of ['valueOf', 'toString', 'constructor', 'hasOwnProperty', '__proto__']) {
      const paper = { ...makePaper('2501.00001', '2025-01-05'), keywords: [name] };
      const stats = digestStats([paper], options({ title: name, mixTitle: name }));
      const svg = await renderStatsSvg(stats);
      expect(barCount(svg, MIX_BARS), name).toBe(1);
      expect(svg, name).toContain(`>${name}`);
    }
  });
});

describe.skipIf(!hasRealDigest)('renderStatsChart on the real digest (12,675 papers)', () => {
  let papers: Paper[];
  beforeAll(async () => {
    papers = (await loadDigest(REAL_DIGEST_DIR)).papers;
  });

  it('draws 32 months (Jan 2024 – Aug 2026) into a PNG under 1 MB, well under a second', async () => {
    const times: number[] = [];
    let chart: Awaited<ReturnType<typeof renderStatsChart>> | null = null;
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      const stats = digestStats(papers, options({ mixTitle: 'Keywords' }));
      chart = await renderStatsChart(stats);
      if (i > 0) times.push(performance.now() - started); // the first run warms up
    }
    const stats = digestStats(papers, options({ mixTitle: 'Keywords' }));
    expect(barCount(await renderStatsSvg(stats), PERIOD_BARS)).toBe(32);
    expect(chart && pngSize(chart.png)).toEqual({ width: 800, height: chart?.height });
    expect(chart?.png.length).toBeLessThan(MAX_PNG_BYTES);
    // Typically ~0.1 s; the bound leaves room for a busy CI machine, not for a 10× regression.
    expect(times.sort((a, b) => a - b)[1]).toBeLessThan(1000);
  });
});

/** Labels do not overlap (2 px apart at least) and stay within the plot. */
function expectApartAndInside(spans: [number, number][], plotWidth: number): void {
  for (const [i, [left, right]] of spans.entries()) {
    expect(left).toBeGreaterThanOrEqual(-0.5);
    expect(right).toBeLessThanOrEqual(plotWidth + 0.5);
    const next = spans[i + 1];
    if (next) expect(next[0] - right).toBeGreaterThanOrEqual(2);
  }
}
