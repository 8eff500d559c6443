import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { renderStatsSvg } from '../../src/charts/render-stats-chart.js';
import { UserError, type Command } from '../../src/interactions/command.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import { chartAltText } from '../../src/present/chart-alt-text.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { commandContext } from '../support/command-context.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';
import { barCounts, pngSize, svgHeight } from '../support/png-chart.js';
import { expectedSeedStats, startLibraryWorker } from '../support/seed-library.js';

let library: LibraryClient;
const stats = new CommandRegistry(commands).get('stats') as Command;

beforeAll(async () => {
  library = await startLibraryWorker();
});
afterAll(async () => {
  await library?.stop();
});

describe('/stats on the seed', () => {
  it('attaches the chart the worker drew of the whole digest, with alt text and the summary under it', async () => {
    const payload = await stats.run(commandContext(library), {});
    expectWithinDiscordLimits(payload);
    expect(payload.ephemeral).toBe(false);
    expect(payload.content).toBe('📊 **All papers**');
    const [file] = payload.files;
    expect(file?.name).toBe('stats.png');
    expect(payload.embeds[0]?.image).toEqual({ url: 'attachment://stats.png' });

    const expected = await expectedSeedStats();
    const svg = await renderStatsSvg(expected);
    // 63 months from Apr 2021 to Jun 2026, the 4 organizations the seed names, the 8 largest of its topics.
    expect(barCounts(svg)).toEqual({ periods: 63, organizations: 4, mix: 8 });
    // The PNG is the picture of these statistics: drawn at 2×, and described by their alt text.
    expect(pngSize(file?.data as Uint8Array)).toEqual({ width: 800, height: 2 * svgHeight(svg) });
    expect(file?.description).toBe(chartAltText(expected));
    expect(file?.description).toContain('Papers per month: 63 bars, most in October 2024 (5).');

    // October 2024 and February 2025 both have 5 papers; the earlier one is the busiest.
    expect(payload.embeds[0]?.footer?.text).toBe(
      [
        '58 papers from 1 Apr 2021 to 9 Jun 2026 (1 undated).',
        'Busiest month: October 2024 (5).',
        'Most upvoted: Context Forcing: Consistent Autoregressive Video Generation with Long Context (7 upvotes).',
      ].join('\n'),
    );
  });

  it('counts a topic since a day, with the keywords mix inside a topic', async () => {
    const payload = await stats.run(commandContext(library), { topic: 'video', since: '2025' });
    expect(payload.content).toBe('📊 **Video and multimodal since 1 Jan 2025**');
    // 9 of the topic's 17 papers are of 2025 or later; the seed's listing has no ai_keywords, so there is no mix to name.
    expect(payload.files[0]?.description).toBe(
      'Video and multimodal since 1 Jan 2025: 9 papers, 5 Jan 2025 to 9 Jun 2026. Papers per month: 18 bars, most in January 2025 (1). Top organizations: TIGER-Lab 1.',
    );
  });

  it('answers in words when no paper is left, and refuses a date or topic it does not know', async () => {
    const empty = await stats.run(commandContext(library), { since: '2030-01-01' });
    expect([empty.content, empty.files.length]).toEqual(['📊 **All papers since 1 Jan 2030**: no papers to count.', 0]);
    await expect(stats.run(commandContext(library), { since: 'the day after tomorrow' })).rejects.toThrow(UserError);
    await expect(stats.run(commandContext(library), { topic: 'astrology' })).rejects.toThrow('There is no topic `astrology`');
  });
});
