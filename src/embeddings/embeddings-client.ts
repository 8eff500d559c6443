import { readCapped } from '../http/read-capped.js';
import { EmbeddingsError } from './embeddings-error.js';
import { parseEmbeddingsResponse } from './embeddings-response.js';

export interface EmbeddingsEndpoint {
  /** An OpenAI-compatible server, with or without /v1: http://localhost:11434 (Ollama), http://localhost:8000/v1 (vLLM). */
  baseUrl: string;
  model: string;
  /** Sent as a bearer token when set; never logged. */
  apiKey?: string | undefined;
}

interface EmbedOptions {
  /** Each request gives up after this long. */
  timeoutMs: number;
  /** Aborts the request in flight (stopping the worker). */
  signal?: AbortSignal | undefined;
}

/** Texts per request: servers cap their batches, and a smaller request fails alone. */
const DEFAULT_BATCH_SIZE = 32;
/** Room for the JSON around the vectors, plus this much per vector (4,096 dimensions at ~30 characters each). */
const RESPONSE_BASE_BYTES = 64 * 1024;
const RESPONSE_BYTES_PER_VECTOR = 128 * 1024;

export function embeddingsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}${/\/v1$/.test(base) ? '' : '/v1'}/embeddings`;
}

/**
 * An OpenAI-compatible `/v1/embeddings` client (Ollama, vLLM, text-embeddings-inference,
 * llama.cpp server). Sends `{ model, input }` in batches, each with a timeout, reads at most
 * a size in proportion to the batch, and accepts only one vector of finite numbers per text,
 * all of the dimension of the first vector it ever got (or was told of, from the cache).
 * Anything else throws an EmbeddingsError that says what was wrong.
 */
export class EmbeddingsClient {
  readonly url: string;
  #dimension: number | undefined;

  constructor(
    private readonly endpoint: EmbeddingsEndpoint,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.url = embeddingsUrl(endpoint.baseUrl);
  }

  get model(): string {
    return this.endpoint.model;
  }

  /** The model's dimension, once known. */
  get dimension(): number | undefined {
    return this.#dimension;
  }

  /** Fixes the dimension (from cached vectors) before the server is first asked. */
  expectDimension(dimension: number): void {
    this.#dimension ??= dimension;
  }

  /** One vector per text, in order. */
  async embed(texts: readonly string[], options: EmbedOptions): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await this.#request(texts.slice(start, start + this.batchSize), options)));
    }
    return vectors;
  }

  async #request(input: string[], { timeoutMs, signal }: EmbedOptions): Promise<Float32Array[]> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const body = await this.#fetchBody(input, signal ? AbortSignal.any([timeout, signal]) : timeout, timeoutMs);
    const vectors = parseEmbeddingsResponse(body, input.length);
    const dimension = vectors[0]?.length;
    if (dimension !== undefined && this.#dimension !== undefined && dimension !== this.#dimension) {
      throw new EmbeddingsError('dimension', `vectors of dimension ${dimension}, expected ${this.#dimension} (the model's earlier vectors)`);
    }
    this.#dimension ??= dimension;
    return vectors;
  }

  async #fetchBody(input: string[], signal: AbortSignal, timeoutMs: number): Promise<string> {
    try {
      const response = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.endpoint.apiKey ? { authorization: `Bearer ${this.endpoint.apiKey}` } : {}) },
        body: JSON.stringify({ model: this.endpoint.model, input }),
        signal,
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new EmbeddingsError('http', `the server answered HTTP ${response.status}`);
      }
      return await readCapped(response, RESPONSE_BASE_BYTES + input.length * RESPONSE_BYTES_PER_VECTOR, 'the response');
    } catch (error) {
      throw asEmbeddingsError(error, timeoutMs);
    }
  }
}

function asEmbeddingsError(error: unknown, timeoutMs: number): EmbeddingsError {
  if (error instanceof EmbeddingsError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return new EmbeddingsError('timeout', `no answer within ${timeoutMs} ms`);
  if (name === 'AbortError') return new EmbeddingsError('aborted', 'the request was cancelled');
  const message = error instanceof Error ? error.message : String(error);
  if (/over the .*cap|over \d+ bytes/.test(message)) return new EmbeddingsError('too-large', message);
  // fetch() says "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND, ...) as its cause.
  const cause = error instanceof Error && error.cause instanceof Error ? ((error.cause as NodeJS.ErrnoException).code ?? error.cause.message) : message;
  return new EmbeddingsError('network', `cannot reach the server (${cause})`);
}
