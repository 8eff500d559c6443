import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatePapers, writeDailyPapers } from '../../scripts/bench/generate-corpus.js';
import { loadDigest } from '../../src/digest/load-digest.js';
import { measureBot, measurePlain } from '../../scripts/bench/measure.js';
import { PaperSchema } from '../../src/digest/paper.js';
import { seedLibrary } from '../support/seed-library.js';

/** A smoke run of the benchmark code on a tiny corpus: it runs, and its corpus is valid. No timing is asserted. */
describe('benchmark code', () => {
  it('generates the same valid, realistic corpus for the same seed', async () => {
    const seed = (await seedLibrary()).all();
    const papers = generatePapers(seed, 300, 7);
    expect(generatePapers(seed, 300, 7).map((paper) => paper.title)).toEqual(papers.map((paper) => paper.title));
    expect(new Set(papers.map((paper) => paper.key)).size).toBe(300);
    for (const paper of papers) expect(PaperSchema.safeParse(paper).success).toBe(true);
    const words = papers.map((paper) => paper.abstract.split(' ').length).sort((a, b) => a - b);
    expect(words[150]).toBeGreaterThan(150);
    expect(words[150]).toBeLessThan(260);
  });

  // The bot's cells run the compiled worker, so a fresh clone builds dist/ first (10-15 s).
  it('measures the bot (through its compiled worker) and plain MiniSearch on the same papers', { timeout: 90_000 }, async () => {
    const library = await seedLibrary();
    const dir = await mkdtemp(path.join(tmpdir(), 'bench-'));
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'bench-cache-'));
    writeDailyPapers(generatePapers(library.all(), 200), dir);
    const bot = await measureBot(dir, cacheDir, 1 << 30);
    const plain = await measurePlain(async () => (await loadDigest(dir)).papers);
    await rm(dir, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
    expect(bot.burst?.expired).toBe(0);
    for (const result of [bot, plain]) {
      expect(result.papers).toBe(200);
      for (const latency of [result.search, result.ask, result.autocomplete]) {
        expect(Number.isFinite(latency.p99) && latency.p99 > 0).toBe(true);
      }
      expect(Number.isFinite(result.coldStartMs) && result.coldStartMs > 0).toBe(true);
      expect(result.peakRssMb).toBeGreaterThan(0);
    }
  });
});
