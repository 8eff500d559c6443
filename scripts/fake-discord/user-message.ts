import { BOT_USER, BOT_USER_ID, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID, INTENTS, OTHER_BOT_ID, USER_ID } from './constants.js';
import { messageObject } from './message-store.js';

type Json = Record<string, unknown>;

/** Who sends a message dispatched with `userMessage`, where, and what it carries besides its text. */
export interface UserMessageOptions {
  /** Adds the bot to the message's mentions (the text should contain `<@bot id>` too). */
  mentionBot?: boolean;
  /** Sent by another bot. */
  bot?: boolean;
  /** Sent by this bot itself (as when Discord echoes the bot's own post). */
  fromSelf?: boolean;
  /** A direct message to the bot instead of a guild message. */
  dm?: boolean;
  userId?: string;
  channelId?: string;
  embeds?: Json[];
  attachments?: Json[];
  components?: Json[];
  /** Makes the message a reply to this message id. */
  replyTo?: string;
}

/** The MESSAGE_CREATE payload of a message, before Discord hides anything from the receiving bot. */
export function userMessageObject(content: string, options: UserMessageOptions): Json {
  const author = options.fromSelf
    ? BOT_USER
    : {
        id: options.userId ?? (options.bot ? OTHER_BOT_ID : USER_ID),
        username: options.bot ? 'otherbot' : 'reader',
        discriminator: '0',
        avatar: null,
        ...(options.bot ? { bot: true } : {}),
      };
  const mentions = options.mentionBot ? [{ ...BOT_USER }] : [];
  const place = options.dm
    ? { channel_id: DM_CHANNEL_ID }
    : {
        channel_id: options.channelId ?? CHANNEL_ID,
        guild_id: GUILD_ID,
        member: { roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
      };
  return messageObject({
    content,
    author,
    mentions,
    embeds: options.embeds ?? [],
    attachments: options.attachments ?? [],
    components: options.components ?? [],
    ...place,
    ...(options.replyTo ? { message_reference: { message_id: options.replyTo, channel_id: place.channel_id, type: 0 } } : {}),
  });
}

/**
 * What a connection with these intents receives of the message
 * (https://discord.com/developers/docs/events/gateway#message-content-intent): nothing without
 * GUILD_MESSAGES (guild) or DIRECT_MESSAGES (DM); without MESSAGE_CONTENT, empty content,
 * embeds, attachments, components and poll, except in DMs, in the bot's own messages and in
 * messages that mention the bot.
 */
export function messageForIntents(message: Json, intents: number): Json | undefined {
  const isDm = message.guild_id === undefined;
  if ((intents & (isDm ? INTENTS.directMessages : INTENTS.guildMessages)) === 0) return undefined;
  const author = message.author as { id?: string };
  const mentionsBot = ((message.mentions as { id?: string }[] | undefined) ?? []).some((user) => user.id === BOT_USER_ID);
  if ((intents & INTENTS.messageContent) !== 0 || isDm || author.id === BOT_USER_ID || mentionsBot) return message;
  const hidden: Json = { ...message, content: '', embeds: [], attachments: [], components: [] };
  delete hidden.poll;
  return hidden;
}
