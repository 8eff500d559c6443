import { ALL_PERMISSIONS, APPLICATION_ID, CHANNEL_ID, GUILD_ID, READER, USER_ID, snowflake } from './constants.js';
import { channelOfGuild } from './guild-fixture.js';
import { messageObject } from './message-store.js';

/** INTERACTION_CREATE payloads as Discord sends them, for each kind of interaction the tests dispatch. */

type Json = Record<string, unknown>;

/** The reader as the member of an interaction: `permissions` as they are in the guild (the fake applies the channel's overwrites). */
export const memberPayload = (permissions = ALL_PERMISSIONS, roles: string[] = []) => ({
  user: READER,
  roles,
  permissions,
  joined_at: '2025-01-01T00:00:00.000Z',
  deaf: false,
  mute: false,
  flags: 0,
});

/** User `userId` (named `member-` and the id's last 3 digits) as the member of an interaction, with no role and every permission: for many members at once. */
export const memberPayloadOf = (userId: string) => ({
  ...memberPayload(),
  user: { id: userId, username: `member-${userId.slice(-3)}`, discriminator: '0', global_name: null, avatar: null },
});

/** The envelope every interaction has, with `partial` on top; `guild_id` in `partial` picks the guild and its channel. */
export function interactionPayload(id: string, token: string, partial: Json): Json {
  const guildId = (partial.guild_id as string | undefined) ?? GUILD_ID;
  const channelId = guildId === GUILD_ID ? CHANNEL_ID : channelOfGuild(guildId);
  return {
    id,
    token,
    application_id: APPLICATION_ID,
    version: 1,
    guild_id: guildId,
    channel_id: channelId,
    channel: { id: channelId, type: 0, guild_id: guildId, name: 'papers' },
    member: memberPayload(),
    app_permissions: ALL_PERMISSIONS,
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    ...partial,
  };
}

export function slashCommandPayload(name: string, options: Record<string, string | number>, as: { permissions?: string }): Json {
  return {
    member: memberPayload(as.permissions),
    type: 2,
    data: {
      id: snowflake(),
      name,
      type: 1,
      options: Object.entries(options).map(([optionName, value]) => ({
        name: optionName,
        type: typeof value === 'number' ? 4 : optionName === 'channel' ? 7 : 3,
        value,
      })),
      ...(options.channel
        ? { resolved: { channels: { [options.channel]: { id: options.channel, type: 0, name: 'kv-cache', permissions: ALL_PERMISSIONS } } } }
        : {}),
    },
  };
}

export function autocompletePayload(command: string, option: string, value: string): Json {
  return { type: 4, data: { id: snowflake(), name: command, type: 1, options: [{ name: option, type: 3, value, focused: true }] } };
}

/** A button click on `message` (a complete message object). */
export function buttonPayload(customId: string, message: Json): Json {
  return { type: 3, data: { custom_id: customId, component_type: 2 }, message };
}

/** The message a clicked button is on: the bot's message with this content, embeds, components and flags. */
export function buttonMessage(message: { content?: string; embeds?: unknown[]; components?: unknown[]; flags?: number }): Json {
  return messageObject({
    guild_id: GUILD_ID,
    content: message.content ?? '',
    embeds: message.embeds ?? [],
    components: message.components ?? [],
    flags: message.flags ?? 0,
  });
}

/** The buttons with a custom id (not link buttons) of a message, in order. */
export function buttonsOf(message: Json): { custom_id: string; disabled?: boolean }[] {
  const rows = Array.isArray(message.components) ? (message.components as Json[]) : [];
  return rows
    .flatMap((row) => (Array.isArray(row.components) ? (row.components as Json[]) : []))
    .filter((component) => component.type === 2 && typeof component.custom_id === 'string')
    .map((component) => ({ custom_id: component.custom_id as string, ...(component.disabled === true ? { disabled: true } : {}) }));
}

/** A message command (right-click → Apps → `name`) on a message a user wrote with this content. */
export function messageCommandPayload(name: string, content: string): { payload: Json; target: Json } {
  const target = messageObject({ content, author: { id: USER_ID, username: 'reader', discriminator: '0', avatar: null } });
  const payload = {
    type: 2,
    data: { id: snowflake(), name, type: 3, target_id: target.id, resolved: { messages: { [target.id as string]: target } } },
  };
  return { payload, target };
}
