import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS,
  BOT_USER_ID,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  EVERY_PERMISSION,
  FakeDiscord,
  GUILD_ID,
  INTENTS,
  MANAGE_GUILD_PERMISSIONS,
  OTHER_CHANNEL_ID,
  OWNER_ID,
  PERMISSION,
  USER_ID,
  basePermissions,
  channelPermissions,
  type Overwrite,
} from '../support/fake-discord.js';
import { call, connectGateway } from './fake-discord-client.js';

type Json = Record<string, unknown>;
const { viewChannel: VIEW, sendMessages: SEND, createPublicThreads: CREATE_THREADS, sendMessagesInThreads: SEND_IN_THREADS } = PERMISSION;
const STAFF = '600000000000000001';
const MUTED = '600000000000000002';
const deny = (id: string, type: 0 | 1, bits: bigint): Overwrite => ({ id, type, allow: '0', deny: String(bits) });
const allow = (id: string, type: 0 | 1, bits: bigint): Overwrite => ({ id, type, allow: String(bits), deny: '0' });

describe("the fake Discord's permission computation", () => {
  const guild = {
    id: GUILD_ID,
    ownerId: OWNER_ID,
    roles: [
      { id: GUILD_ID, permissions: String(VIEW | SEND) },
      { id: STAFF, permissions: String(PERMISSION.manageGuild) },
      { id: MUTED, permissions: '0' },
    ],
  };
  const reader = (roles: string[] = []) => ({ id: USER_ID, roles });

  it('gives @everyone’s permissions and each role’s together; the owner and Administrator get every permission', () => {
    expect(basePermissions(guild, reader())).toBe(VIEW | SEND);
    expect(basePermissions(guild, reader([STAFF]))).toBe(VIEW | SEND | PERMISSION.manageGuild);
    expect(basePermissions(guild, { id: OWNER_ID, roles: [] })).toBe(EVERY_PERMISSION);
    const admins = { ...guild, roles: [...guild.roles, { id: '600000000000000009', permissions: String(PERMISSION.administrator) }] };
    expect(basePermissions(admins, reader(['600000000000000009']))).toBe(EVERY_PERMISSION);
    // Discord's "every permission" covers all that discord.js knows.
    expect(EVERY_PERMISSION & PermissionsBitField.All).toBe(PermissionsBitField.All);
  });

  it('applies @everyone’s overwrite, then the roles’ (denies, then allows), then the member’s', () => {
    const base = VIEW | SEND;
    const staffOnly = [deny(GUILD_ID, 0, VIEW), allow(STAFF, 0, VIEW)];
    expect(channelPermissions(base, GUILD_ID, reader(), staffOnly)).toBe(SEND);
    expect(channelPermissions(base, GUILD_ID, reader([STAFF]), staffOnly)).toBe(VIEW | SEND);
    // One role's allow beats another role's deny: they are applied together, allows last.
    expect(channelPermissions(base, GUILD_ID, reader([STAFF, MUTED]), [deny(MUTED, 0, SEND), allow(STAFF, 0, SEND)])).toBe(VIEW | SEND);
    // The member's own overwrite comes last, over any role's.
    expect(channelPermissions(base, GUILD_ID, reader([STAFF]), [...staffOnly, deny(USER_ID, 1, VIEW)])).toBe(SEND);
    expect(channelPermissions(base, GUILD_ID, reader(), [...staffOnly, allow(USER_ID, 1, VIEW)])).toBe(VIEW | SEND);
    // Overwrites for a role the member lacks, or for someone else, change nothing.
    expect(channelPermissions(base, GUILD_ID, reader(), [deny(MUTED, 0, SEND), deny(BOT_USER_ID, 1, SEND)])).toBe(base);
    // Administrator passes every overwrite.
    expect(channelPermissions(base | PERMISSION.administrator, GUILD_ID, reader(), [deny(GUILD_ID, 0, VIEW | SEND)])).toBe(EVERY_PERMISSION);
  });
});

describe('the fake Discord enforces and reports permissions as Discord does', () => {
  let discord: FakeDiscord;
  let close = () => {};
  let staffRole: string;
  let staffOnly: string;
  let botMuted: string;
  let noThreads: string;
  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    staffRole = discord.addRole('staff', 0n);
    staffOnly = discord.addChannel('staff', { overwrites: [deny(GUILD_ID, 0, VIEW), allow(staffRole, 0, VIEW)] });
    botMuted = discord.addChannel('bot-muted', { overwrites: [deny(BOT_USER_ID, 1, SEND | SEND_IN_THREADS)] });
    noThreads = discord.addChannel('no-threads', { overwrites: [deny(BOT_USER_ID, 1, CREATE_THREADS)] });
  });
  afterEach(() => close());
  afterAll(() => discord.stop());

  it('answers 403 Missing Permissions to a post where the bot may not send, and keeps no message', async () => {
    const before = discord.channelMessages.length;
    expect(await call(discord, 'POST', `/channels/${botMuted}/messages`, { content: 'hi' })).toEqual({
      status: 403,
      body: { code: 50013, message: 'Missing Permissions' },
    });
    expect(discord.channelMessages).toHaveLength(before);
    // Everywhere else, and in a DM, it posts.
    expect((await call(discord, 'POST', `/channels/${OTHER_CHANNEL_ID}/messages`, { content: 'hi' })).status).toBe(200);
    expect((await call(discord, 'POST', `/channels/${DM_CHANNEL_ID}/messages`, { content: 'hi' })).status).toBe(200);
    // A channel the bot cannot see at all is refused the same way.
    expect((await call(discord, 'POST', `/channels/${staffOnly}/messages`, { content: 'hi' })).status).toBe(403);
  });

  it('answers 403 to a thread start without Create Public Threads, and to a post in a thread without Send Messages in Threads', async () => {
    const there = discord.userMessage('a paper', { channelId: noThreads });
    expect(await call(discord, 'POST', `/channels/${noThreads}/messages/${there}/threads`, { name: 'x' })).toEqual({
      status: 403,
      body: { code: 50013, message: 'Missing Permissions' },
    });
    // A thread takes its parent's overwrites: the bot may not write in threads of botMuted.
    const thread = discord.userThread(botMuted, 'discussion');
    expect((await call(discord, 'POST', `/channels/${thread}/messages`, { content: 'hi' })).status).toBe(403);
    const open = discord.userThread(CHANNEL_ID, 'open');
    expect((await call(discord, 'POST', `/channels/${open}/messages`, { content: 'hi' })).status).toBe(200);
  });

  it('sends the bot its member, the roles and every channel’s overwrites with GUILD_CREATE', async () => {
    const gateway = await connectGateway(discord, INTENTS.guilds);
    close = gateway.close;
    const guild = (await discord.waitFor(() => gateway.dispatches.find((dispatch) => dispatch.t === 'GUILD_CREATE')))?.d as Json;
    expect(guild.owner_id).toBe(OWNER_ID);
    expect((guild.members as Json[]).map((member) => (member.user as Json).id)).toEqual([BOT_USER_ID]);
    // The guild's first two roles; the last test of this file (in any order) adds a third.
    expect((guild.roles as Json[]).slice(0, 2).map((role) => [role.id, role.permissions])).toEqual([
      [GUILD_ID, ALL_PERMISSIONS],
      [staffRole, '0'],
    ]);
    const channels = new Map((guild.channels as Json[]).map((channel) => [channel.id, channel.permission_overwrites]));
    expect(channels.get(staffOnly)).toEqual([deny(GUILD_ID, 0, VIEW), allow(staffRole, 0, VIEW)]);
    expect(channels.get(CHANNEL_ID)).toEqual([]);
  });

  it('computes the member’s and the bot’s permissions in the interaction’s channel and in each channel an option names', async () => {
    const gateway = await connectGateway(discord, INTENTS.guilds);
    close = gateway.close;
    const received = async (id: string) =>
      (await discord.waitFor(() => gateway.dispatches.find((dispatch) => dispatch.t === 'INTERACTION_CREATE' && dispatch.d.id === id)))?.d as Json;
    const resolvedChannel = (payload: Json, channelId: string) => ((payload.data as Json).resolved as { channels: Record<string, Json> }).channels[channelId];

    // Used in botMuted, naming the staff-only channel, by a manager without the staff role.
    const plain = await received(discord.slashCommand('subscribe', { channel: staffOnly }, { permissions: MANAGE_GUILD_PERMISSIONS, channelId: botMuted }).id);
    expect(plain).toMatchObject({ guild_id: GUILD_ID, channel_id: botMuted, channel: { id: botMuted, name: 'bot-muted' } });
    expect((plain.member as Json).permissions).toBe(MANAGE_GUILD_PERMISSIONS);
    expect(plain.app_permissions).toBe(String(BigInt(ALL_PERMISSIONS) & ~(SEND | SEND_IN_THREADS)));
    expect(resolvedChannel(plain, staffOnly)).toEqual({
      id: staffOnly,
      type: 0,
      name: 'staff',
      guild_id: GUILD_ID,
      permissions: String(BigInt(MANAGE_GUILD_PERMISSIONS) & ~VIEW),
    });

    // The same with the staff role: the role's overwrite gives View Channel back.
    const staff = await received(discord.slashCommand('subscribe', { channel: staffOnly }, { permissions: MANAGE_GUILD_PERMISSIONS, roles: [staffRole] }).id);
    expect((staff.member as Json).roles).toEqual([staffRole]);
    expect(resolvedChannel(staff, staffOnly)?.permissions).toBe(MANAGE_GUILD_PERMISSIONS);
    expect(staff.app_permissions).toBe(ALL_PERMISSIONS);

    // Without `permissions`, the member's come from @everyone and their roles, as before overwrites.
    const byRoles = await received(discord.autocomplete('unsubscribe', 'subscription', '', { roles: [staffRole] }).id);
    expect((byRoles.member as Json).permissions).toBe(ALL_PERMISSIONS);
    expect(BigInt(ALL_PERMISSIONS) & PermissionFlagsBits.ManageGuild).toBe(0n);
  });

  it('dispatches a new role, a new channel and changed overwrites to the bot', async () => {
    const gateway = await connectGateway(discord, INTENTS.guilds);
    close = gateway.close;
    const role = discord.addRole('late', VIEW);
    const channel = discord.addChannel('late');
    discord.setOverwrites(channel, [deny(role, 0, SEND)]);
    const seen = await discord.waitFor(() => {
      const events = gateway.dispatches.filter((dispatch) => ['GUILD_ROLE_CREATE', 'CHANNEL_CREATE', 'CHANNEL_UPDATE'].includes(dispatch.t));
      return events.length === 3 ? events : undefined;
    });
    expect(seen.map((event) => event.t)).toEqual(['GUILD_ROLE_CREATE', 'CHANNEL_CREATE', 'CHANNEL_UPDATE']);
    expect(seen[0]?.d).toMatchObject({ guild_id: GUILD_ID, role: { id: role, name: 'late', permissions: String(VIEW) } });
    expect(seen[2]?.d).toMatchObject({ id: channel, guild_id: GUILD_ID, permission_overwrites: [deny(role, 0, SEND)] });
  });
});
