import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A small Discord-compatible server for end-to-end tests: the REST routes and the gateway
 * the real discord.js Client uses, on 127.0.0.1. It records every request so tests can
 * assert on what the bot sent, and dispatches interactions as Discord would.
 */

export const APPLICATION_ID = '100000000000000001';
export const BOT_USER_ID = APPLICATION_ID;
export const GUILD_ID = '200000000000000001';
/** A second guild, on shard 1 of 2 ((id >> 22) % 2 === 1). */
export const SECOND_GUILD_ID = '200000000004194305';
export const SECOND_GUILD_CHANNEL_ID = '300000000000000003';
export const CHANNEL_ID = '300000000000000001';
/** A second text channel, for subscriptions. */
export const OTHER_CHANNEL_ID = '300000000000000002';
/** A channel id the guild does not have: posts there answer 404 Unknown Channel. */
export const MISSING_CHANNEL_ID = '300000000000000404';
export const USER_ID = '400000000000000001';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
}

/** What the bot answered to one interaction: the callback, then edits and follow-ups. */
export interface InteractionResponse {
  type: number;
  data?: Record<string, unknown>;
}

type Route = (request: RecordedRequest, match: RegExpExecArray) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;

let nextId = 500000000000000000n;
const snowflake = () => String(nextId++);

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly commands = { global: [] as Record<string, unknown>[], guild: [] as Record<string, unknown>[] };
  readonly identifies: Record<string, unknown>[] = [];
  /** Messages the bot created in channels (not interaction responses); a repost with a known nonce creates none. */
  readonly channelMessages: { channelId: string; id: string; body: Record<string, unknown> }[] = [];
  /** Every channel post attempt, including failed ones and nonce repeats. */
  channelPostAttempts = 0;
  /** Channel posts still to fail, with this status, before posts succeed again. */
  failChannelPosts: { count: number; status: number } = { count: 0, status: 500 };
  /** Interaction callbacks still to fail with this status; and a delay before every callback answer. */
  failCallbacks: { count: number; status: number } = { count: 0, status: 500 };
  callbackDelayMs = 0;
  /** A delay before answering channel posts (after accepting them). */
  channelPostDelayMs = 0;
  /** When each interaction was dispatched, and when its first response arrived. */
  readonly dispatchedAt = new Map<string, number>();
  readonly firstResponseAt = new Map<string, number>();
  resumes = 0;
  /** Called after Discord has accepted a channel post and before it answers (for crash tests). */
  onChannelPostAccepted: ((message: { channelId: string; id: string; body: Record<string, unknown> }) => void | Promise<void>) | null = null;
  /** Interaction id → callback, edits and follow-ups, in order. */
  readonly responses = new Map<string, InteractionResponse[]>();
  readonly #sockets = new Set<WebSocket>();
  /** The shard each identified connection runs. */
  readonly #shardOf = new Map<WebSocket, number>();
  readonly shardCount: number;
  readonly guilds: string[];
  readonly #waiters = new Set<() => void>();
  readonly #http: Server;
  readonly #ws = new WebSocketServer({ noServer: true });
  readonly #routes: [string, RegExp, Route][] = [];
  #sequence = 0;
  port = 0;

  constructor(options: { shardCount?: number; guilds?: string[] } = {}) {
    this.shardCount = options.shardCount ?? 1;
    this.guilds = options.guilds ?? [GUILD_ID];
    this.#http = createServer((req, res) => void this.#handle(req, res));
    this.#http.on('upgrade', (req, socket, head) => this.#ws.handleUpgrade(req, socket, head, (ws) => this.#onGateway(ws)));
    this.#defineRoutes();
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<this> {
    this.#http.listen(0, '127.0.0.1');
    await once(this.#http, 'listening');
    this.port = (this.#http.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    this.#ws.close();
    this.#http.closeAllConnections();
    await new Promise((resolve) => this.#http.close(resolve));
  }

  /** Resolves when `check` returns a value other than undefined, re-checked on every request and every 25 ms. */
  async waitFor<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
    const first = check();
    if (first !== undefined) return first;
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.#waiters.delete(waiter);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`waitFor timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = () => {
        const value = check();
        if (value === undefined) return;
        done();
        resolve(value);
      };
      const poll = setInterval(waiter, 25);
      this.#waiters.add(waiter);
    });
  }

  /** Closes every gateway connection with this code (4000: unknown error, the client may resume). */
  dropGateway(code = 4000): void {
    for (const socket of this.#sockets) socket.close(code, 'test drop');
  }

  /** The shard that receives a guild's events, as Discord computes it. */
  shardFor(guildId: string): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(this.shardCount));
  }

  /** Sends a gateway dispatch to the connection that runs the guild's shard (every connection without a guild). */
  dispatch(event: string, data: unknown, guildId?: string): void {
    const frame = JSON.stringify({ op: 0, t: event, s: ++this.#sequence, d: data });
    for (const socket of this.#sockets) {
      if (guildId === undefined || this.#shardOf.get(socket) === this.shardFor(guildId)) socket.send(frame);
    }
  }

  /** Dispatches an interaction and returns its id, to read `responses` with. */
  interact(partial: Record<string, unknown>): { id: string; token: string } {
    const id = snowflake();
    const token = `interaction-token-${id}`;
    this.dispatchedAt.set(id, performance.now());
    const user = { id: USER_ID, username: 'reader', discriminator: '0', global_name: 'Reader', avatar: null };
    const guildId = (partial.guild_id as string | undefined) ?? GUILD_ID;
    const channelId = guildId === GUILD_ID ? CHANNEL_ID : SECOND_GUILD_CHANNEL_ID;
    this.dispatch(
      'INTERACTION_CREATE',
      {
        id,
        token,
        application_id: APPLICATION_ID,
        version: 1,
        guild_id: guildId,
        channel_id: channelId,
        channel: { id: channelId, type: 0, guild_id: guildId, name: 'papers' },
        member: { user, roles: [], permissions: '2248473465835073', joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
        app_permissions: '2248473465835073',
        locale: 'en-US',
        guild_locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { '0': GUILD_ID },
        context: 0,
        ...partial,
      },
      guildId,
    );
    return { id, token };
  }

  /** A slash command invocation, as Discord sends it. */
  slashCommand(name: string, options: Record<string, string | number> = {}, as: { permissions?: string } = {}): { id: string; token: string } {
    const user = { id: USER_ID, username: 'reader', discriminator: '0', global_name: 'Reader', avatar: null };
    const member = {
      user,
      roles: [],
      permissions: as.permissions ?? '2248473465835073',
      joined_at: '2025-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
    };
    return this.interact({
      member,
      type: 2,
      data: {
        id: snowflake(),
        name,
        type: 1,
        options: Object.entries(options).map(([optionName, value]) => ({
          name: optionName,
          type: typeof value === 'number' ? 4 : optionName === 'channel' ? 7 : 3,
          value,
        })),
        ...(options.channel
          ? { resolved: { channels: { [options.channel]: { id: options.channel, type: 0, name: 'kv-cache', permissions: '2248473465835073' } } } }
          : {}),
      },
    });
  }

  autocomplete(command: string, option: string, value: string): { id: string; token: string } {
    return this.interact({ type: 4, data: { id: snowflake(), name: command, type: 1, options: [{ name: option, type: 3, value, focused: true }] } });
  }

  /** A button click on a message the bot sent (content and components as the bot sent them). */
  clickButton(customId: string, message: { content?: string; embeds?: unknown[]; components?: unknown[] }): { id: string; token: string } {
    return this.interact({
      type: 3,
      data: { custom_id: customId, component_type: 2 },
      message: this.#messageObject({
        guild_id: GUILD_ID,
        content: message.content ?? '',
        embeds: message.embeds ?? [],
        components: message.components ?? [],
      }),
    });
  }

  /** A right-click → Apps → `name` on a message with this content. */
  messageCommand(name: string, content: string): { id: string; token: string } {
    const message = this.#messageObject({ content, author: { id: USER_ID, username: 'reader', discriminator: '0', avatar: null } });
    return this.interact({
      type: 2,
      data: { id: snowflake(), name, type: 3, target_id: message.id, resolved: { messages: { [message.id as string]: message } } },
    });
  }

  /** A user's message in the channel, as Discord dispatches it; `mentionBot` adds the bot to its mentions. */
  userMessage(content: string, options: { mentionBot?: boolean; bot?: boolean; userId?: string } = {}): string {
    const author = {
      id: options.userId ?? (options.bot ? '400000000000000099' : USER_ID),
      username: options.bot ? 'otherbot' : 'reader',
      discriminator: '0',
      avatar: null,
      ...(options.bot ? { bot: true } : {}),
    };
    const mentions = options.mentionBot ? [{ id: BOT_USER_ID, username: 'paperbot', discriminator: '0', bot: true, avatar: null }] : [];
    const message = this.#messageObject({
      content,
      author,
      mentions,
      guild_id: GUILD_ID,
      member: { roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    });
    this.dispatch('MESSAGE_CREATE', message, GUILD_ID);
    return message.id as string;
  }

  /** Waits until an interaction has at least `count` responses (callback, edits, follow-ups). */
  async responsesOf(id: string, count = 1, timeoutMs = 5000): Promise<InteractionResponse[]> {
    return this.waitFor(() => {
      const list = this.responses.get(id);
      return list && list.length >= count ? list : undefined;
    }, timeoutMs);
  }

  /** The message the user finally sees for an interaction: the callback data merged with later edits. */
  async finalMessage(id: string, timeoutMs = 5000): Promise<Record<string, unknown>> {
    const list = await this.waitFor(() => {
      const responses = this.responses.get(id);
      // Types 5 and 6 are deferrals: the message arrives with the next edit.
      return responses && responses.some((response) => response.type !== 5 && response.type !== 6) ? responses : undefined;
    }, timeoutMs);
    return list.filter((response) => response.type !== 5 && response.type !== 6).at(-1)?.data ?? {};
  }

  #record(id: string, response: InteractionResponse): void {
    if (!this.firstResponseAt.has(id)) this.firstResponseAt.set(id, performance.now());
    const list = this.responses.get(id) ?? [];
    list.push(response);
    this.responses.set(id, list);
  }

  #tokenToInteraction(token: string): string {
    return token.replace('interaction-token-', '');
  }

  #defineRoutes(): void {
    const route = (method: string, pattern: RegExp, handler: Route) => this.#routes.push([method, pattern, handler]);
    route('GET', /^\/api\/v10\/gateway\/bot$/, () => ({
      status: 200,
      body: {
        url: `ws://127.0.0.1:${this.port}`,
        shards: this.shardCount,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      },
    }));
    route('GET', /^\/api\/v10\/applications\/@me$/, () => ({ status: 200, body: { id: APPLICATION_ID, name: 'paperbot', flags: 0 } }));
    route('GET', /^\/api\/v10\/applications\/\d+\/commands$/, () => ({ status: 200, body: this.commands.global }));
    route('GET', /^\/api\/v10\/applications\/\d+\/guilds\/\d+\/commands$/, () => ({ status: 200, body: this.commands.guild }));
    const putCommands = (scope: 'global' | 'guild') => (request: RecordedRequest) => {
      this.commands[scope] = (request.body as Record<string, unknown>[]).map((command) => ({
        id: snowflake(),
        application_id: APPLICATION_ID,
        version: snowflake(),
        type: 1,
        default_member_permissions: null,
        nsfw: false,
        description_localizations: null,
        name_localizations: null,
        ...(scope === 'guild' ? { guild_id: GUILD_ID } : {}),
        ...command,
      }));
      return { status: 200, body: this.commands[scope] };
    };
    route('PUT', /^\/api\/v10\/applications\/\d+\/commands$/, putCommands('global'));
    route('PUT', /^\/api\/v10\/applications\/\d+\/guilds\/\d+\/commands$/, putCommands('guild'));
    route('POST', /^\/api\/v10\/interactions\/(\d+)\/([^/]+)\/callback$/, async (request, match) => {
      if (this.callbackDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.callbackDelayMs));
      if (this.failCallbacks.count > 0) {
        this.failCallbacks.count--;
        return { status: this.failCallbacks.status, body: { message: 'Internal Server Error', code: 0 } };
      }
      this.#record(match[1] as string, request.body as InteractionResponse);
      if (request.query.get('with_response') === 'true') {
        return { status: 200, body: { interaction: { id: match[1], type: 2 }, resource: { type: (request.body as InteractionResponse).type } } };
      }
      return { status: 204 };
    });
    route('PATCH', /^\/api\/v10\/webhooks\/(\d+)\/([^/]+)\/messages\/(%40original|@original)$/, (request, match) => {
      this.#record(this.#tokenToInteraction(match[2] as string), { type: -1, data: request.body as Record<string, unknown> });
      return { status: 200, body: this.#message(request.body) };
    });
    route('POST', /^\/api\/v10\/channels\/(\d+)\/messages$/, async (request, match) => {
      this.channelPostAttempts++;
      const channelId = match[1] as string;
      const body = request.body as Record<string, unknown>;
      if (channelId !== CHANNEL_ID && channelId !== OTHER_CHANNEL_ID) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      if (this.failChannelPosts.count > 0) {
        this.failChannelPosts.count--;
        return { status: this.failChannelPosts.status, body: { message: 'Internal Server Error', code: 0 } };
      }
      // Like Discord: with enforce_nonce, a nonce this author already used in the channel returns that message.
      const repeat = body.enforce_nonce === true ? this.channelMessages.find((m) => m.channelId === channelId && m.body.nonce === body.nonce) : undefined;
      if (repeat) return { status: 200, body: this.#message({ ...repeat.body, id: repeat.id, channel_id: channelId }) };
      const created = { channelId, id: snowflake(), body };
      this.channelMessages.push(created);
      await this.onChannelPostAccepted?.(created);
      if (this.channelPostDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.channelPostDelayMs));
      return { status: 200, body: this.#message({ ...body, id: created.id, channel_id: channelId }) };
    });
    route('DELETE', /^\/api\/v10\/webhooks\/(\d+)\/([^/]+)\/messages\/(%40original|@original)$/, () => ({ status: 204 }));
    route('POST', /^\/api\/v10\/webhooks\/(\d+)\/([^/]+)$/, (request, match) => {
      this.#record(this.#tokenToInteraction(match[2] as string), { type: -2, data: request.body as Record<string, unknown> });
      return { status: 200, body: this.#message(request.body) };
    });
  }

  #messageObject(fields: Record<string, unknown>): Record<string, unknown> {
    return this.#message({ id: snowflake(), ...fields });
  }

  #message(body: unknown): Record<string, unknown> {
    return {
      id: snowflake(),
      channel_id: CHANNEL_ID,
      author: { id: BOT_USER_ID, username: 'paperbot', discriminator: '0', bot: true, avatar: null },
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      type: 0,
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...(body as Record<string, unknown>),
    };
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: parseBody(raw, req.headers['content-type']),
      authorization: req.headers.authorization,
    };
    this.requests.push(request);
    const found = this.#routes.find(([method, pattern]) => method === request.method && pattern.test(request.path));
    const result = found
      ? await found[2](request, found[1].exec(request.path) as RegExpExecArray)
      : { status: 404, body: { message: 'Unknown route', code: 0 } };
    if (result.status === 204 || result.body === undefined) {
      res.writeHead(result.status).end(); // no JSON content-type on 204
    } else {
      res.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
    }
    for (const waiter of [...this.#waiters]) waiter();
  }

  #onGateway(ws: WebSocket): void {
    this.#sockets.add(ws);
    ws.on('close', () => {
      this.#sockets.delete(ws);
      this.#shardOf.delete(ws);
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 } }));
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (frame.op === 6) {
        // RESUME after a dropped connection: replay nothing, confirm the session.
        this.resumes++;
        this.#shardOf.set(ws, ((frame.d.shard as [number, number] | undefined) ?? [0, 1])[0]);
        ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.#sequence, d: {} }));
      }
      if (frame.op === 2) {
        this.identifies.push(frame.d);
        const [shard = 0] = (frame.d.shard as [number, number] | undefined) ?? [0, 1];
        this.#shardOf.set(ws, shard);
        const guilds = this.guilds.filter((guildId) => this.shardFor(guildId) === shard);
        this.#sequence = 0;
        const user = { id: BOT_USER_ID, username: 'paperbot', discriminator: '0', bot: true, avatar: null, global_name: null };
        ws.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: ++this.#sequence,
            d: {
              v: 10,
              user,
              guilds: guilds.map((id) => ({ id, unavailable: true })),
              session_id: `session-${snowflake()}`,
              resume_gateway_url: `ws://127.0.0.1:${this.port}`,
              shard: [shard, this.shardCount],
              application: { id: APPLICATION_ID, flags: 0 },
            },
          }),
        );
        for (const guildId of guilds) ws.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: ++this.#sequence, d: guildCreate(guildId) }));
      }
      for (const waiter of [...this.#waiters]) waiter();
    });
  }
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/json')) return JSON.parse(raw);
  // discord.js sends multipart only for files; the bot sends none.
  return raw;
}

function guildCreate(guildId: string): Record<string, unknown> {
  const channels =
    guildId === GUILD_ID
      ? [
          { id: CHANNEL_ID, type: 0, name: 'papers', position: 0, permission_overwrites: [], guild_id: GUILD_ID },
          { id: OTHER_CHANNEL_ID, type: 0, name: 'kv-cache', position: 1, permission_overwrites: [], guild_id: GUILD_ID },
        ]
      : [{ id: SECOND_GUILD_CHANNEL_ID, type: 0, name: 'papers', position: 0, permission_overwrites: [], guild_id: guildId }];
  return {
    id: guildId,
    name: 'Reading group',
    icon: null,
    owner_id: USER_ID,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2025-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 2,
    roles: [
      { id: GUILD_ID, name: '@everyone', permissions: '2248473465835073', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
    ],
    emojis: [],
    stickers: [],
    members: [],
    channels,
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
