import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { REAL_DIGEST_DIR } from '../support/real-digest.js';

export const FEED_DAYS_DIR = path.join(REAL_DIGEST_DIR, 'feed-days');

/** The raw bytes of a real archived `daily_papers` day. */
export function realDay(day: string): Buffer {
  return readFileSync(path.join(FEED_DAYS_DIR, `${day}.json`));
}

export interface SeenRequest {
  /** Wall-clock arrival time (Date.now()), comparable with HTTP-dates. */
  at: number;
  url: URL;
  headers: IncomingMessage['headers'];
}

/** A local HTTP server on 127.0.0.1 that records every request before `respond` answers it. */
export async function startFeedServer(respond: (request: SeenRequest, res: ServerResponse) => void) {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const seen = { at: Date.now(), url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers: req.headers };
    requests.push(seen);
    respond(seen, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: `${base}/api/daily_papers`,
    requests,
    /** Milliseconds between consecutive requests. */
    gaps: () => requests.slice(1).map((request, index) => request.at - (requests[index] as SeenRequest).at),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
}
