import {
  MessageFlags,
  type AttachmentPayload,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type MessageReplyOptions,
} from 'discord.js';
import type { Attachment, ReplyPayload } from '../present/reply-payload.js';

/** Files as discord.js sends them (multipart). */
export function toDiscordFiles(files: readonly Attachment[]): AttachmentPayload[] {
  return files.map((file) => ({ attachment: Buffer.from(file.data), name: file.name, ...(file.description ? { description: file.description } : {}) }));
}

/** What every kind of message takes from a payload: its text, embeds, buttons, files and mentions. */
function messageBody(payload: ReplyPayload) {
  return {
    content: payload.content ?? '',
    embeds: payload.embeds,
    components: payload.components,
    files: toDiscordFiles(payload.files),
    allowedMentions: payload.allowedMentions,
  };
}

/** A payload as `interaction.reply` options. */
export function toReplyOptions(payload: ReplyPayload): InteractionReplyOptions {
  return { ...messageBody(payload), ...(payload.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
}

/** A payload as `editReply` / `update` options (ephemerality is fixed by the first response; the files replace any before). */
export function toEditOptions(payload: ReplyPayload): InteractionEditReplyOptions & InteractionUpdateOptions {
  return { ...messageBody(payload), attachments: [] };
}

/** A payload as `message.reply` options: a reply that pings nobody, the author included. */
export function toMessageReplyOptions(payload: ReplyPayload): MessageReplyOptions {
  const body = messageBody(payload);
  return { ...body, allowedMentions: { ...body.allowedMentions, repliedUser: false } };
}
