import { PermissionFlagsBits } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PERMISSION,
  checkChannelAccess,
  listPermissions,
  type ChannelAccess,
  type ChannelRefusal,
  type ChannelUse,
} from '../../src/interactions/channel-permissions.js';

const VIEW = PermissionFlagsBits.ViewChannel;
const SEND = PermissionFlagsBits.SendMessages;
const EMBED = PermissionFlagsBits.EmbedLinks;
const CREATE_THREADS = PermissionFlagsBits.CreatePublicThreads;
const SEND_IN_THREADS = PermissionFlagsBits.SendMessagesInThreads;
/** Everything /subscribe can ask for, and nothing more. */
const ALL = VIEW | SEND | EMBED | CREATE_THREADS | SEND_IN_THREADS;
const GUILD = '200000000000000001';

const POSTS: ChannelUse = { botPosts: true, threads: false };
const THREADED: ChannelUse = { botPosts: true, threads: true };
const QUIET: ChannelUse = { botPosts: false, threads: false };
const text = (member: bigint | null, bot: bigint | null, guildId: string | null = GUILD): ChannelAccess => ({ guildId, inThreads: false, member, bot });
const forum = (member: bigint | null, bot: bigint | null): ChannelAccess => ({ guildId: GUILD, inThreads: true, member, bot });

describe('the permission bits', () => {
  it('are the ones discord.js (and Discord) use', () => {
    // The decision is discord.js-free, so it names the bits itself: a wrong shift would check the wrong permission.
    expect(PERMISSION).toEqual({
      viewChannel: PermissionFlagsBits.ViewChannel,
      sendMessages: PermissionFlagsBits.SendMessages,
      embedLinks: PermissionFlagsBits.EmbedLinks,
      createPublicThreads: PermissionFlagsBits.CreatePublicThreads,
      sendMessagesInThreads: PermissionFlagsBits.SendMessagesInThreads,
    });
  });
});

describe('checkChannelAccess', () => {
  // Each row: what is known of the channel, what the bot is asked to do there, and the one answer.
  const cases: [string, ChannelAccess | undefined, ChannelUse, ChannelRefusal | null][] = [
    ['everything granted, posts', text(ALL, ALL), POSTS, null],
    ['everything granted, a thread per post', text(ALL, ALL), THREADED, null],
    ['the least a plain subscription takes', text(VIEW | SEND, VIEW | SEND | EMBED), POSTS, null],
    ['a channel the bot does not know (no access at all)', undefined, POSTS, { reason: 'unknown-channel' }],
    ['a channel of unknown guild', text(ALL, ALL, null), POSTS, { reason: 'unknown-channel' }],
    ['a channel of another guild, everything granted there', text(ALL, ALL, '200000000000000002'), POSTS, { reason: 'other-guild' }],
    ['another guild wins over missing permissions', text(0n, 0n, '200000000000000002'), POSTS, { reason: 'other-guild' }],
    ['a staff-only channel: the member cannot see it', text(ALL & ~VIEW, ALL), POSTS, { reason: 'member-lacks', missing: ['viewChannel'] }],
    ['a read-only channel for the member', text(ALL & ~SEND, ALL), POSTS, { reason: 'member-lacks', missing: ['sendMessages'] }],
    ['no member permissions sent', text(null, ALL), POSTS, { reason: 'member-lacks', missing: ['viewChannel', 'sendMessages'] }],
    ['the member is refused before the bot', text(0n, 0n), POSTS, { reason: 'member-lacks', missing: ['viewChannel', 'sendMessages'] }],
    ['the member is checked when the bot only stays quiet', text(ALL & ~VIEW, 0n), QUIET, { reason: 'member-lacks', missing: ['viewChannel'] }],
    ['the bot cannot see the channel', text(ALL, ALL & ~VIEW), POSTS, { reason: 'bot-lacks', missing: ['viewChannel'] }],
    ['the bot cannot send there', text(ALL, ALL & ~SEND), POSTS, { reason: 'bot-lacks', missing: ['sendMessages'] }],
    ['the bot cannot embed there', text(ALL, ALL & ~EMBED), POSTS, { reason: 'bot-lacks', missing: ['embedLinks'] }],
    ['the bot may do nothing there', text(ALL, 0n), POSTS, { reason: 'bot-lacks', missing: ['viewChannel', 'sendMessages', 'embedLinks'] }],
    ['the bot cannot tell its permissions', text(ALL, null), POSTS, { reason: 'bot-lacks', missing: ['viewChannel', 'sendMessages', 'embedLinks'] }],
    ['threads asked, the bot cannot create them', text(ALL, ALL & ~CREATE_THREADS), THREADED, { reason: 'bot-lacks', missing: ['createPublicThreads'] }],
    ['threads asked, the bot cannot write in them', text(ALL, ALL & ~SEND_IN_THREADS), THREADED, { reason: 'bot-lacks', missing: ['sendMessagesInThreads'] }],
    ['threads asked, neither', text(ALL, VIEW | SEND | EMBED), THREADED, { reason: 'bot-lacks', missing: ['createPublicThreads', 'sendMessagesInThreads'] }],
    ['no threads asked: thread permissions are not needed', text(ALL, VIEW | SEND | EMBED), POSTS, null],
    ['the bot only stays quiet: it needs nothing', text(VIEW | SEND, 0n), QUIET, null],
    ['the bot only stays quiet, even unknown', text(VIEW | SEND, null), QUIET, null],
    ['a forum: writing there is Send Messages in Threads', forum(VIEW | SEND_IN_THREADS, VIEW | SEND_IN_THREADS | EMBED), POSTS, null],
    [
      'a forum: Send Messages alone is not enough for the member',
      forum(VIEW | SEND, ALL),
      POSTS,
      { reason: 'member-lacks', missing: ['sendMessagesInThreads'] },
    ],
    ['a forum: nor for the bot', forum(ALL, VIEW | SEND | EMBED), POSTS, { reason: 'bot-lacks', missing: ['sendMessagesInThreads'] }],
    // Discord sends an admin every bit; a value with Administrator but without View Channel is not one Discord computes, and is refused.
    [
      'the Administrator bit alone grants nothing here',
      text(PermissionFlagsBits.Administrator, ALL),
      POSTS,
      { reason: 'member-lacks', missing: ['viewChannel', 'sendMessages'] },
    ],
  ];

  it.each(cases)('%s', (_name, access, use, expected) => {
    expect(checkChannelAccess(GUILD, access, use)).toEqual(expected);
  });

  /** What each use takes, written out as bits here (independently of requiredPermissions). */
  const memberNeeds = (inThreads: boolean) => VIEW | (inThreads ? SEND_IN_THREADS : SEND);
  const botNeeds = (inThreads: boolean, use: ChannelUse) =>
    use.botPosts ? VIEW | (inThreads ? SEND_IN_THREADS : SEND) | EMBED | (use.threads ? CREATE_THREADS | SEND_IN_THREADS : 0n) : 0n;
  /** Any bitfield: random other bits, and any subset of the five that matter, so both complete and incomplete sets come up often. */
  const bits = fc
    .tuple(fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }), fc.subarray([VIEW, SEND, EMBED, CREATE_THREADS, SEND_IN_THREADS]))
    .map(([noise, chosen]) => chosen.reduce((all, bit) => all | bit, noise & ~ALL));
  const access = fc.record({ guildId: fc.constant(GUILD), inThreads: fc.boolean(), member: fc.option(bits), bot: fc.option(bits) });
  const use = fc.record({ botPosts: fc.boolean(), threads: fc.boolean() });

  it('accepts no combination that misses a required bit, and accepts every one that has them all', () => {
    fc.assert(
      fc.property(access, use, (channel, asked) => {
        const memberOk = channel.member !== null && (channel.member & memberNeeds(channel.inThreads)) === memberNeeds(channel.inThreads);
        const botNeeded = botNeeds(channel.inThreads, asked);
        const botOk = botNeeded === 0n || (channel.bot !== null && (channel.bot & botNeeded) === botNeeded);
        const refusal = checkChannelAccess(GUILD, channel, asked);
        expect(refusal === null).toBe(memberOk && botOk);
        // And a refusal names exactly what is missing, for the one who lacks it.
        if (refusal?.reason === 'member-lacks')
          expect(refusal.missing.reduce((all, name) => all | PERMISSION[name], 0n)).toBe(memberNeeds(channel.inThreads) & ~(channel.member ?? 0n));
        if (refusal?.reason === 'bot-lacks') expect(refusal.missing.reduce((all, name) => all | PERMISSION[name], 0n)).toBe(botNeeded & ~(channel.bot ?? 0n));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a channel of any other guild, whatever the permissions', () => {
    fc.assert(
      fc.property(access, use, fc.stringMatching(/^\d{17,20}$/), (channel, asked, guildId) => {
        fc.pre(guildId !== GUILD);
        expect(checkChannelAccess(GUILD, { ...channel, guildId }, asked)).toEqual({ reason: 'other-guild' });
      }),
    );
  });
});

describe('listPermissions', () => {
  it("names permissions as Discord's settings do, joined for a sentence", () => {
    expect(listPermissions([])).toBe('');
    expect(listPermissions(['viewChannel'])).toBe('View Channel');
    expect(listPermissions(['createPublicThreads', 'sendMessagesInThreads'])).toBe('Create Public Threads and Send Messages in Threads');
    expect(listPermissions(['viewChannel', 'sendMessages', 'embedLinks'])).toBe('View Channel, Send Messages and Embed Links');
  });
});
