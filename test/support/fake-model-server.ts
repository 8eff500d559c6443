import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback-server.js';

/** A local OpenAI-compatible `/v1/chat/completions` endpoint whose answer each test sets. */
export class FakeModelServer {
  readonly requests: { path: string; body: { model: string; messages: { role: string; content: string }[] }; authorization: string | undefined }[] = [];
  respond: (res: ServerResponse) => void = (res) => res.writeHead(500).end();
  readonly #server: Server = createServer((req, res) => void this.#handle(req, res));
  url = '';

  async start(): Promise<this> {
    this.url = await listenOnLoopback(this.#server);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.#server);
  }

  /** Answers every request with this assistant message. */
  answerWith(content: string): void {
    this.respond = (res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content } }] }));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.requests.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')), authorization: req.headers.authorization });
    this.respond(res);
  }
}
