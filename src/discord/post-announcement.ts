import { DiscordAPIError, Routes, type REST } from 'discord.js';
import { DeliveryError, type PostBatch } from '../announce/outbox-worker.js';
import { announcementMessage } from '../present/announcement-message.js';

/**
 * Posts an announcement batch to a channel over REST, with the batch's nonce and
 * `enforce_nonce`, so that a repost after a crash returns the message Discord already
 * created instead of a second one. discord.js handles 429s and retries 5xx itself.
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
      if (error instanceof DiscordAPIError && (error.status === 403 || error.status === 404)) {
        throw new DeliveryError(`Discord refused the post (${error.status} ${error.code}: ${error.message})`, true);
      }
      throw new DeliveryError((error as Error).message, false);
    }
  };
}
