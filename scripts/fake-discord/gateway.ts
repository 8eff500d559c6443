import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { APPLICATION_ID, BOT_USER, snowflake } from './constants.js';

/** One identified connection: the shard it runs and the intents it asked for. */
interface Session {
  id: string;
  shard: number;
  intents: number;
}

/**
 * The gateway side of the fake Discord: HELLO, IDENTIFY → READY and GUILD_CREATE,
 * heartbeats, RESUME, and dispatches routed to the shard that owns a guild.
 */
export class FakeGateway {
  readonly identifies: Record<string, unknown>[] = [];
  resumes = 0;
  readonly #sockets = new Set<WebSocket>();
  readonly #sessionOf = new Map<WebSocket, Session>();
  readonly #sessions = new Map<string, Session>();
  readonly #ws = new WebSocketServer({ noServer: true });
  #sequence = 0;

  constructor(
    private readonly options: {
      shardCount: number;
      guilds: string[];
      url: () => string;
      onFrame: () => void;
      /** The GUILD_CREATE payload of a guild as it is now. */
      guildCreate: (guildId: string) => Record<string, unknown>;
    },
  ) {}

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#ws.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws));
  }

  close(): void {
    for (const socket of this.#sockets) socket.terminate();
    this.#ws.close();
  }

  /** Closes every connection with this code (4000: unknown error, the client may resume). */
  drop(code: number): void {
    for (const socket of this.#sockets) socket.close(code, 'test drop');
  }

  /** The shard that receives a guild's events, as Discord computes it. */
  shardFor(guildId: string): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(this.options.shardCount));
  }

  /** The intents of every live identified connection, by shard. */
  intentsByShard(): Map<number, number> {
    return new Map([...this.#sessionOf.values()].map((session) => [session.shard, session.intents]));
  }

  /**
   * Sends a dispatch to the connections that should get it: the one running the guild's shard,
   * or `shard`, or every connection. `shape` makes the payload per connection from its
   * intents, and returns undefined to withhold it from that connection.
   */
  dispatch(event: string, data: unknown, to: { guildId?: string | undefined; shard?: number; shape?: (intents: number) => unknown } = {}): void {
    const shard = to.guildId === undefined ? to.shard : this.shardFor(to.guildId);
    for (const [socket, session] of this.#sessionOf) {
      if (shard !== undefined && session.shard !== shard) continue;
      const shaped = to.shape ? to.shape(session.intents) : data;
      if (shaped === undefined) continue;
      socket.send(JSON.stringify({ op: 0, t: event, s: ++this.#sequence, d: shaped }));
    }
  }

  #onConnection(ws: WebSocket): void {
    this.#sockets.add(ws);
    ws.on('close', () => {
      this.#sockets.delete(ws);
      this.#sessionOf.delete(ws);
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 } }));
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (frame.op === 6) this.#resume(ws, frame.d);
      if (frame.op === 2) this.#identify(ws, frame.d);
      this.options.onFrame();
    });
  }

  /** RESUME after a dropped connection: the session keeps its shard and intents; nothing is replayed. */
  #resume(ws: WebSocket, resume: Record<string, unknown>): void {
    this.resumes++;
    const known = this.#sessions.get(String(resume.session_id));
    const shard = ((resume.shard as [number, number] | undefined) ?? [known?.shard ?? 0])[0];
    this.#sessionOf.set(ws, known ?? { id: String(resume.session_id), shard, intents: 0 });
    ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.#sequence, d: {} }));
  }

  #identify(ws: WebSocket, identify: Record<string, unknown>): void {
    this.identifies.push(identify);
    const [shard = 0] = (identify.shard as [number, number] | undefined) ?? [0, 1];
    const session: Session = { id: `session-${snowflake()}`, shard, intents: Number(identify.intents ?? 0) };
    this.#sessionOf.set(ws, session);
    this.#sessions.set(session.id, session);
    const guilds = this.options.guilds.filter((guildId) => this.shardFor(guildId) === shard);
    this.#sequence = 0;
    const ready = {
      v: 10,
      user: BOT_USER,
      guilds: guilds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.options.url(),
      shard: [shard, this.options.shardCount],
      application: { id: APPLICATION_ID, flags: 0 },
    };
    ws.send(JSON.stringify({ op: 0, t: 'READY', s: ++this.#sequence, d: ready }));
    for (const guildId of guilds) ws.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: ++this.#sequence, d: this.options.guildCreate(guildId) }));
  }
}
