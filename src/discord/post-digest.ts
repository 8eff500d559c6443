import type { REST } from 'discord.js';
import type { Batch } from '../store/outbox-store.js';
import { DeliveryError } from '../announce/outbox-worker.js';
import { DigestPostSchema, digestView } from '../digest-posts/digest-post.js';
import { digestMessage } from '../present/digest-message.js';
import { postWithNonce } from './post-with-nonce.js';

/**
 * Posts a 'digest' batch: the message its payload describes (a Save button per paper), with
 * the chart uploaded as its file (postWithNonce). A payload that does not read back is parked.
 */
export function postDigest(rest: REST, batch: Batch): Promise<string> {
  const parsed = DigestPostSchema.safeParse(batch.payload);
  if (!parsed.success) throw new DeliveryError(`unreadable digest payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`, 'park');
  return postWithNonce(rest, batch.channelId, digestMessage(digestView(parsed.data, batch.papers)), batch.nonce);
}
