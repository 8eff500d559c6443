import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchHfPaper } from '../../src/unfurl/fetch-hf-paper.js';

/** The start of a real `/api/papers/{id}` answer: the `paper` object of a daily_papers item. */
const PAPER = {
  id: '2402.08268',
  authors: [{ _id: '65cc0e5e7b5c5c0b3a3b1a01', name: 'Hao Liu', hidden: false }],
  publishedAt: '2024-02-13T18:59:58.000Z',
  title: 'World Model on Million-Length Video And Language With Blockwise RingAttention',
  summary: 'Current language models fall short in understanding aspects of the world not easily described in words.',
  upvotes: 12,
};

let server: Server | null = null;
const requests: { url: string | undefined; accept: string | undefined }[] = [];

/** A server on 127.0.0.1 answering every request with `handle`; resolves to its base URL. */
async function serve(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  server = createServer((request, response) => {
    requests.push({ url: request.url, accept: request.headers.accept });
    handle(request, response);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  requests.length = 0;
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

describe('fetchHfPaper', () => {
  it('GETs /api/papers/{id} asking for JSON and returns the parsed object', async () => {
    const baseUrl = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(PAPER));
    });
    // A trailing slash on the base URL does not double the slash in the path.
    await expect(fetchHfPaper('2402.08268', { baseUrl: `${baseUrl}/` })).resolves.toEqual(PAPER);
    expect(requests).toEqual([{ url: '/api/papers/2402.08268', accept: 'application/json' }]);
  });

  it('returns null for 404: Hugging Face has not indexed the paper', async () => {
    const baseUrl = await serve((_, response) => {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Paper not found"}');
    });
    await expect(fetchHfPaper('2402.08268', { baseUrl })).resolves.toBeNull();
  });

  it('throws for any other status, naming it', async () => {
    const baseUrl = await serve((request, response) => {
      response.writeHead(request.url?.endsWith('1') ? 429 : 500).end('oops');
    });
    await expect(fetchHfPaper('2402.08268', { baseUrl })).rejects.toThrow('Hugging Face paper 2402.08268: Hugging Face answered HTTP 500');
    await expect(fetchHfPaper('2401.00001', { baseUrl })).rejects.toThrow('Hugging Face paper 2401.00001: Hugging Face answered HTTP 429');
  });

  it('gives up on a server that does not answer in time', async () => {
    const baseUrl = await serve(() => {
      // Never answers.
    });
    const started = Date.now();
    await expect(fetchHfPaper('2402.08268', { baseUrl, timeoutMs: 200 })).rejects.toThrow('Hugging Face paper 2402.08268: no complete answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('gives up on a body that trickles in past the timeout', async () => {
    const baseUrl = await serve((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"id":');
      // The rest never comes.
    });
    await expect(fetchHfPaper('2402.08268', { baseUrl, timeoutMs: 200 })).rejects.toThrow('no complete answer within 200 ms');
  });

  it('refuses a body over the cap, declared or streamed', async () => {
    const big = JSON.stringify({ ...PAPER, summary: 'x'.repeat(5000) });
    const baseUrl = await serve((request, response) => {
      if (request.url?.endsWith('1')) {
        // Declared: refused from the Content-Length header, before reading.
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) }).end(big);
      } else {
        // Chunked: no Content-Length, so the cap is enforced while reading.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write(big.slice(0, 2500));
        response.end(big.slice(2500));
      }
    });
    await expect(fetchHfPaper('2401.00001', { baseUrl, maxBytes: 1000 })).rejects.toThrow(
      /^Hugging Face paper 2401.00001 is \d+ bytes, over the 1000-byte cap$/,
    );
    await expect(fetchHfPaper('2402.08268', { baseUrl, maxBytes: 1000 })).rejects.toThrow('Hugging Face paper 2402.08268 over 1000 bytes');
  });

  it('throws for a body that is not a JSON object', async () => {
    const bodies: Record<string, string> = {
      '/api/papers/2401.00001': '<html>busy</html>',
      '/api/papers/2401.00002': '[1, 2]',
      '/api/papers/2401.00003': 'null',
    };
    const baseUrl = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(bodies[request.url ?? '']);
    });
    await expect(fetchHfPaper('2401.00001', { baseUrl })).rejects.toThrow('Hugging Face paper 2401.00001: the answer is not JSON');
    await expect(fetchHfPaper('2401.00002', { baseUrl })).rejects.toThrow('Hugging Face paper 2401.00002: the answer is not a JSON object');
    await expect(fetchHfPaper('2401.00003', { baseUrl })).rejects.toThrow('Hugging Face paper 2401.00003: the answer is not a JSON object');
  });

  it('says it could not reach Hugging Face when the connection fails', async () => {
    const baseUrl = await serve((request) => {
      request.socket.destroy();
    });
    await expect(fetchHfPaper('2402.08268', { baseUrl })).rejects.toThrow(/^Hugging Face paper 2402.08268: could not reach Hugging Face \(/);
  });

  it('refuses anything but a new-style arXiv id before asking, so the path cannot be steered', async () => {
    const baseUrl = await serve((_, response) => {
      response.end('{}');
    });
    for (const id of ['../models', '2402.08268v2', 'hep-th/9901001', '2402.08268?x=1', '']) {
      await expect(fetchHfPaper(id, { baseUrl })).rejects.toThrow('not a new-style arXiv id');
    }
    expect(requests).toEqual([]);
  });
});
