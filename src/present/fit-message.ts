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
function clampEmbed(embed: APIEmbed): APIEmbed {
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

/** Text parts of an embed that can be shortened, with the least each may keep. */
function shrinkableParts(embed: APIEmbed): { length: number; keep: number; shorten: (max: number) => APIEmbed }[] {
  const parts = [];
  if (embed.description)
    parts.push({
      length: embed.description.length,
      keep: 0,
      shorten: (max: number) => ({ ...embed, description: truncate(embed.description ?? '', max) || undefined }),
    });
  if (embed.footer)
    parts.push({
      length: embed.footer.text.length,
      keep: 0,
      shorten: (max: number) => ({ ...embed, footer: { ...embed.footer, text: truncate(embed.footer?.text ?? '', max) } }),
    });
  if (embed.title) parts.push({ length: embed.title.length, keep: 40, shorten: (max: number) => ({ ...embed, title: truncate(embed.title ?? '', max) }) });
  (embed.fields ?? []).forEach((field, index) => {
    parts.push({
      length: field.value.length,
      keep: 20,
      shorten: (max: number) => ({ ...embed, fields: embed.fields?.map((f, i) => (i === index ? { ...f, value: truncate(f.value, max) } : f)) }),
    });
  });
  return parts;
}

/**
 * The last line of defence for every message: at most 10 embeds, each part within its
 * limit, content within 2000, the longest text parts (descriptions first, since they are
 * longest) shortened until the embeds total at most 6000 characters, and at most 10 files
 * of at most 10 MiB each, with a note in the content for any file left out.
 */
export function fitMessage(payload: ReplyPayload): ReplyPayload {
  const embeds = payload.embeds.slice(0, LIMITS.embedsPerMessage).map(clampEmbed);
  const total = () => embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
  let excess = total() - LIMITS.embedTotal;
  while (excess > 0) {
    let best: { embed: number; part: ReturnType<typeof shrinkableParts>[number] } | null = null;
    embeds.forEach((embed, index) => {
      for (const part of shrinkableParts(embed)) {
        if (part.length > part.keep && (!best || part.length - part.keep > best.part.length - best.part.keep)) best = { embed: index, part };
      }
    });
    if (best === null) {
      embeds.pop(); // nothing left to shorten: fewer embeds rather than a rejected message
    } else {
      const { embed, part } = best as { embed: number; part: ReturnType<typeof shrinkableParts>[number] };
      embeds[embed] = part.shorten(Math.max(part.keep, part.length - excess));
    }
    excess = total() - LIMITS.embedTotal;
  }
  const files = payload.files.filter((file) => file.data.byteLength <= LIMITS.attachmentBytes).slice(0, LIMITS.attachmentsPerMessage);
  const left = payload.files.filter((file) => !files.includes(file));
  const note = left.length === 0 ? null : truncate(`(${left.map((file) => file.name).join(', ')} left out: over Discord's attachment limits)`, 300);
  const content =
    note === null
      ? payload.content === undefined
        ? undefined
        : truncate(payload.content, LIMITS.content)
      : [truncate(payload.content ?? '', LIMITS.content - note.length - 1), note].filter(Boolean).join('\n');
  return { ...payload, ...(content === undefined ? {} : { content }), embeds, files };
}
