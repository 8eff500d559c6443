import { MessageFlags, type InteractionEditReplyOptions, type InteractionReplyOptions, type InteractionUpdateOptions } from 'discord.js';
import type { ReplyPayload } from '../present/reply-payload.js';

/** A payload as `interaction.reply` options. */
export function toReplyOptions(payload: ReplyPayload): InteractionReplyOptions {
  return {
    content: payload.content ?? '',
    embeds: payload.embeds,
    components: payload.components,
    allowedMentions: payload.allowedMentions,
    ...(payload.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/** A payload as `editReply` / `update` options (ephemerality is fixed by the first response). */
export function toEditOptions(payload: ReplyPayload): InteractionEditReplyOptions & InteractionUpdateOptions {
  return { content: payload.content ?? '', embeds: payload.embeds, components: payload.components, allowedMentions: payload.allowedMentions };
}
