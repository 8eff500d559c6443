import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.js';
import type { EmbeddingsSettings } from '../../src/embeddings/embeddings-settings.js';
import { PaperEmbeddings } from '../../src/embeddings/paper-embeddings.js';
import { paperText } from '../../src/embeddings/paper-text.js';
import { makePaper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';
import { seedLibrary } from '../support/seed-library.js';
import { EmbeddingsServer, type EmbeddingsMode } from '../support/embeddings-server.js';

const WARN = 40;

describe('PaperEmbeddings: the papers embedded in the background, questions ranked by cosine', { timeout: 30_000 }, () => {
  const server = new EmbeddingsServer();
  let papers: Paper[];
  const running: PaperEmbeddings[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    await server.start();
    papers = (await seedLibrary()).all();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.mode = 'ok';
    server.slowMs = 5000;
    server.reset();
  });
  afterEach(async () => {
    for (const embeddings of running.splice(0)) await embeddings.stop();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  const cacheFile = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paper-embeddings-'));
    dirs.push(dir);
    return path.join(dir, 'embeddings.sqlite');
  };
  const start = (settings: Partial<EmbeddingsSettings> = {}, logs = memoryLogger()) => {
    const embeddings = PaperEmbeddings.create({ baseUrl: server.url, model: 'fake-embed', timeoutMs: 2000, ...settings }, logs.log);
    running.push(embeddings);
    return { embeddings, logs };
  };
  const embedded = async (settings: Partial<EmbeddingsSettings> = {}) => {
    const started = start(settings);
    started.embeddings.sync(papers);
    await started.embeddings.whenIdle();
    return started;
  };
  const warnings = (logs: ReturnType<typeof memoryLogger>) => logs.lines().filter((line) => line.level === WARN);
  const messages = (logs: ReturnType<typeof memoryLogger>) => logs.lines().map((line) => line.msg);

  it('embeds every seed paper in batches with progress in the log, and ranks a paper first for its own text', async () => {
    const { embeddings, logs } = await embedded({ progressEveryBatches: 1 });
    expect(server.requests.map((request) => request.inputs.length)).toEqual([32, 26]);
    expect(server.inputs()).toContain(paperText(papers[0] as Paper));
    expect(embeddings.status()).toEqual({ model: 'fake-embed', embedded: 58, total: 58, dimension: 64, failing: false, rankedQuestions: 0 });
    const lines = logs.lines();
    expect(lines.find((line) => line.msg === 'embedding papers in the background')).toMatchObject({ model: 'fake-embed', cached: 0, toEmbed: 58, total: 58 });
    expect(lines.filter((line) => line.msg === 'embedding papers').map(({ embedded, total }) => ({ embedded, total }))).toEqual([
      { embedded: 32, total: 58 },
      { embedded: 58, total: 58 },
    ]);
    expect(lines.find((line) => line.msg === 'papers embedded')).toMatchObject({ model: 'fake-embed', embedded: 58, total: 58, requested: 58 });
    for (const paper of [papers[0], papers[17], papers[57]] as Paper[]) {
      const ranking = await embeddings.rank(paperText(paper));
      expect(ranking?.[0]).toBe(paper.key);
      expect(ranking).toHaveLength(50);
    }
    expect(await embeddings.rank('ring attention', 5)).toHaveLength(5);
    expect(embeddings.status().rankedQuestions).toBe(4);
    expect(warnings(logs)).toEqual([]);
  });

  it('caches by model and text: a restart embeds nothing again, only new papers and changed texts', async () => {
    const file = await cacheFile();
    const first = await embedded({ cacheFile: file });
    await first.embeddings.stop();
    server.reset();

    const { embeddings, logs } = await embedded({ cacheFile: file });
    expect(server.inputs()).toHaveLength(0);
    expect(logs.lines().find((line) => line.msg === 'papers embedded')).toMatchObject({ embedded: 58, total: 58, requested: 0 });
    expect((await embeddings.rank(paperText(papers[3] as Paper)))?.[0]).toBe(papers[3]?.key);

    // The library grows: three new papers, and a known one whose abstract a later file extended.
    server.reset();
    const added = ['2612.00001', '2612.00002', '2612.00003'].map((key) => makePaper(key, '2026-12-01', `Zebrafish swimming study ${key}`));
    const changed = { ...(papers[5] as Paper), abstract: `${papers[5]?.abstract} Code is released.` };
    embeddings.sync([...added, changed, papers[6] as Paper]);
    await embeddings.whenIdle();
    expect(server.inputs().sort()).toEqual([...added, changed].map(paperText).sort());
    expect(embeddings.status()).toMatchObject({ embedded: 61, total: 61 });
    expect((await embeddings.rank(paperText(added[1] as Paper)))?.[0]).toBe('2612.00002');

    // Another model never reads these vectors.
    server.reset();
    await embedded({ cacheFile: file, model: 'other-model' });
    expect(server.inputs()).toHaveLength(58);
  });

  it('warns once and embeds without a cache it cannot open', async () => {
    const dir = path.dirname(await cacheFile());
    const { embeddings, logs } = start({ cacheFile: path.join(dir) });
    embeddings.sync(papers);
    await embeddings.whenIdle();
    expect(warnings(logs).map((line) => line.msg)).toEqual(['cannot open the embeddings cache: papers are embedded without it, again at every start']);
    expect(embeddings.status().embedded).toBe(58);
  });

  it.each<EmbeddingsMode>(['http-500', 'slow', 'wrong-dimension', 'garbage', 'wrong-count', 'not-numbers'])(
    'a %s endpoint: rank returns undefined, with one warning over several questions, and says when it recovers',
    async (mode) => {
      const { embeddings, logs } = await embedded({ timeoutMs: 300, questionPauseMs: 0 });
      server.mode = mode;
      server.reset();
      const started = performance.now();
      for (let i = 0; i < 4; i++) expect(await embeddings.rank(`question ${i} about ring attention`)).toBeUndefined();
      // Every question tried the endpoint (no pause here), and none waited much past the timeout.
      expect(server.requests).toHaveLength(4);
      expect(performance.now() - started).toBeLessThan(4 * 300 + 1500);
      expect(warnings(logs)).toHaveLength(1);
      expect(warnings(logs)[0]).toMatchObject({ model: 'fake-embed', url: `${server.url}/v1/embeddings`, during: 'question' });
      expect(String(warnings(logs)[0]?.msg)).toMatch(/^embeddings endpoint failed \(.+\): \/ask uses the offline ranking until it answers again$/);
      expect(embeddings.status().failing).toBe(true);

      server.mode = 'ok';
      expect((await embeddings.rank(paperText(papers[2] as Paper)))?.[0]).toBe(papers[2]?.key);
      expect(messages(logs)).toContain('embeddings endpoint answers again: /ask ranks with embeddings');
      server.mode = mode;
      expect(await embeddings.rank('ring attention')).toBeUndefined();
      expect(warnings(logs)).toHaveLength(2);
    },
  );

  it('names what was wrong in the warning', async () => {
    const { embeddings, logs } = await embedded({ questionPauseMs: 0 });
    server.mode = 'wrong-dimension';
    await embeddings.rank('ring attention');
    server.mode = 'http-500';
    await embeddings.rank('ring attention');
    expect(warnings(logs).map((line) => line.reason)).toEqual(["vectors of dimension 32, expected 64 (the model's earlier vectors)"]);
    expect(
      logs
        .lines()
        .filter((line) => line.msg === 'embeddings endpoint still failing')
        .map((line) => line.reason),
    ).toEqual(['the server answered HTTP 500']);
  });

  it('after a failed question, skips the endpoint for a while so a dead one costs /ask nothing', async () => {
    const { embeddings } = await embedded({ timeoutMs: 200, questionPauseMs: 60_000 });
    server.mode = 'slow';
    server.reset();
    expect(await embeddings.rank('ring attention')).toBeUndefined();
    for (let i = 0; i < 3; i++) expect(await embeddings.rank('ring attention')).toBeUndefined();
    // Only the first question reached the (slow) server: the next three did not wait for it.
    expect(server.requests).toHaveLength(1);
  });

  it('keeps retrying papers while the endpoint is down, with one warning, and finishes once it is back', async () => {
    server.mode = 'http-500';
    const { embeddings, logs } = start({ retryDelayMs: 20 });
    embeddings.sync(papers);
    for (let waited = 0; server.requests.length < 4 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    expect(await embeddings.rank('ring attention')).toBeUndefined();
    expect(warnings(logs)).toHaveLength(1);
    expect(warnings(logs)[0]).toMatchObject({ during: 'papers', reason: 'the server answered HTTP 500' });
    server.mode = 'ok';
    await embeddings.whenIdle();
    expect(embeddings.status()).toMatchObject({ embedded: 58, failing: false });
    expect(messages(logs)).toContain('embeddings endpoint answers again: /ask ranks with embeddings');
    expect(warnings(logs)).toHaveLength(1);
  });

  it('answers questions while papers are being embedded, from those embedded so far', async () => {
    server.mode = 'slow';
    server.slowMs = 300;
    const { embeddings } = start({ batchSize: 8 });
    embeddings.sync(papers);
    expect(await embeddings.rank('ring attention')).toBeUndefined();
    for (let waited = 0; embeddings.status().embedded === 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    server.mode = 'ok';
    const partial = embeddings.status().embedded;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(58);
    const ranking = await embeddings.rank('ring attention');
    expect(ranking?.length).toBeGreaterThan(0);
    expect(ranking?.length).toBeLessThanOrEqual(embeddings.status().embedded);
  });

  it('stops at once, cancelling the request in flight', async () => {
    server.mode = 'slow';
    const { embeddings, logs } = start();
    embeddings.sync(papers);
    for (let waited = 0; server.requests.length === 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    await embeddings.stop();
    expect(performance.now() - started).toBeLessThan(1500);
    expect(await embeddings.rank('ring attention')).toBeUndefined();
    expect(warnings(logs)).toEqual([]);
  });
});
