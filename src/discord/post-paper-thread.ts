import { DiscordAPIError, RESTJSONErrorCodes, Routes, ThreadAutoArchiveDuration, type REST } from 'discord.js';
import type { Batch } from '../store/outbox-store.js';
import { DeliveryError } from '../announce/outbox-worker.js';
import type { Logger } from '../log.js';
import { paperThreadMessage } from '../present/paper-thread-message.js';
import { threadName } from '../present/thread-name.js';
import { postWithNonce } from './post-with-nonce.js';

/**
 * A week: a paper's discussion comes over the days after it is announced, and a week keeps
 * the thread in the channel's active list through them without crowding it for longer (a
 * new message unarchives it anyway). Discord allows 1 hour, 1 day, 3 days or 1 week.
 */
const PAPER_THREAD_ARCHIVE_MINUTES = ThreadAutoArchiveDuration.OneWeek;

/** What a 'paper-thread' batch records between its two steps. */
interface PaperThreadProgress {
  messageId: string;
}

/**
 * Posts a 'paper-thread' batch: the paper as its own message (with the batch's nonce), its id
 * saved with `saveProgress`, then a thread named after the paper on it. A retry with a saved
 * message id only creates the thread, and "a thread has already been created for this
 * message" (160004) counts as done; a crash before the id was saved reposts with the same
 * nonce, which Discord answers with the message it already has (within its few minutes).
 * Once the message exists the paper is in the channel, so a thread Discord refuses (4xx: no
 * Create Public Threads permission, too many threads, the channel deleted meanwhile, …)
 * leaves the batch sent, never parked, and the reason is logged once per channel and code,
 * not once per paper. Only errors a retry may cure are thrown then: 5xx and network errors
 * (retried with the saved id), and 401 (a wrong token halts the outbox; the batch keeps its
 * progress for the restart).
 */
export function createPaperThreadPoster(log: Logger, now: () => Date = () => new Date()) {
  /** Channel → the refusal codes already logged there. */
  const warned = new Map<string, Set<number>>();
  return async (rest: REST, batch: Batch, saveProgress: (progress: unknown) => Promise<void>): Promise<string> => {
    const [paper] = batch.papers;
    if (!paper) throw new DeliveryError('a paper-thread batch without its paper', 'park');
    let messageId = (batch.progress as Partial<PaperThreadProgress> | null)?.messageId;
    if (messageId === undefined) {
      messageId = await postWithNonce(rest, batch.channelId, paperThreadMessage(paper, now()), batch.nonce);
      await saveProgress({ messageId } satisfies PaperThreadProgress);
    }
    try {
      await rest.post(Routes.threads(batch.channelId, messageId), {
        body: { name: threadName(paper.title), auto_archive_duration: PAPER_THREAD_ARCHIVE_MINUTES },
      });
      warned.delete(batch.channelId);
    } catch (error) {
      // Not a refusal (5xx after discord.js's retries, network): the thread may open on a retry.
      if (!(error instanceof DiscordAPIError) || error.status >= 500 || error.status === 401) throw error;
      if (error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) return messageId;
      if (error.code === RESTJSONErrorCodes.UnknownMessage) {
        log.info({ batch: batch.id, channel: batch.channelId, message: messageId }, 'announced paper deleted before its thread was opened');
        return messageId;
      }
      const codes = warned.get(batch.channelId) ?? new Set<number>();
      if (!codes.has(Number(error.code))) {
        warned.set(batch.channelId, codes.add(Number(error.code)));
        log.warn(
          { channel: batch.channelId, reason: `${error.status} ${error.code}: ${error.message}` },
          'cannot open threads in this channel: papers are announced there without threads',
        );
      }
    }
    return messageId;
  };
}
