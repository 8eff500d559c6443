import { DiscordAPIError, type REST } from 'discord.js';
import type { Batch } from '../store/outbox-store.js';
import { DeliveryError, type PostBatch } from '../announce/outbox-worker.js';
import { announcementMessage } from '../present/announcement-message.js';
import { postWithNonce } from './post-with-nonce.js';

/** How each kind of outbox batch is posted. */
type BatchPosters = Record<string, (rest: REST, batch: Batch, saveProgress: (progress: unknown) => Promise<void>) => Promise<string>>;

/**
 * Posts outbox batches over REST, each with its batch's nonce (postWithNonce): a repost soon
 * after a crash returns the message already created; a repost after a longer outage than
 * Discord's nonce window can duplicate that one batch.
 */
export function createAnnouncementPoster(rest: REST, now: () => Date = () => new Date(), posters: BatchPosters = {}): PostBatch {
  const all: BatchPosters = { papers: (client, batch) => postPapers(client, batch, now()), ...posters };
  return async (batch, saveProgress) => {
    const post = all[batch.kind];
    if (!post) throw new DeliveryError(`no poster for batches of kind "${batch.kind}"`, 'park');
    try {
      return await post(rest, batch, saveProgress);
    } catch (error) {
      throw error instanceof DeliveryError ? error : classifyDiscordError(error);
    }
  };
}

/** A 'papers' batch: "📰 3 new papers · Nov 27" and their embeds, oldest first. */
function postPapers(rest: REST, batch: Batch, now: Date): Promise<string> {
  return postWithNonce(rest, batch.channelId, announcementMessage(batch.papers, now), batch.nonce);
}

/** 400: the payload will never be accepted; 401: the token is wrong; 403/404: no channel or permission; the rest may pass later. */
function classifyDiscordError(error: unknown): DeliveryError {
  if (!(error instanceof DiscordAPIError)) return new DeliveryError((error as Error).message, 'retry');
  const what = `${error.status} ${error.code}: ${error.message}`;
  if (error.status === 401) return new DeliveryError(`Discord rejected the token (${what})`, 'halt');
  if (error.status === 400) return new DeliveryError(`Discord rejected the message (${what}; ${JSON.stringify(error.rawError).slice(0, 300)})`, 'park');
  if (error.status === 403 || error.status === 404) return new DeliveryError(`Discord refused the post (${what})`, 'park');
  return new DeliveryError(what, 'retry');
}
