import { PermissionFlagsBits } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerVisibility, mayAnswerPublicly, type Invocation } from '../../src/interactions/reply-visibility.js';

const VIEW = PermissionFlagsBits.ViewChannel;
const SEND = PermissionFlagsBits.SendMessages;
const SEND_IN_THREADS = PermissionFlagsBits.SendMessagesInThreads;
const inGuild = (memberPermissions: bigint | null, inThread: boolean | null = false): Invocation => ({ inGuild: true, inThread, memberPermissions });

describe('mayAnswerPublicly', () => {
  const cases: [string, Invocation, boolean][] = [
    ['a member who may write in the channel', inGuild(VIEW | SEND), true],
    ['a read-only channel (Send Messages denied)', inGuild(VIEW | SEND_IN_THREADS), false],
    ['a channel the member cannot see (a stale or forged interaction)', inGuild(SEND), false],
    ['a guild interaction without permissions', inGuild(null), false],
    ['no permissions at all', inGuild(0n), false],
    ['a thread where the member may write', inGuild(VIEW | SEND_IN_THREADS, true), true],
    // In a thread, Send Messages does not let one write: Send Messages in Threads does.
    ['a thread where only Send Messages is granted', inGuild(VIEW | SEND, true), false],
    // A channel the client has not cached may be a thread: both send permissions are needed.
    ['an unknown kind of channel, Send Messages only', inGuild(VIEW | SEND, null), false],
    ['an unknown kind of channel, Send Messages in Threads only', inGuild(VIEW | SEND_IN_THREADS, null), false],
    ['an unknown kind of channel, both', inGuild(VIEW | SEND | SEND_IN_THREADS, null), true],
    ['a DM, where Discord sends no member permissions', { inGuild: false, inThread: false, memberPermissions: null }, true],
  ];
  it.each(cases)('%s', (_name, where, expected) => {
    expect(mayAnswerPublicly(where)).toBe(expected);
  });
});

describe('answerVisibility', () => {
  it('keeps private answers private, and public ones public only where the member may write', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('public' as const, 'private' as const),
        fc.boolean(),
        fc.option(fc.bigInt({ min: 0n, max: (1n << 53n) - 1n })),
        (planned, inThread, permissions) => {
          const needed = VIEW | (inThread ? SEND_IN_THREADS : SEND);
          const mayWrite = permissions !== null && (permissions & needed) === needed;
          expect(answerVisibility(planned, inGuild(permissions, inThread))).toBe(planned === 'public' && mayWrite ? 'public' : 'private');
        },
      ),
    );
  });
});
