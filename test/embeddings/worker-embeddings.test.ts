import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/library/answer-question.js';
import { libraryInit } from '../../src/start-bot.js';
import { parseConfig } from '../../src/config.js';
import { LibraryClient } from '../../src/worker/library-client.js';
import type { WorkerInit } from '../../src/worker/protocol.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEED_NOW, SEEDS_DIR, seedLibrary } from '../support/seed-library.js';
import { EmbeddingsServer } from '../support/embeddings-server.js';

const QUESTION = 'How much prefill speedup do the Qwen2.5-1M models achieve?';
const WARN = 40;

describe('/ask through the real library worker with an embeddings endpoint', { timeout: 60_000 }, () => {
  const server = new EmbeddingsServer();
  const clients: LibraryClient[] = [];
  const dirs: string[] = [];
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.mode = 'ok';
    server.reset();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  const tempDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'worker-embeddings-'));
    dirs.push(dir);
    return dir;
  };
  const start = async (init: Partial<WorkerInit> = {}, logs = memoryLogger()) => {
    const dataDir = await tempDir();
    const client = new LibraryClient({
      init: {
        digestDir: SEEDS_DIR,
        watch: false,
        logLevel: 'info',
        embeddings: { baseUrl: server.url, model: 'fake-embed', timeoutMs: 2000, cacheFile: path.join(dataDir, 'embeddings.sqlite') },
        ...init,
      },
      log: logs.log,
    }).start();
    clients.push(client);
    await client.whenReady();
    return { client, logs };
  };
  const embeddingsStatus = async (client: LibraryClient) => (await client.api.status()).embeddings;
  const untilEmbedded = async (client: LibraryClient, count: number) => {
    for (let waited = 0; ((await embeddingsStatus(client))?.embedded ?? 0) < count && waited < 20_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('embeds the digest once loaded, ranks /ask questions with it, and embeds papers ingested later', async () => {
    const digestDir = await tempDir();
    await cp(SEEDS_DIR, digestDir, { recursive: true });
    const { client, logs } = await start({ digestDir });
    await untilEmbedded(client, 58);
    expect(await embeddingsStatus(client)).toEqual({ model: 'fake-embed', embedded: 58, total: 58, dimension: 64, failing: false, rankedQuestions: 0 });
    expect(logs.lines().find((line) => line.msg === 'papers embedded')).toMatchObject({ thread: 'library', embedded: 58, total: 58, requested: 58 });

    const answer = await client.api.answer(QUESTION, SEED_NOW.toISOString());
    expect(answer.status).toBe('answered');
    expect(server.inputs()).toContain(QUESTION);
    expect((await embeddingsStatus(client))?.rankedQuestions).toBe(1);

    server.reset();
    await writeFile(
      path.join(digestDir, 'new.json'),
      JSON.stringify([{ paper: { id: '2611.00001', title: 'Ring attention for zebrafish videos', summary: 'Long video understanding with ring attention.' } }]),
    );
    expect(await client.api.ingestFile('new.json')).toEqual({ papers: 1, added: 1 });
    await untilEmbedded(client, 59);
    expect(server.inputs()).toEqual(['Ring attention for zebrafish videos\nLong video understanding with ring attention.']);
    expect(logs.lines().filter((line) => line.level === WARN)).toEqual([]);
  });

  it('still answers /ask when the endpoint answers 500: the offline answer, and one warning over several questions', async () => {
    server.mode = 'http-500';
    const { client, logs } = await start();
    const offline = answerQuestion(await seedLibrary(), QUESTION, SEED_NOW);
    for (let i = 0; i < 3; i++) expect(await client.api.answer(QUESTION, SEED_NOW.toISOString())).toEqual(offline);
    // The background batch may still be on its way: the warning comes once it failed.
    for (let waited = 0; !(await embeddingsStatus(client))?.failing && waited < 20_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await client.api.answer(QUESTION, SEED_NOW.toISOString())).toEqual(offline);
    const warnings = logs.lines().filter((line) => line.level === WARN);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      thread: 'library',
      reason: 'the server answered HTTP 500',
      msg: 'embeddings endpoint failed (the server answered HTTP 500): /ask uses the offline ranking until it answers again',
    });
    expect(await embeddingsStatus(client)).toMatchObject({ embedded: 0, total: 58, failing: true, rankedQuestions: 0 });
  });

  it('answers the offline answer within the timeout when the endpoint turns slow or failing after embedding the papers', async () => {
    const dataDir = await tempDir();
    const embeddings = { baseUrl: server.url, model: 'fake-embed', timeoutMs: 300, questionPauseMs: 0, cacheFile: path.join(dataDir, 'embeddings.sqlite') };
    const { client, logs } = await start({ embeddings });
    await untilEmbedded(client, 58);
    const offline = answerQuestion(await seedLibrary(), QUESTION, SEED_NOW);
    server.mode = 'slow';
    const started = performance.now();
    expect(await client.api.answer(QUESTION, SEED_NOW.toISOString())).toEqual(offline);
    expect(performance.now() - started).toBeLessThan(300 + 1500);
    server.mode = 'http-500';
    expect(await client.api.answer(QUESTION, SEED_NOW.toISOString())).toEqual(offline);
    const warnings = logs.lines().filter((line) => line.level === WARN);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ during: 'question', reason: 'no answer within 300 ms' });
    expect(await embeddingsStatus(client)).toMatchObject({ embedded: 58, failing: true, rankedQuestions: 0 });
  });

  it('gets its settings from the configuration: DATA_DIR/embeddings.sqlite for the bot, no cache for the console', () => {
    const config = parseConfig({
      DATA_DIR: '/srv/bot',
      EMBEDDINGS_BASE_URL: 'http://localhost:11434',
      EMBEDDINGS_MODEL: 'nomic-embed-text',
      EMBEDDINGS_API_KEY: 'k',
    });
    expect(libraryInit(config).embeddings).toEqual({
      baseUrl: 'http://localhost:11434',
      model: 'nomic-embed-text',
      apiKey: 'k',
      timeoutMs: 2000,
      cacheFile: path.join('/srv/bot', 'embeddings.sqlite'),
    });
    expect(libraryInit(config, { cacheDir: undefined, watch: false }).embeddings).toMatchObject({ model: 'nomic-embed-text', cacheFile: undefined });
    expect(libraryInit(parseConfig({})).embeddings).toBeUndefined();
  });
});
