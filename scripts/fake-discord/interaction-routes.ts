import { setTimeout as sleep } from 'node:timers/promises';
import { checkChoices } from './autocomplete-rules.js';
import { APPLICATION_ID, EPHEMERAL } from './constants.js';
import { EMPTY_MESSAGE, UNKNOWN_MESSAGE, invalidFormBody, type RouteResult } from './discord-errors.js';
import type { FakeDiscord } from './fake-discord.js';
import { isRefusal, type InteractionRecord } from './interaction-ledger.js';
import { checkMessage, isEmptyMessage } from './message-rules.js';
import type { UploadedFile } from './request-body.js';
import type { RecordedRequest, RouteTable } from './routing.js';
import { checkUploads, uploadIds } from './upload-rules.js';

type Json = Record<string, unknown>;

/** The message is still the "thinking…" placeholder of a deferral. */
const LOADING = 128;
const WEBHOOK = String.raw`^\/api\/v10\/webhooks\/(\d+)\/([^/]+)`;

/** Interaction callbacks, and the webhook routes that edit and follow up an answered interaction. */
export function addInteractionRoutes(routes: RouteTable, discord: FakeDiscord): void {
  routes.add('POST', /^\/api\/v10\/interactions\/(\d+)\/([^/]+)\/callback$/, (request, match) =>
    answerCallback(discord, request, match[1] as string, match[2] as string),
  );

  const webhook = (match: RegExpExecArray) => discord.ledger.admitWebhook(match[1] as string, match[2] as string, discord.now(), APPLICATION_ID);

  routes.add('GET', new RegExp(`${WEBHOOK}/messages/(%40original|@original)$`), (_request, match) => {
    const record = webhook(match);
    if (isRefusal(record)) return record;
    const original = record.originalId ? discord.store.get(record.originalId) : undefined;
    return original && !original.deleted ? { status: 200, body: original.message } : UNKNOWN_MESSAGE();
  });

  routes.add('PATCH', new RegExp(`${WEBHOOK}/messages/(%40original|@original|\\d+)$`), (request, match) => {
    const record = webhook(match);
    if (isRefusal(record)) return record;
    const isOriginal = match[3] !== undefined && match[3].endsWith('original');
    const messageId = isOriginal ? record.originalId : record.followUps.find((followUp) => followUp.id === match[3])?.id;
    const result = editMessage(discord, request, messageId);
    if (result.status === 200) discord.recordResponse(record.id, withFiles({ type: isOriginal ? -1 : -3, data: request.body as Json }, request.files));
    return result;
  });

  routes.add('DELETE', new RegExp(`${WEBHOOK}/messages/(%40original|@original|\\d+)$`), (_request, match) => {
    const record = webhook(match);
    if (isRefusal(record)) return record;
    const messageId = match[3]?.endsWith('original') ? record.originalId : record.followUps.find((followUp) => followUp.id === match[3])?.id;
    const stored = messageId ? discord.store.get(messageId) : undefined;
    if (!stored || stored.deleted) return UNKNOWN_MESSAGE();
    discord.store.delete(stored.id);
    return { status: 204 };
  });

  routes.add('POST', new RegExp(`${WEBHOOK}$`), (request, match) => {
    const record = webhook(match);
    if (isRefusal(record)) return record;
    return followUp(discord, request, record);
  });
}

async function answerCallback(discord: FakeDiscord, request: RecordedRequest, id: string, token: string): Promise<RouteResult> {
  const arrivedAt = discord.now();
  const delay = () => (discord.callbackDelayMs > 0 ? sleep(discord.callbackDelayMs) : undefined);
  if (discord.failCallbacks.count > 0) {
    discord.failCallbacks.count--;
    await delay();
    return { status: discord.failCallbacks.status, body: { message: 'Internal Server Error', code: 0 }, fault: true };
  }
  const record = discord.ledger.admitCallback(id, token, arrivedAt);
  if (isRefusal(record)) return record;
  const body = (request.body ?? {}) as { type?: unknown; data?: Json };
  const refused =
    discord.ledger.checkCallbackType(record, body.type) ??
    checkUploads(request.files) ??
    checkCallbackData(discord, record, body.type as number, body.data, request.files);
  if (refused) return refused;

  // Accepted: acknowledge before any await, so a concurrent second callback sees it.
  const type = body.type as number;
  const data = body.data ?? {};
  const flags = typeof data.flags === 'number' ? data.flags : 0;
  discord.ledger.acknowledge(record, type, flags, arrivedAt);
  if (type === 4) record.originalId = discord.store.create(record.channelId, data, request.files, interactionFields(record, flags)).id as string;
  if (type === 5) record.originalId = discord.store.create(record.channelId, {}, [], interactionFields(record, (flags & EPHEMERAL) | LOADING)).id as string;
  if (type === 6 || type === 7) record.originalId = record.messageId;
  if (type === 7 && record.messageId) discord.store.edit(record.messageId, data, request.files);
  discord.recordResponse(id, withFiles({ type, ...(body.data !== undefined ? { data: body.data } : {}) }, request.files));
  await delay();
  if (request.query.get('with_response') !== 'true') return { status: 204 };
  const message = record.originalId ? discord.store.get(record.originalId)?.message : undefined;
  return {
    status: 200,
    body: {
      interaction: {
        id,
        type: record.type,
        activity_instance_id: null,
        response_message_id: record.originalId ?? null,
        response_message_loading: type === 5,
        response_message_ephemeral: (flags & EPHEMERAL) !== 0,
      },
      resource: { type, ...(message && (type === 4 || type === 7) ? { message } : {}) },
    },
  };
}

/** The payload rules for each callback type; message problems are reported under `data`, as Discord does. */
function checkCallbackData(
  discord: FakeDiscord,
  record: InteractionRecord,
  type: number,
  data: Json | undefined,
  files: UploadedFile[],
): RouteResult | undefined {
  if (type === 8) {
    const issues = checkChoices(data);
    return issues.length > 0 ? invalidFormBody(issues, ['data']) : undefined;
  }
  if (type !== 4 && type !== 7) return undefined;
  const payload = data ?? {};
  const existing = type === 7 && record.messageId ? discord.store.get(record.messageId)?.message : undefined;
  const issues = checkMessage(payload, { uploaded: uploadIds(files), existing: attachmentIds(existing) });
  if (issues.length > 0) return invalidFormBody(issues, ['data']);
  const resulting = existing ? { ...existing, ...definedFields(payload) } : payload;
  return isEmptyMessage(resulting, files.length) ? EMPTY_MESSAGE() : undefined;
}

/** PATCH of `@original` or a follow-up: the edit is checked, then the edited message must not be empty. */
function editMessage(discord: FakeDiscord, request: RecordedRequest, messageId: string | undefined): RouteResult {
  const stored = messageId ? discord.store.get(messageId) : undefined;
  if (!stored || stored.deleted) return UNKNOWN_MESSAGE();
  const payload = (request.body ?? {}) as Json;
  const refused = checkUploads(request.files);
  if (refused) return refused;
  const issues = checkMessage(payload, { uploaded: uploadIds(request.files), existing: attachmentIds(stored.message) });
  if (issues.length > 0) return invalidFormBody(issues);
  if (isEmptyMessage({ ...stored.message, ...definedFields(payload) }, request.files.length)) return EMPTY_MESSAGE();
  const message = discord.store.edit(stored.id, payload, request.files);
  message.flags = ((stored.message.flags as number) ?? 0) & ~LOADING; // an edit cannot make a message public or private
  return { status: 200, body: message };
}

/**
 * A follow-up message. The first one after a deferral that is still "thinking" replaces the
 * placeholder and keeps the deferral's visibility; any other carries its own flags.
 */
function followUp(discord: FakeDiscord, request: RecordedRequest, record: InteractionRecord): RouteResult {
  const payload = (request.body ?? {}) as Json;
  const refused = checkUploads(request.files);
  if (refused) return refused;
  const issues = checkMessage(payload, { uploaded: uploadIds(request.files) });
  if (issues.length > 0) return invalidFormBody(issues);
  if (isEmptyMessage(payload, request.files.length)) return EMPTY_MESSAGE();
  const requested = typeof payload.flags === 'number' ? payload.flags : 0;
  const placeholder = record.originalId ? discord.store.get(record.originalId) : undefined;
  const replacesPlaceholder =
    record.callback?.type === 5 && placeholder !== undefined && !placeholder.deleted && ((placeholder.message.flags as number) & LOADING) !== 0;
  let message: Json;
  if (replacesPlaceholder) {
    const flags = (requested & ~EPHEMERAL) | ((placeholder.message.flags as number) & EPHEMERAL);
    message = discord.store.edit(placeholder.id, payload, request.files);
    message.flags = flags;
  } else {
    message = discord.store.create(record.channelId, payload, request.files, interactionFields(record, requested));
  }
  record.followUps.push({ id: message.id as string, flags: message.flags as number });
  discord.recordResponse(record.id, withFiles({ type: -2, data: payload }, request.files));
  return { status: 200, body: message };
}

/** What Discord sets on a message that answers an interaction, `interaction_metadata` naming who interacted. */
const interactionFields = (record: InteractionRecord, flags: number): Json => ({
  flags,
  webhook_id: APPLICATION_ID,
  application_id: APPLICATION_ID,
  interaction_metadata: {
    id: record.id,
    type: record.type,
    user: record.user,
    authorizing_integration_owners: record.owners,
    ...(record.messageId ? { interacted_message_id: record.messageId } : {}),
  },
});

const withFiles = <T extends object>(response: T, files: UploadedFile[]): T => (files.length > 0 ? { ...response, files } : response);

const attachmentIds = (message: Json | undefined): Set<string> =>
  new Set(((message?.attachments as Json[] | undefined) ?? []).map((attachment) => String(attachment.id)));

/** The fields an edit sets (null clears, undefined keeps). */
function definedFields(payload: Json): Json {
  const fields: Json = {};
  for (const [key, value] of Object.entries(payload)) if (value !== undefined) fields[key] = value === null ? undefined : value;
  return fields;
}
