import type { APIEmbed } from 'discord.js';
import { LIMITS, truncate } from './discord-limits.js';
import type { ReplyPayload } from './reply-payload.js';

/** The characters of an embed that count toward the 6000 limit. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** Caps every part of an embed at its own limit. */
export function clampEmbed(embed: APIEmbed): APIEmbed {
  const clamped: APIEmbed = { ...embed };
  if (embed.title !== undefined) clamped.title = truncate(embed.title, LIMITS.embedTitle);
  if (embed.description !== undefined) clamped.description = truncate(embed.description, LIMITS.embedDescription);
  if (embed.footer) clamped.footer = { ...embed.footer, text: truncate(embed.footer.text, LIMITS.footerText) };
  if (embed.author) clamped.author = { ...embed.author, name: truncate(embed.author.name, LIMITS.authorName) };
  if (embed.fields) {
    clamped.fields = embed.fields.slice(0, LIMITS.embedFields).map((field) => ({
      ...field,
      name: truncate(field.name, LIMITS.fieldName) || '\u200b',
      value: truncate(field.value, LIMITS.fieldValue) || '\u200b',
    }));
  }
  return clamped;
}

/**
 * The last line of defence for every message: at most 10 embeds, each part within its
 * limit, content within 2000, and descriptions shortened (longest first) until the
 * embeds total at most 6000 characters.
 */
export function fitMessage(payload: ReplyPayload): ReplyPayload {
  const embeds = payload.embeds.slice(0, LIMITS.embedsPerMessage).map(clampEmbed);
  let excess = embeds.reduce((sum, embed) => sum + embedLength(embed), 0) - LIMITS.embedTotal;
  while (excess > 0) {
    const longest = embeds.reduce((best, embed, index) => ((embed.description?.length ?? 0) > (embeds[best]?.description?.length ?? 0) ? index : best), 0);
    const embed = embeds[longest] as APIEmbed;
    const description = embed.description ?? '';
    if (description.length === 0) {
      // Only fields and titles left: drop the last embed rather than break the message.
      embeds.pop();
    } else {
      const shorter = truncate(description, Math.max(0, description.length - excess));
      embeds[longest] = { ...embed, description: shorter || undefined };
    }
    excess = embeds.reduce((sum, e) => sum + embedLength(e), 0) - LIMITS.embedTotal;
  }
  const content = payload.content === undefined ? undefined : truncate(payload.content, LIMITS.content);
  return { ...payload, ...(content === undefined ? {} : { content }), embeds };
}
