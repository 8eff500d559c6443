import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addApplicationRoutes } from './application-routes.js';
import { checkAuthorization } from './authorization.js';
import { addChannelRoutes } from './channel-routes.js';
import { GUILD_ID, USER_ID, snowflake } from './constants.js';
import { guildCreate } from './guild-fixture.js';
import { GuildModel } from './guild-model.js';
import { INVALID_JSON, type RouteResult } from './discord-errors.js';
import { FakeGateway } from './gateway.js';
import { InteractionLedger, type Visibility } from './interaction-ledger.js';
import {
  autocompletePayload,
  buttonMessage,
  buttonPayload,
  buttonsOf,
  interactionPayload,
  memberPayload,
  messageCommandPayload,
  slashCommandPayload,
} from './interaction-payloads.js';
import { addInteractionRoutes } from './interaction-routes.js';
import { MessageStore, type ThreadRecord } from './message-store.js';
import { NonceWindow } from './nonce-window.js';
import type { Overwrite } from './permissions.js';
import { withPermissions } from './resolve-permissions.js';
import { parseRequestBody, type UploadedFile } from './request-body.js';
import { RouteTable, interactionOf, rejectionOf, type RecordedRequest, type Rejection } from './routing.js';
import { messageForIntents, userMessageObject, type UserMessageOptions } from './user-message.js';

/**
 * A Discord-compatible server for end-to-end tests: the REST routes and the gateway the real
 * discord.js Client uses, on 127.0.0.1. It enforces what Discord enforces where the bot
 * depends on it (message and embed limits, the interaction lifecycle, privileged message
 * content, uploads, threads, permissions computed from roles and channel overwrites, sent
 * with interactions and checked on the bot's posts), answers violations with Discord's
 * error bodies, and records every request, response and rejection so tests can assert on
 * what the bot did.
 */

/** What the bot answered to one interaction: the callback (its type), then -1 edits of the original, -2 follow-ups, -3 edits of follow-ups. */
export interface InteractionResponse {
  type: number;
  data?: Record<string, unknown>;
  files?: UploadedFile[];
}

/** A message the bot posted in a channel (not an interaction response). */
export interface ChannelMessage {
  channelId: string;
  id: string;
  body: Record<string, unknown>;
  files: UploadedFile[];
}

/** Who runs an interaction (always the reader): their permissions in the guild, their roles, and where. */
export interface Invoker {
  permissions?: string;
  roles?: string[];
  channelId?: string;
}

export interface FakeDiscordOptions {
  shardCount?: number;
  guilds?: string[];
  /** The bot's token: requests with another answer 401. Default: the token of the latest IDENTIFY (before one, any `Bot …` header passes). */
  token?: string;
  /** The clock the interaction deadlines and the nonce window use, in ms (default `performance.now`); `advanceTime` moves it forward. */
  now?: () => number;
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly commands = { global: [] as Record<string, unknown>[], guild: [] as Record<string, unknown>[] };
  /** Messages the bot created in channels (not interaction responses); a repost with `enforce_nonce` and a nonce seen within NONCE_WINDOW_MS creates none. */
  readonly channelMessages: ChannelMessage[] = [];
  /** Every channel post attempt, including failed ones and nonce repeats. */
  channelPostAttempts = 0;
  /** Channel posts still to fail, with this status, before posts succeed again. */
  failChannelPosts: { count: number; status: number; body?: Record<string, unknown> } = { count: 0, status: 500 };
  /** Thread starts still to fail, with this status, before they succeed again (after the route's checks of the channel). */
  failThreadStarts: { count: number; status: number } = { count: 0, status: 500 };
  /** Interaction callbacks still to fail with this status; and a delay before every callback answer. */
  failCallbacks: { count: number; status: number } = { count: 0, status: 500 };
  callbackDelayMs = 0;
  /** A delay before answering channel posts (after accepting them). */
  channelPostDelayMs = 0;
  /** When each interaction was dispatched, and when its first accepted response arrived (on `now()`'s clock). */
  readonly dispatchedAt = new Map<string, number>();
  readonly firstResponseAt = new Map<string, number>();
  /** Called when a thread start arrives, before Discord looks at it (for crash tests: `failThreadStarts` can then drop it). */
  onThreadStartArrived: ((channelId: string, messageId: string) => void | Promise<void>) | null = null;
  /** Called after Discord has accepted a channel post and before it answers (for crash tests). */
  onChannelPostAccepted: ((message: ChannelMessage) => void | Promise<void>) | null = null;
  /** Interaction id → accepted callback, edits and follow-ups, in order. */
  readonly responses = new Map<string, InteractionResponse[]>();
  /** Every request Discord refused by its rules (not failures injected with `failCallbacks` / `failChannelPosts`). */
  readonly rejections: Rejection[] = [];
  /** Every file the bot uploaded, with where it went. */
  readonly uploads: { path: string; interactionId?: string; files: UploadedFile[] }[] = [];
  /** Channels where starting a thread answers 403 Missing Permissions (the bot lacks Create Public Threads). */
  readonly threadsForbiddenIn = new Set<string>();
  readonly store: MessageStore;
  /** The guilds' roles and owner; with the channels' overwrites, what everyone may do where. */
  readonly guildModel: GuildModel;
  readonly ledger = new InteractionLedger();
  /** The nonces of recent channel posts, on `now()`'s clock (`enforce_nonce` returns the earlier message within 5 minutes). */
  readonly nonces: NonceWindow;
  readonly shardCount: number;
  readonly guilds: string[];
  port = 0;
  readonly #gateway: FakeGateway;
  readonly #routes = new RouteTable();
  readonly #waiters = new Set<() => void>();
  readonly #http: Server;
  readonly #clock: () => number;
  readonly #token: string | undefined;
  #offset = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.shardCount = options.shardCount ?? 1;
    this.guilds = options.guilds ?? [GUILD_ID];
    this.#clock = options.now ?? (() => performance.now());
    this.#token = options.token;
    this.nonces = new NonceWindow(() => this.now());
    this.store = new MessageStore(this.guilds, (id, name) => `http://127.0.0.1:${this.port}/attachments/${id}/${encodeURIComponent(name)}`);
    this.guildModel = new GuildModel(this.guilds, this.store.channels);
    this.#gateway = new FakeGateway({
      shardCount: this.shardCount,
      guilds: this.guilds,
      url: () => this.gatewayUrl,
      onFrame: () => this.#notify(),
      guildCreate: (guildId) => this.#guildCreate(guildId),
    });
    this.#http = createServer((req, res) => void this.#handle(req, res));
    this.#http.on('upgrade', (req, socket, head) => this.#gateway.upgrade(req, socket, head));
    addApplicationRoutes(this.#routes, this);
    addInteractionRoutes(this.#routes, this);
    addChannelRoutes(this.#routes, this);
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Every IDENTIFY the bot sent (token, intents, shard…). */
  get identifies(): Record<string, unknown>[] {
    return this.#gateway.identifies;
  }

  get resumes(): number {
    return this.#gateway.resumes;
  }

  /** The intents of the live gateway connection of a shard (default 0), as the bot identified. */
  intents(shard = 0): number | undefined {
    return this.#gateway.intentsByShard().get(shard);
  }

  /** The token API requests must carry (`Authorization: Bot <token>`), once known. */
  get botToken(): string | undefined {
    const identified = this.identifies.at(-1)?.token;
    return this.#token ?? (typeof identified === 'string' ? identified : undefined);
  }

  /** Threads the bot started from messages. */
  get threads(): ThreadRecord[] {
    return this.store.threads;
  }

  /** The clock interaction deadlines and the nonce window are measured on. */
  now(): number {
    return this.#clock() + this.#offset;
  }

  /** Moves the clock forward, e.g. past the 3-second callback window, the 5-minute nonce window or the 15-minute token lifetime. */
  advanceTime(ms: number): void {
    this.#offset += ms;
  }

  async start(): Promise<this> {
    this.#http.listen(0, '127.0.0.1');
    await once(this.#http, 'listening');
    this.port = (this.#http.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.#gateway.close();
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
    this.#gateway.drop(code);
  }

  /** The shard that receives a guild's events, as Discord computes it. */
  shardFor(guildId: string): number {
    return this.#gateway.shardFor(guildId);
  }

  /** Sends a gateway dispatch to the connection that runs the guild's shard (every connection without a guild). */
  dispatch(event: string, data: unknown, guildId?: string): void {
    this.#gateway.dispatch(event, data, { guildId });
  }

  /** Dispatches an interaction and returns its id, to read `responses` with. */
  interact(partial: Record<string, unknown>): { id: string; token: string } {
    const id = snowflake();
    const token = `interaction-token-${id}`;
    const payload = withPermissions(interactionPayload(id, token, partial), partial, this.guildModel, this.store.channels);
    const message = payload.message as Record<string, unknown> | undefined;
    // A forged message is new to the store; a message the bot sent is there already (deleted or not).
    if (message && !this.store.get(message.id as string)) this.store.remember({ ...message, channel_id: payload.channel_id });
    const dispatchedAt = this.now();
    this.dispatchedAt.set(id, dispatchedAt);
    this.ledger.open({
      id,
      token,
      type: payload.type as number,
      channelId: payload.channel_id as string,
      dispatchedAt,
      messageId: message?.id as string | undefined,
      user: ((payload.member as { user?: Record<string, unknown> } | undefined)?.user ?? payload.user ?? {}) as Record<string, unknown>,
      owners: (payload.authorizing_integration_owners ?? {}) as Record<string, string>,
    });
    this.dispatch('INTERACTION_CREATE', payload, payload.guild_id as string);
    return { id, token };
  }

  /**
   * A slash command invocation, as Discord sends it, by the reader: in `channelId` (default
   * the guild's first channel), with `permissions` as the reader's permissions in the guild
   * (default: what `roles`, and @everyone, give), changed in each channel by its overwrites.
   */
  slashCommand(name: string, options: Record<string, string | number> = {}, as: Invoker = {}): { id: string; token: string } {
    const payload = slashCommandPayload(name, options, {});
    return this.interact({ ...payload, ...this.#invoker(as) });
  }

  /** Autocomplete as the reader types in `option`; `as` as for slashCommand. */
  autocomplete(command: string, option: string, value: string, as: Invoker = {}): { id: string; token: string } {
    return this.interact({ ...autocompletePayload(command, option, value), ...this.#invoker(as) });
  }

  /** The member and the place of an interaction by the reader. */
  #invoker(as: Invoker): Record<string, unknown> {
    const roles = as.roles ?? [];
    const place = as.channelId === undefined ? {} : this.#place(as.channelId);
    const guildId = (place.guild_id as string | undefined) ?? GUILD_ID;
    return { member: memberPayload(as.permissions ?? String(this.guildModel.base(guildId, { id: USER_ID, roles })), roles), ...place };
  }

  /** Where an interaction in this channel comes from: the channel, and its guild. */
  #place(channelId: string): Record<string, unknown> {
    const channel = this.store.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    const guildId = channel.guild_id as string | undefined;
    const parent = channel.parent_id === undefined ? {} : { parent_id: channel.parent_id };
    return {
      ...(guildId ? { guild_id: guildId } : {}),
      channel_id: channelId,
      channel: { id: channelId, type: channel.type, guild_id: guildId, name: channel.name, ...parent },
    };
  }

  /** Adds a role to a guild (GUILD_ROLE_CREATE to the bot) and returns its id, to give with `as.roles` and name in overwrites. */
  addRole(name: string, permissions: bigint, guildId = GUILD_ID): string {
    const role = this.guildModel.addRole(guildId, name, permissions);
    this.dispatch('GUILD_ROLE_CREATE', { guild_id: guildId, role }, guildId);
    return role.id as string;
  }

  /** Adds a channel to a guild (CHANNEL_CREATE to the bot), with these overwrites, and returns its id. Type 0: text, 15: forum. */
  addChannel(name: string, options: { guildId?: string; type?: number; overwrites?: Overwrite[] } = {}): string {
    const guildId = options.guildId ?? GUILD_ID;
    const position = [...this.store.channels.values()].filter((channel) => channel.guild_id === guildId).length;
    const channel = { id: snowflake(), type: options.type ?? 0, name, position, permission_overwrites: options.overwrites ?? [], guild_id: guildId };
    this.store.channels.set(channel.id, channel);
    this.dispatch('CHANNEL_CREATE', channel, guildId);
    return channel.id;
  }

  /** Replaces a channel's permission overwrites (CHANNEL_UPDATE to the bot). */
  setOverwrites(channelId: string, overwrites: Overwrite[]): void {
    const channel = this.store.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    channel.permission_overwrites = overwrites;
    this.dispatch('CHANNEL_UPDATE', channel, channel.guild_id as string | undefined);
  }

  #guildCreate(guildId: string): Record<string, unknown> {
    const channels = [...this.store.channels.values()].filter((channel) => channel.guild_id === guildId && ![10, 11, 12].includes(channel.type as number));
    return guildCreate(guildId, { ownerId: this.guildModel.ownerId, roles: this.guildModel.roles(guildId), channels, members: [this.guildModel.botMember()] });
  }

  /**
   * A click on the button `customId` of a message the bot really sent: a channel message or
   * follow-up (`message`: its id), or what an interaction's answer shows now (`interaction`:
   * its id; the reply, the edited deferral or the message a button updated). The click
   * carries the message as Discord holds it (flags included) from its channel. Throws, as
   * Discord's client would offer no such click, when the message is unknown or deleted or
   * has no enabled button with that custom id.
   */
  clickButton(on: { message: string } | { interaction: string }, customId: string, as: Invoker = {}): { id: string; token: string } {
    const messageId = 'message' in on ? on.message : this.ledger.get(on.interaction)?.originalId;
    const stored = messageId === undefined ? undefined : this.store.get(messageId);
    if (!stored || stored.deleted) throw new Error(`no message to click on for ${JSON.stringify(on)}`);
    const button = buttonsOf(stored.message).find((candidate) => candidate.custom_id === customId);
    if (!button) throw new Error(`no button ${customId} on message ${stored.id}; it has ${JSON.stringify(buttonsOf(stored.message).map((b) => b.custom_id))}`);
    if (button.disabled === true) throw new Error(`the button ${customId} on message ${stored.id} is disabled`);
    const channel = this.store.channels.get(stored.channelId);
    const guildId = channel?.guild_id as string | undefined;
    const message = { ...stored.message, ...(guildId ? { guild_id: guildId } : {}) };
    const place = { channel_id: stored.channelId, channel: { id: stored.channelId, type: channel?.type ?? 0, guild_id: guildId, name: channel?.name } };
    const member = as.permissions === undefined && as.roles === undefined ? {} : { member: this.#invoker(as).member };
    return this.interact({ ...buttonPayload(customId, message), ...(guildId ? { guild_id: guildId } : {}), ...place, ...member });
  }

  /**
   * A click Discord itself would never send, for tests of forged interactions: any custom id on
   * a made-up message with these content, components and flags (not one the bot sent).
   */
  forgeButtonClick(customId: string, message: { content?: string; embeds?: unknown[]; components?: unknown[]; flags?: number }): { id: string; token: string } {
    return this.interact(buttonPayload(customId, buttonMessage(message)));
  }

  /** A right-click → Apps → `name` on a message with this content. */
  messageCommand(name: string, content: string): { id: string; token: string } {
    const { payload, target } = messageCommandPayload(name, content);
    this.store.remember(target);
    return this.interact(payload);
  }

  /**
   * A thread a user starts in a channel, or a post in a forum (a forum holds only threads):
   * the thread channel is created and THREAD_CREATE dispatched. Returns the thread's id, to
   * send `userMessage`s in with `channelId`.
   */
  userThread(parentId: string, name: string): string {
    const parent = this.store.channels.get(parentId);
    if (!parent) throw new Error(`no channel ${parentId}`);
    const now = new Date().toISOString();
    const thread = {
      id: snowflake(),
      type: 11,
      guild_id: parent.guild_id,
      parent_id: parentId,
      owner_id: USER_ID,
      name,
      last_message_id: null,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      rate_limit_per_user: 0,
      flags: 0,
      thread_metadata: { archived: false, auto_archive_duration: 4320, archive_timestamp: now, locked: false, create_timestamp: now },
    };
    this.store.channels.set(thread.id, thread);
    this.dispatch('THREAD_CREATE', { ...thread, newly_created: true }, parent.guild_id as string | undefined);
    return thread.id;
  }

  /**
   * A message in the channel (or a DM), dispatched as Discord would to each connection: only
   * with the GUILD_MESSAGES (DIRECT_MESSAGES) intent, and with its content, embeds,
   * attachments and components emptied unless the connection has MESSAGE_CONTENT, the
   * message mentions the bot, is a DM, or is the bot's own. Returns the message id.
   */
  userMessage(content: string, options: UserMessageOptions = {}): string {
    const message = userMessageObject(content, options);
    this.store.remember(message);
    const guildId = message.guild_id as string | undefined;
    this.#gateway.dispatch('MESSAGE_CREATE', message, { guildId, shard: guildId ? undefined : 0, shape: (intents) => messageForIntents(message, intents) });
    return message.id as string;
  }

  /** Waits until an interaction has at least `count` responses (callback, edits, follow-ups). */
  async responsesOf(id: string, count = 1, timeoutMs = 5000): Promise<InteractionResponse[]> {
    return this.waitFor(() => {
      const list = this.responses.get(id);
      return list && list.length >= count ? list : undefined;
    }, timeoutMs);
  }

  /** The message the user finally sees for an interaction: the last callback data, edit or follow-up (not follow-up edits). */
  async finalMessage(id: string, timeoutMs = 5000): Promise<Record<string, unknown>> {
    const shown = (response: InteractionResponse) => response.type !== 5 && response.type !== 6 && response.type !== -3;
    const list = await this.waitFor(() => {
      const responses = this.responses.get(id);
      // Types 5 and 6 are deferrals: the message arrives with the next edit.
      return responses && responses.some(shown) ? responses : undefined;
    }, timeoutMs);
    return list.filter(shown).at(-1)?.data ?? {};
  }

  /**
   * Who sees an interaction's answer: `reply` is fixed by the first response (private iff it
   * was ephemeral; undefined before any, or for autocomplete), each follow-up has its own.
   */
  visibilityOf(id: string): { reply: Visibility | undefined; followUps: Visibility[] } {
    return this.ledger.visibilityOf(id, (messageId) => (this.store.get(messageId)?.message.flags as number | undefined) ?? 0);
  }

  /** True when the interaction's answer (its original response) is visible only to the user. */
  isPrivate(id: string): boolean {
    return this.visibilityOf(id).reply === 'private';
  }

  /** Records an accepted interaction response (the interaction routes call this). */
  recordResponse(id: string, response: InteractionResponse): void {
    if (!this.firstResponseAt.has(id)) this.firstResponseAt.set(id, this.now());
    const list = this.responses.get(id) ?? [];
    list.push(response);
    this.responses.set(id, list);
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parsed = await parseRequestBody(Buffer.concat(chunks), req.headers['content-type']);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: parsed.ok ? parsed.body : undefined,
      authorization: req.headers.authorization,
      files: parsed.ok ? parsed.files : [],
    };
    this.requests.push(request);
    if (parsed.ok && parsed.files.length > 0) this.uploads.push({ path: request.path, ...interactionOf(request.path), files: parsed.files });
    const result: RouteResult = checkAuthorization(request, this.botToken) ?? (parsed.ok ? await this.#routes.answer(request) : INVALID_JSON());
    if (result.status >= 400 && !result.fault) this.rejections.push(rejectionOf(request, result));
    if (result.status === 204 || result.body === undefined) {
      res.writeHead(result.status).end(); // no JSON content-type on 204
    } else if (result.contentType) {
      res.writeHead(result.status, { 'content-type': result.contentType }).end(result.body as Buffer);
    } else {
      res.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
    }
    this.#notify();
  }
}
