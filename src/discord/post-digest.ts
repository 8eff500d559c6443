import { Routes, type REST } from 'discord.js';
import type { Batch } from '../announce/announcement-store.js';
import { DeliveryError } from '../announce/outbox-worker.js';
import { DigestPostSchema, digestView } from '../digests/digest-post.js';
import { digestMessage } from '../present/digest-message.js';

/**
 * Posts a 'digest' batch: the message its payload describes (a Save button per paper), with
 * the chart uploaded as `files[0]` (multipart) and its alt text in
 * `attachments[0].description`, under the batch's nonce with `enforce_nonce`. A payload that
 * does not read back is parked.
 */
export async function postDigest(rest: REST, batch: Batch): Promise<string> {
  const parsed = DigestPostSchema.safeParse(batch.payload);
  if (!parsed.success) throw new DeliveryError(`unreadable digest payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`, 'park');
  const payload = digestMessage(digestView(parsed.data, batch.papers));
  const message = (await rest.post(Routes.channelMessages(batch.channelId), {
    body: {
      content: payload.content,
      embeds: payload.embeds,
      components: payload.components,
      allowed_mentions: payload.allowedMentions,
      attachments: payload.files.map((file, id) => ({ id, filename: file.name, ...(file.description ? { description: file.description } : {}) })),
      nonce: batch.nonce,
      enforce_nonce: true,
    },
    files: payload.files.map((file) => ({
      name: file.name,
      data: Buffer.from(file.data),
      contentType: file.name.endsWith('.png') ? 'image/png' : 'application/octet-stream',
    })),
  })) as { id: string };
  return message.id;
}
