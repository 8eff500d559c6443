import { PERMISSION } from './channel-permissions.js';
import type { Visibility } from './command.js';

/**
 * Who may see an answer. An interaction's answer is posted by Discord's webhook, not by the
 * member, so a public answer in a channel where the member may not write (a read-only
 * announcements channel, a locked thread's parent) would let them post there through the bot,
 * their own words included (/ask echoes the question). There, answers are private.
 */

/** Where an interaction was used. */
export interface Invocation {
  /** In a guild; false in a DM, where the member is one of two and may write. */
  inGuild: boolean;
  /** In a thread (a forum post too): writing there takes Send Messages in Threads. Null: not known, and both send permissions are asked. */
  inThread: boolean | null;
  /** The member's permissions in that channel, as Discord sent them with the interaction; null: none sent. */
  memberPermissions: bigint | null;
}

/** Whether the member may write in the channel the interaction was used in (always in a DM; never when a guild sent no permissions). */
export function mayAnswerPublicly(where: Invocation): boolean {
  if (!where.inGuild) return true;
  if (where.memberPermissions === null) return false;
  const send =
    where.inThread === null
      ? PERMISSION.sendMessages | PERMISSION.sendMessagesInThreads
      : where.inThread
        ? PERMISSION.sendMessagesInThreads
        : PERMISSION.sendMessages;
  const needed = PERMISSION.viewChannel | send;
  return (where.memberPermissions & needed) === needed;
}

/** The visibility an answer gets: as planned, except that a public one turns private where the member may not write. */
export function answerVisibility(planned: Visibility, where: Invocation): Visibility {
  return planned === 'public' && !mayAnswerPublicly(where) ? 'private' : planned;
}
