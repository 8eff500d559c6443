import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { renderStatsChart, renderStatsSvg } from '../../src/charts/render-stats-chart.js';
import type { DiscordBot } from '../../src/discord/start-discord.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import { chartAltText } from '../../src/present/chart-alt-text.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { startTestDiscord } from '../support/bot-harness.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { barCounts, pngSize, svgHeight } from '../support/png-chart.js';
import { expectedSeedStats, SEED_NOW, startLibraryWorker } from '../support/seed-library.js';

const TOKEN = 'e2e-stats-token.abcdefghijklmnopqrstuvwxyz';

describe('/stats and /trending through the real discord.js client', () => {
  let discord: FakeDiscord;
  let bot: DiscordBot;
  let library: LibraryClient;
  let dataDir: string;

  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    library = await startLibraryWorker();
    dataDir = await mkdtemp(path.join(tmpdir(), 'data-'));
    bot = startTestDiscord(discord, TOKEN, library, {
      registry: new CommandRegistry(commands),
      log: memoryLogger().log,
      dataDir,
      router: { now: () => SEED_NOW },
    });
    await bot.ready;
  });
  afterAll(async () => {
    await bot?.stop();
    await library?.stop();
    await discord?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('/stats uploads a valid PNG (multipart) of the seed, drawn with the expected bars, shown in a public embed', { timeout: 30_000 }, async () => {
    const { id } = discord.slashCommand('stats');
    // The first chart of a worker loads Vega and the fonts: the router may defer, then edit with the file.
    const responses = await discord.waitFor(
      () => (discord.responses.get(id)?.some((response) => response.files?.length) ? discord.responses.get(id) : undefined),
      20_000,
    );
    const answer = responses.find((response) => response.files?.length);
    const [file] = answer?.files ?? [];
    expect(discord.isPrivate(id)).toBe(false);
    expect([file?.field, file?.name, file?.contentType]).toEqual(['files[0]', 'stats.png', 'image/png']);

    // The same statistics computed here: 63 monthly bars, 4 organizations, 8 topics (see test/commands/stats.test.ts).
    const expected = await expectedSeedStats();
    const svg = await renderStatsSvg(expected);
    expect(barCounts(svg)).toEqual({ periods: 63, organizations: 4, mix: 8 });
    // The 8-byte signature and IHDR of what Discord received: 800 px wide, the picture's height at 2×.
    expect(pngSize(file?.bytes as Buffer)).toEqual({ width: 800, height: 2 * svgHeight(svg) });
    // And it is that picture, byte for byte: the bars counted above are the ones uploaded.
    expect(Buffer.from(file?.bytes as Buffer).equals(Buffer.from((await renderStatsChart(expected)).png))).toBe(true);

    const data = answer?.data as {
      content: string;
      embeds: { image: { url: string }; footer: { text: string } }[];
      attachments: { id: string; description: string }[];
    };
    expect(data.content).toBe('📊 **All papers**');
    expect(data.embeds[0]?.image.url).toBe('attachment://stats.png');
    expect(data.embeds[0]?.footer.text).toMatch(/^58 papers from 1 Apr 2021 to 9 Jun 2026 \(1 undated\)\.\nBusiest month: October 2024 \(5\)\./);
    // discord.js names the upload files[0] and describes it as attachment "0", with the alt text.
    expect(data.attachments).toEqual([{ id: '0', description: chartAltText(expected) }]);
    expect(discord.rejections).toEqual([]);
  });

  it("/trending answers publicly, in the order of the seed's upvotes", async () => {
    const { id } = discord.slashCommand('trending', { days: 30 });
    const message = (await discord.finalMessage(id)) as { content: string; embeds: { description: string }[] };
    expect(discord.isPrivate(id)).toBe(false);
    expect(message.content).toBe(
      '🔥 Nothing was published in the last 30 days; trending in the 30 days up to the newest paper instead (May 11, 2026 – Jun 9, 2026)',
    );
    expect([...message.embeds[0]!.description.matchAll(/papers\/([\d.]+)\)/g)].map((match) => match[1])).toEqual(['2605.13511', '2606.12195', '2605.14589']);
    expect(discord.rejections).toEqual([]);
  });
});
