import { BOT_USER_ID } from './constants.js';
import { MISSING_PERMISSIONS, THREAD_EXISTS, UNKNOWN_CHANNEL, UNKNOWN_MESSAGE, apiError, invalidFormBody, issue, type FieldIssue } from './discord-errors.js';
import type { FakeDiscord } from './fake-discord.js';
import { lengthOf } from './message-rules.js';
import { PERMISSION } from './permissions.js';
import type { RouteTable } from './routing.js';

/**
 * Start Thread from Message (https://discord.com/developers/docs/resources/channel#start-thread-from-message):
 * a name of 1 to 100 characters, an optional auto-archive duration of 60, 1440, 4320 or
 * 10080 minutes; one thread per message; the thread's id is the message's id.
 */

export const THREAD_NAME_MAX = 100;
export const AUTO_ARCHIVE_DURATIONS = [60, 1440, 4320, 10080] as const;
const PUBLIC_THREAD = 11;
const THREAD_TYPES = new Set([10, 11, 12]);

type Json = Record<string, unknown>;

function checkThreadBody(body: Json): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof body.name !== 'string' || lengthOf(body.name) < 1 || lengthOf(body.name) > THREAD_NAME_MAX)
    issues.push(issue.badLength(['name'], 1, THREAD_NAME_MAX));
  if (body.auto_archive_duration != null && !(AUTO_ARCHIVE_DURATIONS as readonly unknown[]).includes(body.auto_archive_duration))
    issues.push(issue.choices(['auto_archive_duration'], AUTO_ARCHIVE_DURATIONS));
  return issues;
}

export function addThreadRoutes(routes: RouteTable, discord: FakeDiscord): void {
  routes.add('POST', /^\/api\/v10\/channels\/(\d+)\/messages\/(\d+)\/threads$/, async (request, match) => {
    const [channelId, messageId] = [match[1] as string, match[2] as string];
    await discord.onThreadStartArrived?.(channelId, messageId);
    const parent = discord.store.channels.get(channelId);
    if (!parent) return UNKNOWN_CHANNEL();
    if (discord.failThreadStarts.count > 0) {
      discord.failThreadStarts.count--;
      return { status: discord.failThreadStarts.status, body: { message: 'Internal Server Error', code: 0 }, fault: true };
    }
    const body = (request.body ?? {}) as Json;
    const issues = checkThreadBody(body);
    if (issues.length > 0) return invalidFormBody(issues);
    if (THREAD_TYPES.has(parent.type as number)) return apiError(400, 50024, 'Cannot execute action on this channel type');
    const needed = PERMISSION.viewChannel | PERMISSION.createPublicThreads;
    if (discord.threadsForbiddenIn.has(channelId) || ((discord.guildModel.botIn(channelId) ?? needed) & needed) !== needed) return MISSING_PERMISSIONS();
    const message = discord.store.get(messageId);
    if (!message || message.deleted || message.channelId !== channelId) return UNKNOWN_MESSAGE();
    if (discord.store.threads.some((thread) => thread.messageId === messageId)) return THREAD_EXISTS();

    const autoArchiveDuration = (body.auto_archive_duration as number | undefined) ?? 4320;
    const now = new Date().toISOString();
    const thread = {
      id: messageId,
      type: PUBLIC_THREAD,
      guild_id: parent.guild_id,
      parent_id: channelId,
      owner_id: BOT_USER_ID,
      name: body.name,
      last_message_id: null,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      rate_limit_per_user: 0,
      flags: 0,
      thread_metadata: { archived: false, auto_archive_duration: autoArchiveDuration, archive_timestamp: now, locked: false, create_timestamp: now },
    };
    discord.store.channels.set(thread.id, thread);
    discord.store.threads.push({ id: thread.id, parentId: channelId, messageId, name: body.name as string, autoArchiveDuration });
    discord.dispatch('THREAD_CREATE', { ...thread, newly_created: true }, parent.guild_id as string | undefined);
    return { status: 201, body: thread };
  });
}
