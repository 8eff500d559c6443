import { BOT_USER, CHANNEL_ID, DM_CHANNEL_ID, snowflake } from './constants.js';
import { dmChannel, guildChannels } from './guild-fixture.js';
import type { UploadedFile } from './request-body.js';

type Json = Record<string, unknown>;

/** A message the fake Discord holds: the message object it last answered with, and whether it was deleted. */
interface StoredMessage {
  id: string;
  channelId: string;
  message: Json;
  deleted: boolean;
}

/** A thread the bot started from a message. */
export interface ThreadRecord {
  id: string;
  parentId: string;
  messageId: string;
  name: string;
  autoArchiveDuration: number;
}

/** A complete Discord message object: Discord's defaults, then `fields`. */
export function messageObject(fields: Json): Json {
  return {
    id: snowflake(),
    channel_id: CHANNEL_ID,
    author: BOT_USER,
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
    ...fields,
  };
}

/** The payload fields a message keeps; request-only ones (enforce_nonce, allowed_mentions, attachments[] entries) are not copied. */
const MESSAGE_FIELDS = ['content', 'embeds', 'components', 'flags', 'tts', 'nonce', 'message_reference', 'sticker_ids', 'poll'] as const;

/**
 * The channels, threads and messages of the fake Discord: what was posted where, so replies,
 * edits and threads can refer to earlier messages, and uploaded files can be read back.
 */
export class MessageStore {
  readonly channels = new Map<string, Json>();
  readonly threads: ThreadRecord[] = [];
  readonly #messages = new Map<string, StoredMessage>();
  readonly #files = new Map<string, UploadedFile>();

  constructor(
    guilds: string[],
    private readonly fileUrl: (attachmentId: string, name: string) => string,
  ) {
    for (const guildId of guilds) for (const channel of guildChannels(guildId)) this.channels.set(channel.id as string, channel);
    this.channels.set(DM_CHANNEL_ID, dmChannel());
  }

  get(id: string): StoredMessage | undefined {
    return this.#messages.get(id);
  }

  /** The bytes of an uploaded attachment. */
  file(attachmentId: string): UploadedFile | undefined {
    return this.#files.get(attachmentId);
  }

  /** Keeps a message a user or another bot sent (dispatched through the gateway). */
  remember(message: Json): void {
    const id = message.id as string;
    this.#messages.set(id, { id, channelId: message.channel_id as string, message, deleted: false });
  }

  /** Creates a message from a payload and its uploads; `extra` adds fields such as `author` or `id`. */
  create(channelId: string, payload: Json, files: UploadedFile[], extra: Json = {}): Json {
    const message = messageObject({
      channel_id: channelId,
      ...pick(payload),
      attachments: this.#attach(payload, files),
      ...extra,
    });
    this.remember(message);
    return message;
  }

  /** Applies an edit: given fields replace the old ones; attachments not listed in `attachments[]` are dropped. */
  edit(id: string, payload: Json, files: UploadedFile[]): Json {
    const stored = this.#messages.get(id);
    if (!stored) throw new Error(`no message ${id}`);
    const old = stored.message;
    const listed = Array.isArray(payload.attachments) ? new Set((payload.attachments as Json[]).map((entry) => String(entry.id))) : undefined;
    const kept = ((old.attachments as Json[] | undefined) ?? []).filter((attachment) => !listed || listed.has(String(attachment.id)));
    stored.message = {
      ...old,
      ...cleared(payload),
      ...pick(payload),
      attachments: [...kept, ...this.#attach(payload, files)],
      edited_timestamp: new Date().toISOString(),
    };
    return stored.message;
  }

  delete(id: string): void {
    const stored = this.#messages.get(id);
    if (stored) stored.deleted = true;
  }

  /** The attachment objects for new uploads, named as their `attachments[]` entry says. */
  #attach(payload: Json, files: UploadedFile[]): Json[] {
    const entries = Array.isArray(payload.attachments) ? (payload.attachments as Json[]) : [];
    return files.map((file) => {
      const index = /^files\[(\d+)\]$/.exec(file.field)?.[1];
      const entry = entries.find((candidate) => String(candidate.id) === index) ?? {};
      const id = snowflake();
      const filename = typeof entry.filename === 'string' ? entry.filename : file.name;
      this.#files.set(id, file);
      const url = this.fileUrl(id, filename);
      return {
        id,
        filename,
        size: file.bytes.length,
        url,
        proxy_url: url,
        content_type: file.contentType,
        ...(typeof entry.description === 'string' ? { description: entry.description } : {}),
      };
    });
  }
}

/** In an edit, `null` clears a field. */
function cleared(payload: Json): Json {
  const fields: Json = {};
  if (payload.content === null) fields.content = '';
  if (payload.embeds === null) fields.embeds = [];
  if (payload.components === null) fields.components = [];
  return fields;
}

function pick(payload: Json): Json {
  const fields: Json = {};
  for (const key of MESSAGE_FIELDS) if (payload[key] !== undefined && payload[key] !== null) fields[key] = payload[key];
  return fields;
}
