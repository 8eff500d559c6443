import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';

/**
 * A Hugging Face `daily_papers` feed on 127.0.0.1 that answers `listing()` as JSON at each
 * request, each distinct body with an ETag of its own, and 304 when the poller sends back the
 * ETag of the body it would get.
 */
export async function startDailyPapersFeed(listing: () => unknown[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const body = JSON.stringify(listing());
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/json', etag }).end(body);
  });
  return { server, url: `${await listenOnLoopback(server)}/api/daily_papers` };
}
