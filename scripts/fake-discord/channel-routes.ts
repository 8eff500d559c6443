import { setTimeout as sleep } from 'node:timers/promises';
import { BOT_USER_ID } from './constants.js';
import { EMPTY_MESSAGE, MISSING_PERMISSIONS, UNKNOWN_CHANNEL, invalidFormBody, issue, type RouteResult } from './discord-errors.js';
import type { FakeDiscord } from './fake-discord.js';
import { checkMessage, isEmptyMessage, lengthOf } from './message-rules.js';
import type { RecordedRequest, RouteTable } from './routing.js';
import { addThreadRoutes } from './thread-routes.js';
import { checkUploads, uploadIds } from './upload-rules.js';

type Json = Record<string, unknown>;

/** Discord's limit on a message nonce. */
const NONCE_MAX = 25;

/** Channel messages (with replies and uploads), channel lookups, threads, and the files messages carry. */
export function addChannelRoutes(routes: RouteTable, discord: FakeDiscord): void {
  routes.add('POST', /^\/api\/v10\/channels\/(\d+)\/messages$/, (request, match) => createChannelMessage(discord, request, match[1] as string));
  routes.add('GET', /^\/api\/v10\/channels\/(\d+)$/, (_request, match) => {
    const channel = discord.store.channels.get(match[1] as string);
    return channel ? { status: 200, body: channel } : UNKNOWN_CHANNEL();
  });
  addThreadRoutes(routes, discord);
  routes.add('GET', /^\/attachments\/(\d+)\/([^/]+)$/, (_request, match) => {
    const file = discord.store.file(match[1] as string);
    return file ? { status: 200, body: file.bytes, contentType: file.contentType } : { status: 404, body: { message: '404: Not Found', code: 0 } };
  });
}

async function createChannelMessage(discord: FakeDiscord, request: RecordedRequest, channelId: string): Promise<RouteResult> {
  discord.channelPostAttempts++;
  const body = (request.body ?? {}) as Json;
  if (!discord.store.channels.has(channelId)) return UNKNOWN_CHANNEL();
  // Like Discord: the bot needs View Channel and Send Messages there (Send Messages in Threads in a thread).
  if (!discord.guildModel.botMaySend(channelId)) return MISSING_PERMISSIONS();
  if (discord.failChannelPosts.count > 0) {
    discord.failChannelPosts.count--;
    return { status: discord.failChannelPosts.status, body: discord.failChannelPosts.body ?? { message: 'Internal Server Error', code: 0 }, fault: true };
  }
  const refused = checkUploads(request.files);
  if (refused) return refused;
  const issues = checkMessage(body, { uploaded: uploadIds(request.files) });
  if (typeof body.nonce === 'string' && lengthOf(body.nonce) > NONCE_MAX) issues.push(issue.tooLong(['nonce'], NONCE_MAX));
  const reference = body.message_reference as { message_id?: string; fail_if_not_exists?: boolean } | undefined;
  const referenced = reference?.message_id ? discord.store.get(reference.message_id) : undefined;
  const missingReference = reference?.message_id !== undefined && (!referenced || referenced.deleted || referenced.channelId !== channelId);
  if (missingReference && reference?.fail_if_not_exists !== false)
    issues.push(issue.other(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message'));
  if (issues.length > 0) return invalidFormBody(issues);
  if (isEmptyMessage(body, request.files.length)) return EMPTY_MESSAGE();

  // Like Discord: with enforce_nonce, a nonce this author used in the channel within the window returns that message.
  // Every message posted over REST here is the bot's (the token was checked).
  const repeat = body.enforce_nonce === true ? discord.nonces.find(channelId, BOT_USER_ID, body.nonce) : undefined;
  if (repeat !== undefined) return { status: 200, body: discord.store.get(repeat)?.message };
  const payload = missingReference ? { ...body, message_reference: undefined } : body;
  const message = discord.store.create(channelId, payload, request.files);
  const created = { channelId, id: message.id as string, body, files: request.files };
  discord.nonces.remember(channelId, BOT_USER_ID, body.nonce, created.id);
  discord.channelMessages.push(created);
  await discord.onChannelPostAccepted?.(created);
  if (discord.channelPostDelayMs > 0) await sleep(discord.channelPostDelayMs);
  return { status: 200, body: message };
}
