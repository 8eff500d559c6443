import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback-server.js';
import { processTerm, tokenize } from '../../src/library/text-analysis.js';

/**
 * How the server answers: `ok` (vectors in order), `shuffled` (in reverse order, with their
 * indexes), `slow` (ok, after `slowMs`), `slow-body` (headers at once, the body after
 * `slowMs`), `http-500`, `wrong-dimension` (32 instead of 64),
 * `garbage` (not JSON), `wrong-count` (one vector fewer than texts), `not-numbers` (numbers
 * as strings), `huge` (a body of megabytes).
 */
export type EmbeddingsMode = 'ok' | 'shuffled' | 'slow' | 'slow-body' | 'http-500' | 'wrong-dimension' | 'garbage' | 'wrong-count' | 'not-numbers' | 'huge';

export const FAKE_DIMENSION = 64;

interface EmbeddingsRequest {
  path: string;
  model: string;
  inputs: string[];
  authorization: string | undefined;
}

/**
 * A local OpenAI-compatible `/v1/embeddings` endpoint on 127.0.0.1 (a random port) with
 * deterministic vectors (see fakeEmbedding) and switchable failures. It records every
 * request, so tests can count what was embedded.
 */
export class EmbeddingsServer {
  mode: EmbeddingsMode = 'ok';
  /** How long `slow` waits before answering. */
  slowMs = 5000;
  readonly requests: EmbeddingsRequest[] = [];
  readonly #server: Server = createServer((req, res) => void this.#handle(req, res));
  readonly #timers = new Set<NodeJS.Timeout>();
  url = '';

  async start(): Promise<this> {
    this.url = await listenOnLoopback(this.#server);
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    await closeServer(this.#server);
  }

  /** Every text asked for, in order, over all requests (since the last reset). */
  inputs(): string[] {
    return this.requests.flatMap((request) => request.inputs);
  }

  reset(): void {
    this.requests.length = 0;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; input: string | string[] };
    const inputs = typeof body.input === 'string' ? [body.input] : body.input;
    this.requests.push({ path: req.url, model: body.model, inputs, authorization: req.headers.authorization });
    const json = (value: unknown): void => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const list = (vectors: unknown[], indexed = true) => ({
      object: 'list',
      model: body.model,
      data: vectors.map((embedding, index) => ({ object: 'embedding', embedding, ...(indexed ? { index } : {}) })),
    });
    switch (this.mode) {
      case 'ok':
        return json(list(inputs.map((text) => fakeEmbedding(text))));
      case 'shuffled': {
        const data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })).reverse();
        return json({ object: 'list', data });
      }
      case 'slow': {
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          if (!res.destroyed) json(list(inputs.map((text) => fakeEmbedding(text))));
        }, this.slowMs);
        this.#timers.add(timer);
        return;
      }
      case 'slow-body': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":[');
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          if (!res.destroyed) res.end(`${JSON.stringify(list(inputs.map((text) => fakeEmbedding(text))).data).slice(1)}}`);
        }, this.slowMs);
        this.#timers.add(timer);
        return;
      }
      case 'http-500':
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"model crashed"}');
        return;
      case 'wrong-dimension':
        return json(list(inputs.map((text) => fakeEmbedding(text, 32))));
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' }).end('<html>502 Bad Gateway</html>');
        return;
      case 'wrong-count':
        return json(list(inputs.slice(1).map((text) => fakeEmbedding(text))));
      case 'not-numbers':
        return json(list(inputs.map((text) => fakeEmbedding(text).map(String))));
      case 'huge': {
        // Streamed without a length, so only the running count can stop it.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":[{"index":0,"embedding":[');
        for (let i = 0; i < 100 && !res.destroyed; i++) res.write(`${Array.from({ length: 5000 }, () => '0.123456789').join(',')},`);
        res.end('1]}]}');
        return;
      }
    }
  }
}

/**
 * A deterministic embedding: the text's stemmed words (stopwords dropped, as the index does)
 * hashed into `dimension` signed buckets, L2-normalised. Texts that share words are close;
 * a text is nearest to itself.
 */
export function fakeEmbedding(text: string, dimension = FAKE_DIMENSION): number[] {
  const vector = new Array<number>(dimension).fill(0);
  for (const word of tokenize(text)) {
    const stem = processTerm(word);
    if (stem === null) continue;
    const hash = fnv1a(stem);
    vector[hash % dimension] = (vector[hash % dimension] as number) + ((hash >>> 16) & 1 ? 1 : -1);
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) return vector.map((_, i) => (i === 0 ? 1 : 0));
  return vector.map((value) => value / norm);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
