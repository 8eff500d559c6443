import fc from 'fast-check';
import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { UserError, type Command, type RawOptions } from '../../src/interactions/command.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import { errorReply } from '../../src/interactions/error-reply.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import type { ReplyPayload } from '../../src/present/reply-payload.js';
import { commandContext } from '../support/command-context.js';
import { memoryLogger } from '../support/memory-log.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';
import { pressButton } from '../support/press-button.js';
import { startLibraryWorker } from '../support/seed-library.js';
import { useTempStore } from '../support/temp-store.js';

const registry = new CommandRegistry(commands);
const byName = (name: string) => registry.get(name) as Command;

/** Manage Server: what /subscribe, /unsubscribe, /subscriptions and /unfurl require. */
const MANAGE_SERVER = 32n;
const GUILD = '200000000000000001';
const CHANNEL = '300000000000000002';

/**
 * Valid values of the options a command requires (and of /unfurl's required flag), so that a
 * hostile value of one option reaches the handler's body instead of stopping at "… is required".
 */
const REQUIRED: Readonly<Record<string, RawOptions>> = {
  search: { query: 'kv cache' },
  ask: { question: 'which paper reduces KV cache memory?' },
  paper: { title: '2402.08268' },
  cite: { paper: '2402.08268' },
  topic: { name: 'surveys' },
  subscribe: { channel: CHANNEL },
  unsubscribe: { subscription: '1' },
  unfurl: { channel: CHANNEL, enabled: 'false' },
};

const HOSTILE_STRINGS = [
  '',
  '   ',
  '\t\n ',
  'x'.repeat(6000),
  '**bold** __under__ ~~strike~~ ||spoiler|| > quote',
  '```js\nprocess.exit()\n```',
  '@everyone',
  '@here look',
  '<@123456789012345678> <@&123456789012345678> <#123456789012345678>',
  '.*+?^${}()|[]\\',
  'kv cache AND OR NOT "quoted" -minus +plus ~fuzzy^2',
  '\u0000\u0001\u0007\u001b[31m\u007f',
  '\u202eevil\u202c \u200b\u200d \ud800',
  '💥'.repeat(500),
];
const HOSTILE_NUMBERS = [0, -1, 11, 1e9, -1e9, 3.5, Number.NaN];

const everyText = (payload: ReplyPayload) =>
  [
    payload.content ?? '',
    ...payload.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]),
  ].join('\n');

/** User text may appear only escaped: outside inline code, no live mass mention, user mention or code fence. */
function expectNoLiveMarkup(payload: ReplyPayload): void {
  const outsideCode = everyText(payload).replace(/`[^`\n]*`/g, '');
  expect(outsideCode).not.toMatch(/@(everyone|here)/);
  expect(outsideCode).not.toMatch(/(?<!\\)<@/);
  expect(outsideCode).not.toContain('```');
}

let library: LibraryClient;
beforeAll(async () => {
  library = await startLibraryWorker();
});
afterAll(async () => {
  await library?.stop();
});

describe('every command and option with hostile input', { timeout: 120_000 }, () => {
  // A real store and Manage Server: the subscription commands get past their guards.
  const temp = useTempStore('all');

  /** Runs a command the way the router does: a UserError or failure becomes a private notice. */
  async function answer(command: Command, options: RawOptions): Promise<ReplyPayload> {
    try {
      return await command.run(commandContext(library, { memberPermissions: MANAGE_SERVER, stores: temp.stores }), options);
    } catch (error) {
      // A message meant for the user is fine; anything else is a crash, and fails the test.
      if (!(error instanceof UserError)) throw error;
      return errorReply(error, memoryLogger().log, {});
    }
  }

  const inputsFor = (option: APIApplicationCommandOption) =>
    option.type === ApplicationCommandOptionType.Integer || option.type === ApplicationCommandOptionType.Number
      ? [...HOSTILE_NUMBERS, ...HOSTILE_STRINGS]
      : HOSTILE_STRINGS;

  for (const command of commands) {
    const options = 'options' in command.data ? (command.data.options ?? []) : [];
    it(`/${command.data.name}: a sensible, safe reply for each hostile value of each option`, async () => {
      const targets =
        options.length > 0 ? options.map((option) => ({ name: option.name, values: inputsFor(option) })) : [{ name: 'message', values: HOSTILE_STRINGS }];
      for (const { name, values } of targets) {
        for (const value of values) {
          const payload = await answer(command, { ...REQUIRED[command.data.name], [name]: value });
          expectWithinDiscordLimits(payload);
          expectNoLiveMarkup(payload);
          expect(everyText(payload).length + payload.embeds.length).toBeGreaterThan(0);
          // Past the guards: no required option missing, a store and the permission there.
          expect(everyText(payload)).not.toMatch(/is required|are not set up|cannot reach its database|You need the Manage Server permission/);
        }
      }
    });

    it(`/${command.data.name}: random option values (property)`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(
            fc.constantFrom(...options.map((o) => o.name), 'message', 'bogus'),
            fc.oneof(fc.string({ maxLength: 300 }), fc.integer(), fc.double(), fc.boolean()),
          ),
          async (raw) => {
            const payload = await answer(command, { ...REQUIRED[command.data.name], ...raw });
            expectWithinDiscordLimits(payload);
            expectNoLiveMarkup(payload);
          },
        ),
        { numRuns: 40 },
      );
    });

    for (const button of Object.keys(command.buttons)) {
      it(`/${command.data.name}: forged ${button} button ids get a notice, never a crash`, async () => {
        const name = command.data.name;
        for (const customId of [
          `${name}:${button}`,
          `${name}:${button}:999999:10:relevance:-:deadbeef`,
          `${name}:${button}:../../etc`,
          `${name}:${button}:${'9'.repeat(80)}`,
          `${name}:${button}:@everyone`,
        ]) {
          let payload: ReplyPayload;
          try {
            payload = await pressButton(registry, commandContext(library), customId, '🔎 `@everyone`');
          } catch (error) {
            if (!(error instanceof UserError)) throw error;
            payload = errorReply(error, memoryLogger().log, {});
          }
          expectWithinDiscordLimits(payload);
          expectNoLiveMarkup(payload);
        }
        // An id the codec cannot read reaches no handler: the router answers it with a fixed notice.
        expect(registry.button(`${name}:${button}:%zz:%3`)).toBeUndefined();
      });
    }
  }
});

/**
 * The subscription commands past their guards: a real store, Manage Server and valid values
 * for every other option, so each hostile value reaches the handler's body (or is refused by
 * its option's own check, naming it). What each reply says, and what the store then holds.
 * The tests build on each other's store, so they keep their order under --sequence.shuffle.
 */
describe('subscription commands with hostile values in their bodies', { timeout: 60_000, shuffle: false }, () => {
  const temp = useTempStore('all');
  const context = () => commandContext(library, { memberPermissions: MANAGE_SERVER, stores: temp.stores });
  /** The reply, or the UserError's message; any other error fails the test. */
  async function outcome(name: string, options: RawOptions): Promise<{ reply: string } | { refused: string }> {
    try {
      const payload = await byName(name).run(context(), options);
      expectWithinDiscordLimits(payload);
      expectNoLiveMarkup(payload);
      expect(payload.embeds).toEqual([]);
      return { reply: payload.content ?? '' };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return { refused: error.message };
    }
  }
  /** A channel of its own for each value, so no two values meet as the same subscription. */
  const channelFor = (base: bigint, index: number) => String(base + BigInt(index));
  /** How /subscribe described each subscription it made, by channel: /subscriptions must list the same. */
  const described = new Map<string, string>();
  async function subscribe(options: RawOptions & { channel: string }, what: string): Promise<void> {
    expect(await outcome('subscribe', options), JSON.stringify(options)).toEqual({
      reply: `✅ Subscribed: <#${options.channel}> · ${what}. New papers will be posted there.`,
    });
    described.set(options.channel, `<#${options.channel}> · ${what}`);
  }
  const everyPaper = 'every new paper';
  const stored = async () =>
    (await temp.stores.subscriptions.list(GUILD)).map(({ id, channelId, topicId, keywords }) => ({ id, channelId, topicId, keywords }));

  it('/subscribe topic: blank means no topic, over 100 characters is refused, any other text names no topic', async () => {
    const noTopic = { refused: 'There is no topic like that. Pick one from the list as you type.' };
    const tooLong = { refused: "Those options don't work: topic: at most 100 characters." };
    const expected = [everyPaper, everyPaper, everyPaper, tooLong, noTopic, noTopic, noTopic, noTopic, noTopic, noTopic, noTopic, noTopic, noTopic, tooLong];
    expect(expected).toHaveLength(HOSTILE_STRINGS.length);
    const base = 300000000000000100n;
    for (const [index, value] of HOSTILE_STRINGS.entries()) {
      const channel = channelFor(base, index);
      const want = expected[index];
      if (typeof want === 'string') await subscribe({ channel, topic: value }, want);
      else expect(await outcome('subscribe', { channel, topic: value }), JSON.stringify(value)).toEqual(want);
    }
    // Only the three blank topics subscribed, each to every new paper of its channel.
    expect(await stored()).toEqual([0, 1, 2].map((index) => ({ id: expect.any(Number), channelId: channelFor(base, index), topicId: null, keywords: null })));
  });

  it('/subscribe keywords: kept as typed (spaces joined), shown escaped; all common words or over 200 characters refused', async () => {
    const before = await stored();
    const base = 300000000000000200n;
    const tooLong = { refused: "Those options don't work: keywords: at most 200 characters." };
    const commonWords = { refused: 'Those keywords are all common words; give words that papers would contain, e.g. `kv cache, sparse attention`.' };
    // Per value of HOSTILE_STRINGS: [what the reply says, what the store keeps], or the refusal.
    const expected: ([string, string | null] | { refused: string })[] = [
      [everyPaper, null],
      [everyPaper, null],
      [everyPaper, null],
      tooLong,
      ['keywords **\\*\\*bold\\*\\* \\_\\_under\\_\\_ \\~\\~strike\\~\\~ \\|\\|spoiler\\|\\| \\> quote**', '**bold** __under__ ~~strike~~ ||spoiler|| > quote'],
      ['keywords **\\`\\`\\`js process.exit() \\`\\`\\`**', '```js process.exit() ```'],
      ['keywords **@\u200beveryone**', '@everyone'],
      ['keywords **@\u200bhere look**', '@here look'],
      [
        'keywords **\\<@123456789012345678\\> \\<@&123456789012345678\\> \\<#123456789012345678\\>**',
        '<@123456789012345678> <@&123456789012345678> <#123456789012345678>',
      ],
      commonWords,
      ['keywords **kv cache AND OR NOT "quoted" -minus +plus \\~fuzzy^2**', 'kv cache AND OR NOT "quoted" -minus +plus ~fuzzy^2'],
      // Control characters are kept in the store and left out of the reply.
      ['keywords **\\[31m**', '\u0000\u0001\u0007\u001b[31m\u007f'],
      // A lone surrogate (not valid text; Discord's JSON never carries one) comes back from SQLite as three U+FFFD.
      ['keywords **\u202eevil\u202c \u200b\u200d \ufffd\ufffd\ufffd**', '\u202eevil\u202c \u200b\u200d \ufffd\ufffd\ufffd'],
      tooLong,
    ];
    expect(expected).toHaveLength(HOSTILE_STRINGS.length);
    const kept: { channelId: string; keywords: string | null }[] = [];
    for (const [index, value] of HOSTILE_STRINGS.entries()) {
      const channel = channelFor(base, index);
      const want = expected[index] as (typeof expected)[number];
      if ('refused' in want) {
        expect(await outcome('subscribe', { channel, keywords: value }), JSON.stringify(value)).toEqual(want);
        continue;
      }
      await subscribe({ channel, keywords: value }, want[0]);
      kept.push({ channelId: channel, keywords: want[1] });
    }
    expect((await stored()).slice(before.length)).toEqual(kept.map((subscription) => ({ id: expect.any(Number), topicId: null, ...subscription })));
  });

  it('/subscribe channel, schedule, top and threads: a hostile value is refused by that option, and nothing is stored', async () => {
    const before = await stored();
    for (const option of ['channel', 'schedule', 'top', 'threads']) {
      const values = option === 'top' ? [...HOSTILE_NUMBERS, ...HOSTILE_STRINGS] : HOSTILE_STRINGS;
      for (const value of values) {
        const result = await outcome('subscribe', { channel: CHANNEL, keywords: 'kv cache', [option]: value });
        expect(result, `${option}: ${JSON.stringify(value)}`).toEqual({
          refused: expect.stringMatching(new RegExp(`^Those options don't work: ${option}: [^;]+\\.$`)),
        });
      }
    }
    expect(await stored()).toEqual(before);
    // Channel ids of the right shape reach the body however odd (all zeros, past 64 bits) and are kept exactly, as text.
    for (const channel of ['00000000000000000', '99999999999999999999']) await subscribe({ channel, keywords: 'kv cache' }, 'keywords **kv cache**');
    expect((await stored()).slice(before.length).map(({ channelId }) => channelId)).toEqual(['00000000000000000', '99999999999999999999']);
  });

  it('/subscriptions lists every subscription made above, as /subscribe described it, whatever text comes along', async () => {
    const all = await stored();
    // 3 blank topics, 3 blank and 8 kept keywords, 2 odd channels.
    expect(all).toHaveLength(16);
    const expected = `📬 16 subscriptions:\n${all.map(({ id, channelId }) => `\`#${id}\` ${described.get(channelId) ?? 'not described'}`).join('\n')}`;
    for (const value of HOSTILE_STRINGS) expect(await outcome('subscriptions', { message: value }), JSON.stringify(value)).toEqual({ reply: expected });
  });

  it('/unsubscribe: a hostile id removes nothing and says so; a real one removes exactly that subscription', async () => {
    const before = await stored();
    const notFound = { refused: 'No such subscription in this server. `/subscriptions` lists them.' };
    const tooLong = { refused: "Those options don't work: subscription: at most 20 characters." };
    // Up to 20 characters the body reads the id: none of these is one ('' and blanks read as 0).
    const expected = [notFound, notFound, notFound, tooLong, tooLong, tooLong, notFound, notFound, tooLong, notFound, tooLong, notFound, notFound, tooLong];
    expect(expected).toHaveLength(HOSTILE_STRINGS.length);
    for (const [index, value] of HOSTILE_STRINGS.entries())
      expect(await outcome('unsubscribe', { subscription: value }), JSON.stringify(value)).toEqual(expected[index]);
    for (const value of ['0', '-1', '1.5', `${before.length * 1000}`, '99999999999999999999', '#'])
      expect(await outcome('unsubscribe', { subscription: value }), value).toEqual(notFound);
    expect(await stored()).toEqual(before);

    const everyone = before.find((subscription) => subscription.keywords === '@everyone');
    expect(everyone).toBeDefined();
    expect(await outcome('unsubscribe', { subscription: `#${everyone?.id}` })).toEqual({
      reply: `🗑️ Unsubscribed: ${described.get(everyone?.channelId ?? '')}.`,
    });
    expect(await stored()).toEqual(before.filter((subscription) => subscription !== everyone));
  });

  it('/unfurl: hostile channels and flags are refused by their option; odd channel ids of the right shape are switched off and on', async () => {
    const settings = temp.stores.unfurlSettings;
    for (const value of HOSTILE_STRINGS) {
      expect(await outcome('unfurl', { channel: value, enabled: 'false' }), JSON.stringify(value)).toEqual({
        refused: "Those options don't work: channel: must be a channel.",
      });
      expect(await outcome('unfurl', { channel: CHANNEL, enabled: value }), JSON.stringify(value)).toEqual({
        refused: "Those options don't work: enabled: must be true or false.",
      });
    }
    expect(await settings.isEnabled(GUILD, [CHANNEL])).toBe(true);
    for (const channel of ['00000000000000000', '99999999999999999999']) {
      expect(await outcome('unfurl', { channel, enabled: 'off' })).toEqual({ reply: `🔕 Paper links posted in <#${channel}> no longer get a card.` });
      expect(await settings.isEnabled(GUILD, [channel])).toBe(false);
      expect(await outcome('unfurl', { channel, enabled: true })).toEqual({
        reply: `✅ Paper links posted in <#${channel}> get a card again (when the bot runs with link previews on).`,
      });
      expect(await settings.isEnabled(GUILD, [channel])).toBe(true);
    }
    // Nothing above touched the one channel every hostile flag named.
    expect(await settings.isEnabled(GUILD, [CHANNEL])).toBe(true);
  });
});
