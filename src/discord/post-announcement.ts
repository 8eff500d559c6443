import { DiscordAPIError, Routes, type REST } from 'discord.js';
import { DeliveryError, type PostBatch } from '../announce/outbox-worker.js';
import { announcementMessage } from '../present/announcement-message.js';

/**
 * Posts an announcement batch to a channel over REST, with the batch's nonce and
 * `enforce_nonce`. Discord remembers a nonce for a few minutes only, so a repost soon after
 * a crash returns the message already created instead of a second one; a repost after a
 * longer outage can duplicate that one batch. discord.js handles 429s and retries 5xx itself.
 */
export function createAnnouncementPoster(rest: REST, now: () => Date = () => new Date()): PostBatch {
  return async (channelId, papers, nonce) => {
    const payload = announcementMessage(papers, now());
    try {
      const message = (await rest.post(Routes.channelMessages(channelId), {
        body: { content: payload.content, embeds: payload.embeds, allowed_mentions: payload.allowedMentions, nonce, enforce_nonce: true },
      })) as { id: string };
      return message.id;
    } catch (error) {
      throw classify(error);
    }
  };
}

/** 400: the payload will never be accepted; 401: the token is wrong; 403/404: no channel or permission; the rest may pass later. */
function classify(error: unknown): DeliveryError {
  if (!(error instanceof DiscordAPIError)) return new DeliveryError((error as Error).message, 'retry');
  const what = `${error.status} ${error.code}: ${error.message}`;
  if (error.status === 401) return new DeliveryError(`Discord rejected the token (${what})`, 'halt');
  if (error.status === 400) return new DeliveryError(`Discord rejected the message (${what}; ${JSON.stringify(error.rawError).slice(0, 300)})`, 'park');
  if (error.status === 403 || error.status === 404) return new DeliveryError(`Discord refused the post (${what})`, 'park');
  return new DeliveryError(what, 'retry');
}
