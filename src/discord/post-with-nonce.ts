import { Routes, type REST } from 'discord.js';
import type { ReplyPayload } from '../present/reply-payload.js';

/**
 * Posts a payload to a channel over REST under `nonce` with `enforce_nonce`, its files
 * uploaded as multipart (alt text in `attachments[n].description`), and returns the message
 * id. Discord remembers a nonce for a few minutes only: a repost within them returns the
 * message already created instead of a second one. discord.js handles 429s and retries 5xx.
 */
export async function postWithNonce(rest: REST, channelId: string, payload: ReplyPayload, nonce: string): Promise<string> {
  const message = (await rest.post(Routes.channelMessages(channelId), {
    body: {
      content: payload.content,
      embeds: payload.embeds,
      components: payload.components,
      allowed_mentions: payload.allowedMentions,
      ...(payload.files.length > 0
        ? { attachments: payload.files.map((file, id) => ({ id, filename: file.name, ...(file.description ? { description: file.description } : {}) })) }
        : {}),
      nonce,
      enforce_nonce: true,
    },
    ...(payload.files.length > 0
      ? {
          files: payload.files.map((file) => ({
            name: file.name,
            data: Buffer.from(file.data),
            contentType: file.name.endsWith('.png') ? 'image/png' : 'application/octet-stream',
          })),
        }
      : {}),
  })) as { id: string };
  return message.id;
}
