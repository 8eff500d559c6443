import { describe, expect, it } from 'vitest';
import { UserError, type CommandContext } from '../../src/interactions/command.js';
import type { ChannelAccess } from '../../src/interactions/channel-permissions.js';
import { mayManageServer, requireSubscriptions, requireUsableChannel } from '../../src/interactions/subscription-guards.js';
import type { CommandStores } from '../../src/store/stores.js';

// requireSubscriptions reads only `takesSubscriptions` and `stores`: the rest of a context plays no part.
const context = (fields: Pick<CommandContext, 'takesSubscriptions' | 'stores'>) => fields as CommandContext;
const stores = { subscriptions: { name: 'the subscription store' } } as unknown as CommandStores;

describe('requireSubscriptions', () => {
  it('hands out the subscription store of a process that keeps subscriptions', () => {
    expect(requireSubscriptions(context({ stores }))).toBe(stores.subscriptions);
    expect(requireSubscriptions(context({ takesSubscriptions: true, stores }))).toBe(stores.subscriptions);
  });

  it('refuses on a machine that does not post announcements, even with a database, and says who keeps them', () => {
    const refusal = () => requireSubscriptions(context({ takesSubscriptions: false, stores }));
    expect(refusal).toThrow(UserError);
    expect(refusal).toThrow(
      'Subscriptions are kept by the machine of this bot that posts announcements, and this server is served by another one. Ask the bot operator.',
    );
  });

  it('refuses without a database, and says so', () => {
    const refusal = () => requireSubscriptions(context({ stores: undefined }));
    expect(refusal).toThrow(UserError);
    expect(refusal).toThrow('Announcements are not set up on this bot (its database is unavailable).');
  });
});

describe('requireUsableChannel', () => {
  const GUILD = '200000000000000001';
  const CHANNEL = '300000000000000002';
  // View Channel, Send Messages, Embed Links, Create Public Threads, Send Messages in Threads.
  const ALL = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 35n) | (1n << 38n);
  const wording = { member: 'to have papers posted there', bot: 'to post papers there' };
  /** What the guard says for this channel (undefined: it lets the command go on). */
  function outcome(access: ChannelAccess | undefined, use = { botPosts: true, threads: false }, channels = true): string | undefined {
    const context = { channels: channels ? new Map(access ? [[CHANNEL, access]] : []) : undefined } as CommandContext;
    try {
      requireUsableChannel(context, { guildId: GUILD, channelId: CHANNEL }, use, wording);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      return (error as Error).message;
    }
  }
  const access = (fields: Partial<ChannelAccess>): ChannelAccess => ({ guildId: GUILD, inThreads: false, member: ALL, bot: ALL, ...fields });

  it('lets a usable channel through', () => {
    expect(outcome(access({}))).toBeUndefined();
  });

  it('says which channel and what is missing, for each refusal', () => {
    expect(outcome(undefined)).toBe(`I cannot find <#${CHANNEL}> in this server: pick a channel from the list.`);
    expect(outcome(access({ guildId: '200000000000000002' }))).toBe(`<#${CHANNEL}> is not a channel of this server: pick one of this server's channels.`);
    expect(outcome(access({ member: ALL & ~(1n << 10n) }))).toBe(`You need View Channel in <#${CHANNEL}> to have papers posted there.`);
    expect(outcome(access({ bot: ALL & ~(1n << 11n) }))).toBe(
      `I need Send Messages in <#${CHANNEL}> to post papers there: ask someone who manages the channel to allow it for me, or pick another channel.`,
    );
    expect(outcome(access({ bot: ALL & ~((1n << 35n) | (1n << 38n)) }), { botPosts: true, threads: true })).toBe(
      `I need Create Public Threads and Send Messages in Threads in <#${CHANNEL}> to post papers there: ask someone who manages the channel to allow them for me, or pick another channel.`,
    );
  });

  it('checks nothing outside Discord (no channels in the context: the console, handler tests)', () => {
    expect(outcome(undefined, undefined, false)).toBeUndefined();
  });
});

describe('mayManageServer', () => {
  const may = (memberPermissions: bigint | null | undefined) => mayManageServer({ memberPermissions } as CommandContext);
  it('needs Manage Server or Administrator', () => {
    expect([may(1n << 5n), may(1n << 3n), may((1n << 11n) | (1n << 10n)), may(null), may(undefined)]).toEqual([true, true, false, false, false]);
  });
});
