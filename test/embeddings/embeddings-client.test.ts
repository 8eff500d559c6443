import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingsClient, embeddingsUrl } from '../../src/embeddings/embeddings-client.js';
import { EmbeddingsError } from '../../src/embeddings/embeddings-error.js';
import { EmbeddingsServer, fakeEmbedding, type EmbeddingsMode } from '../support/embeddings-server.js';

describe('EmbeddingsClient: an OpenAI-compatible /v1/embeddings endpoint', () => {
  const server = new EmbeddingsServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.mode = 'ok';
    server.slowMs = 5000;
    server.reset();
  });
  const client = (apiKey?: string) => new EmbeddingsClient({ baseUrl: server.url, model: 'fake-embed', apiKey }, 32);
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EmbeddingsError);
    return { failure: (error as EmbeddingsError).failure, message: (error as EmbeddingsError).message };
  };

  it('takes a base URL with or without /v1, as the chat client does', () => {
    expect(embeddingsUrl('http://localhost:11434')).toBe('http://localhost:11434/v1/embeddings');
    expect(embeddingsUrl('http://localhost:8000/v1/')).toBe('http://localhost:8000/v1/embeddings');
  });

  it('posts { model, input } in batches of 32 with the bearer key, and returns one vector per text in order', async () => {
    const texts = Array.from({ length: 70 }, (_, i) => `paper ${i} about ring attention number ${i}`);
    const vectors = await client('secret-key').embed(texts, { timeoutMs: 2000 });
    expect(server.requests.map((request) => request.inputs.length)).toEqual([32, 32, 6]);
    expect(server.requests[0]).toMatchObject({ path: '/v1/embeddings', model: 'fake-embed', authorization: 'Bearer secret-key' });
    expect(vectors).toHaveLength(70);
    expect([...(vectors[69] as Float32Array)]).toEqual([...Float32Array.from(fakeEmbedding(texts[69] as string))]);
  });

  it('sends no authorization header without a key, and orders vectors by their index', async () => {
    server.mode = 'shuffled';
    const vectors = await client().embed(['ring attention', 'diffusion video'], { timeoutMs: 2000 });
    expect(server.requests[0]?.authorization).toBeUndefined();
    expect([...(vectors[0] as Float32Array)]).toEqual([...Float32Array.from(fakeEmbedding('ring attention'))]);
  });

  it.each<[EmbeddingsMode, EmbeddingsError['failure'], string | RegExp]>([
    ['http-500', 'http', 'the server answered HTTP 500'],
    ['garbage', 'not-json', 'the response is not JSON ("<html>502 Bad Gateway</html>")'],
    ['wrong-count', 'count', '1 vector for 2 texts'],
    ['not-numbers', 'malformed', /^the response is not an embeddings list \(data\.0\.embedding\.0: .*expected number, received string\)$/],
    ['huge', 'too-large', /^the response over \d+ bytes$/],
  ])('refuses a %s response with a typed error that says what was wrong', async (mode, kind, message) => {
    server.mode = mode;
    const error = await failure(client().embed(['ring attention', 'diffusion video'], { timeoutMs: 2000 }));
    expect(error.failure).toBe(kind);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it.each<EmbeddingsMode>(['slow', 'slow-body'])('gives up on a %s server at the timeout', async (mode) => {
    server.mode = mode;
    const started = performance.now();
    expect(await failure(client().embed(['ring attention'], { timeoutMs: 200 }))).toEqual({ failure: 'timeout', message: 'no answer within 200 ms' });
    expect(performance.now() - started).toBeLessThan(1500);
    // The same server answering in time is fine: the body is whole.
    server.slowMs = 50;
    expect(await client().embed(['ring attention'], { timeoutMs: 2000 })).toHaveLength(1);
    server.slowMs = 5000;
  });

  it('refuses vectors of another dimension than the model gave before (or the cache holds)', async () => {
    const embeddings = client();
    await embeddings.embed(['ring attention'], { timeoutMs: 2000 });
    expect(embeddings.dimension).toBe(64);
    server.mode = 'wrong-dimension';
    expect(await failure(embeddings.embed(['ring attention'], { timeoutMs: 2000 }))).toEqual({
      failure: 'dimension',
      message: "vectors of dimension 32, expected 64 (the model's earlier vectors)",
    });
    const fromCache = client();
    fromCache.expectDimension(768);
    server.mode = 'ok';
    expect((await failure(fromCache.embed(['ring attention'], { timeoutMs: 2000 }))).message).toBe(
      "vectors of dimension 64, expected 768 (the model's earlier vectors)",
    );
  });

  it('says the server cannot be reached when nothing listens', async () => {
    const gone = await new EmbeddingsServer().start();
    await gone.stop();
    const error = await failure(new EmbeddingsClient({ baseUrl: gone.url, model: 'fake-embed' }).embed(['x'], { timeoutMs: 2000 }));
    expect(error).toEqual({ failure: 'network', message: 'cannot reach the server (ECONNREFUSED)' });
  });
});
