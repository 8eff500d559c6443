import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthReport {
  /** 'ok' and 'degraded' answer 200 (degraded: announcements paused); 'unhealthy' answers 503. */
  status: 'ok' | 'degraded' | 'unhealthy';
  [detail: string]: unknown;
}

interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A tiny HTTP endpoint on 127.0.0.1 for systemd, Docker or Kubernetes checks: GET /health
 * answers the report as JSON, 200 when the bot can serve, 503 when it cannot.
 */
export async function startHealthServer(port: number, report: () => HealthReport | Promise<HealthReport>): Promise<HealthServer> {
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' || !['/health', '/healthz', '/'].includes(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const body = await Promise.resolve()
      .then(report)
      .catch((error: unknown): HealthReport => ({ status: 'unhealthy', error: (error as Error).message }));
    res.writeHead(body.status === 'unhealthy' ? 503 : 200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };
  // A probe whose connection dropped mid-answer is no error worth more than ignoring.
  const server: Server = createServer((req, res) => void answer(req, res).catch(() => res.destroy()));
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
