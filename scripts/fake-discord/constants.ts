/** The ids of the fake Discord's application, guilds, channels and users, and its id source. */

export const APPLICATION_ID = '100000000000000001';
export const BOT_USER_ID = APPLICATION_ID;
export const GUILD_ID = '200000000000000001';
/** A second guild, on shard 1 of 2 ((id >> 22) % 2 === 1). */
export const SECOND_GUILD_ID = '200000000004194305';
export const SECOND_GUILD_CHANNEL_ID = '300000000000000003';
export const CHANNEL_ID = '300000000000000001';
/** A second text channel, for subscriptions. */
export const OTHER_CHANNEL_ID = '300000000000000002';
/** A forum channel: people post threads in it, the bot's messages go in those threads. */
export const FORUM_CHANNEL_ID = '300000000000000015';
/** A channel id the guild does not have: posts there answer 404 Unknown Channel. */
export const MISSING_CHANNEL_ID = '300000000000000404';
/** The direct-message channel between the reader and the bot. */
export const DM_CHANNEL_ID = '300000000000000900';
export const USER_ID = '400000000000000001';
/** Another bot in the guild (not this one). */
export const OTHER_BOT_ID = '400000000000000099';
/** The guilds' owner: Discord gives the owner every permission, so not the reader, whose permissions tests set. */
export const OWNER_ID = '400000000000000050';

/** Message flag: only the user who invoked the interaction sees the message. */
export const EPHEMERAL = 64;
/** Gateway intents Discord checks before delivering messages. */
export const INTENTS = { guilds: 1, guildMessages: 1 << 9, directMessages: 1 << 12, messageContent: 1 << 15 } as const;
/** All permissions the fake guild grants by default (@everyone's): neither Administrator nor Manage Server. */
export const ALL_PERMISSIONS = '2248473465835073';
/** Those permissions plus Manage Server (1 << 5): a member who may run admin commands. */
export const MANAGE_GUILD_PERMISSIONS = String(BigInt(ALL_PERMISSIONS) | 32n);

/** The bot's own user object, as Discord sends it. */
export const BOT_USER = { id: BOT_USER_ID, username: 'paperbot', discriminator: '0', bot: true, avatar: null, global_name: null };
/** The reader, the user who runs commands. */
export const READER = { id: USER_ID, username: 'reader', discriminator: '0', global_name: 'Reader', avatar: null };

let nextId = 500000000000000000n;
/** A fresh id, larger than every earlier one (ids are unique across all fake servers of a test run). */
export const snowflake = (): string => String(nextId++);
