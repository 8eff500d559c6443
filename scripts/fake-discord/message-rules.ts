import { checkComponents } from './component-rules.js';
import { issue, type FieldIssue } from './discord-errors.js';

/**
 * Discord's limits on a message payload (content, embeds, components, attachments), as
 * documented at https://discord.com/developers/docs/resources/message#embed-object-embed-limits.
 * Lengths count Unicode code points, as Discord's API does (discord-api-docs#1315: "Our API
 * uses Python 3, so the API calculates length based on the number of codepoints").
 */

export const MESSAGE_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  attachments: 10,
  attachmentDescription: 1024,
} as const;

/** Message flag of Components V2 layouts. */
const IS_COMPONENTS_V2 = 1 << 15;
const MENTION_TYPES = ['roles', 'users', 'everyone'] as const;

type Json = Record<string, unknown>;
type Path = FieldIssue['path'];

/** Length in code points, as Discord counts. */
export const lengthOf = (text: string): number => [...text].length;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The uploads that came with the payload, for checking `attachments[]`. */
interface UploadContext {
  /** The `n` of each `files[n]` part. */
  uploaded: ReadonlySet<string>;
  /** Ids of attachments the message already has (an edit may keep them). */
  existing?: ReadonlySet<string>;
}

const NO_UPLOADS: UploadContext = { uploaded: new Set() };

/** Every limit the payload breaks, each pointing at its field; empty when Discord would accept it. */
export function checkMessage(payload: Json, uploads: UploadContext = NO_UPLOADS): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (payload.content != null) {
    if (typeof payload.content !== 'string') issues.push(issue.other(['content'], 'BASE_TYPE_STRING', 'Must be a string.'));
    else if (lengthOf(payload.content) > MESSAGE_LIMITS.content) issues.push(issue.tooLong(['content'], MESSAGE_LIMITS.content));
  }
  if (payload.embeds != null) issues.push(...checkEmbeds(payload.embeds));
  if (payload.components != null) {
    // Components V2 layouts (containers, text displays…) are not modelled: refuse loudly rather than accept unchecked.
    if (typeof payload.flags === 'number' && (payload.flags & IS_COMPONENTS_V2) !== 0)
      issues.push(issue.other(['flags'], 'FAKE_DISCORD_UNMODELLED', 'The fake Discord does not check Components V2 messages yet: extend component-rules.ts.'));
    else issues.push(...checkComponents(payload.components));
  }
  if (payload.allowed_mentions != null) issues.push(...checkAllowedMentions(payload.allowed_mentions));
  if (payload.attachments != null) issues.push(...checkAttachments(payload.attachments, uploads));
  return issues;
}

/** True when the message would show nothing: Discord answers 50006 "Cannot send an empty message". */
export function isEmptyMessage(message: Json, uploadedFiles = 0): boolean {
  const nonEmpty = (value: unknown) => Array.isArray(value) && value.length > 0;
  const hasContent = typeof message.content === 'string' && message.content.trim() !== '';
  return (
    !hasContent &&
    !nonEmpty(message.embeds) &&
    !nonEmpty(message.components) &&
    !nonEmpty(message.attachments) &&
    !nonEmpty(message.sticker_ids) &&
    message.poll == null &&
    uploadedFiles === 0
  );
}

function checkEmbeds(embeds: unknown): FieldIssue[] {
  if (!Array.isArray(embeds)) return [issue.other(['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.')];
  const issues: FieldIssue[] = [];
  if (embeds.length > MESSAGE_LIMITS.embeds) issues.push(issue.tooLong(['embeds'], MESSAGE_LIMITS.embeds));
  let total = 0;
  embeds.forEach((embed, index) => {
    if (!isObject(embed)) {
      issues.push(issue.other(['embeds', index], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType'));
      return;
    }
    const checked = checkEmbed(embed, ['embeds', index]);
    issues.push(...checked.issues);
    total += checked.size;
  });
  if (total > MESSAGE_LIMITS.embedTotal) issues.push(issue.other(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000'));
  return issues;
}

/** One embed's issues, and its size toward the 6000-character total. */
function checkEmbed(embed: Json, at: Path): { issues: FieldIssue[]; size: number } {
  const issues: FieldIssue[] = [];
  let size = 0;
  const text = (value: unknown, path: Path, max: number, required = false): void => {
    if (value == null || value === '') {
      if (required) issues.push(issue.required(path));
      return;
    }
    if (typeof value !== 'string') {
      issues.push(issue.other(path, 'BASE_TYPE_STRING', 'Must be a string.'));
      return;
    }
    const length = lengthOf(value);
    size += length;
    if (length > max) issues.push(issue.tooLong(path, max));
  };
  const url = (value: unknown, path: Path): void => {
    if (value == null) return;
    const problem = checkUrl(value, path);
    if (problem) issues.push(problem);
  };

  text(embed.title, [...at, 'title'], MESSAGE_LIMITS.title);
  text(embed.description, [...at, 'description'], MESSAGE_LIMITS.description);
  url(embed.url, [...at, 'url']);
  for (const key of ['image', 'thumbnail'] as const) {
    const media = embed[key];
    if (media == null) continue;
    if (!isObject(media) || media.url == null) issues.push(issue.required([...at, key, 'url']));
    else url(media.url, [...at, key, 'url']);
  }
  if (embed.footer != null) {
    const footer = isObject(embed.footer) ? embed.footer : {};
    text(footer.text, [...at, 'footer', 'text'], MESSAGE_LIMITS.footerText, true);
    url(footer.icon_url, [...at, 'footer', 'icon_url']);
  }
  if (embed.author != null) {
    const author = isObject(embed.author) ? embed.author : {};
    text(author.name, [...at, 'author', 'name'], MESSAGE_LIMITS.authorName, true);
    url(author.url, [...at, 'author', 'url']);
    url(author.icon_url, [...at, 'author', 'icon_url']);
  }
  if (embed.fields != null) {
    const fields = Array.isArray(embed.fields) ? embed.fields : [];
    if (fields.length > MESSAGE_LIMITS.fields) issues.push(issue.tooLong([...at, 'fields'], MESSAGE_LIMITS.fields));
    fields.forEach((field: unknown, index) => {
      const entry = isObject(field) ? field : {};
      text(entry.name, [...at, 'fields', index, 'name'], MESSAGE_LIMITS.fieldName, true);
      text(entry.value, [...at, 'fields', index, 'value'], MESSAGE_LIMITS.fieldValue, true);
    });
  }
  return { issues, size };
}

/** Embed links must be well-formed http(s) URLs, or attachment:// for uploaded files. */
function checkUrl(value: unknown, path: Path): FieldIssue | undefined {
  if (typeof value !== 'string') return issue.other(path, 'BASE_TYPE_STRING', 'Must be a string.');
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return issue.other(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  }
  if (!['http:', 'https:', 'attachment:'].includes(parsed.protocol)) return issue.badUrl(path, value);
  return undefined;
}

/**
 * `attachments[]` entries: a new one names an uploaded part (`files[id]`), a kept
 * one (in an edit) names an attachment the message has. At most 10.
 */
function checkAttachments(attachments: unknown, uploads: UploadContext): FieldIssue[] {
  if (!Array.isArray(attachments)) return [issue.other(['attachments'], 'BASE_TYPE_ARRAY', 'Must be an array.')];
  const issues: FieldIssue[] = [];
  if (attachments.length > MESSAGE_LIMITS.attachments) issues.push(issue.tooLong(['attachments'], MESSAGE_LIMITS.attachments));
  attachments.forEach((attachment: unknown, index) => {
    const entry = isObject(attachment) ? attachment : {};
    const id = entry.id == null ? undefined : String(entry.id);
    if (id === undefined) issues.push(issue.required(['attachments', index, 'id']));
    else if (!uploads.existing?.has(id) && !uploads.uploaded.has(id))
      issues.push(issue.other(['attachments', index, 'id'], 'ATTACHMENT_NOT_FOUND', `Unknown attachment ${id}: no files[${id}] part and no such attachment.`));
    if (typeof entry.description === 'string' && lengthOf(entry.description) > MESSAGE_LIMITS.attachmentDescription)
      issues.push(issue.tooLong(['attachments', index, 'description'], MESSAGE_LIMITS.attachmentDescription));
  });
  return issues;
}

/** `allowed_mentions`: known `parse` types, and no `users` / `roles` list next to parsing that type. */
function checkAllowedMentions(allowed: unknown): FieldIssue[] {
  if (!isObject(allowed)) return [issue.other(['allowed_mentions'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType')];
  const issues: FieldIssue[] = [];
  const parse = Array.isArray(allowed.parse) ? allowed.parse : [];
  parse.forEach((type: unknown, index) => {
    if (!(MENTION_TYPES as readonly unknown[]).includes(type)) issues.push(issue.choices(['allowed_mentions', 'parse', index], MENTION_TYPES));
  });
  for (const type of ['users', 'roles'] as const) {
    if (parse.includes(type) && Array.isArray(allowed[type]))
      issues.push(issue.other(['allowed_mentions'], 'ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${type}"] and ${type}: [ids...] are mutually exclusive.`));
  }
  return issues;
}
