import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';

/** Nobody is ever pinged by the bot: user text and paper text are untrusted. */
const NO_MENTIONS = { parse: [] as never[] };

/** A file sent with a message: a chart, an exported reading list. */
export interface Attachment {
  /** The file name Discord shows, e.g. `stats.png`; embeds can refer to it as `attachment://stats.png`. */
  name: string;
  data: Uint8Array;
  /** Alt text for images. */
  description?: string;
}

/**
 * What a command answers, independent of how it is sent: the Discord adapter turns it
 * into `interaction.reply`, the console prints it (and saves its files), tests assert on it.
 */
export interface ReplyPayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  files: Attachment[];
  /** Visible only to the user who asked. */
  ephemeral: boolean;
  allowedMentions: typeof NO_MENTIONS;
  /**
   * The reply says the digest has nothing for the request. While the digest still loads that
   * is not an answer yet, so the loading note replaces the sentence (see loading-note.ts).
   */
  nothingFound?: boolean;
}

export function reply(parts: Partial<Omit<ReplyPayload, 'allowedMentions'>>): ReplyPayload {
  return { embeds: [], components: [], files: [], ephemeral: false, ...parts, allowedMentions: NO_MENTIONS };
}

/** A reply saying the digest has nothing for the request ("no papers found"). */
export function nothingFound(parts: Partial<Omit<ReplyPayload, 'allowedMentions' | 'nothingFound'>>): ReplyPayload {
  return { ...reply(parts), nothingFound: true };
}

/** A short private message, for errors and notices. */
export function notice(content: string): ReplyPayload {
  return reply({ content, ephemeral: true });
}
