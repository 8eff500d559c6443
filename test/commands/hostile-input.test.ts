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

const registry = new CommandRegistry(commands);

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

describe('every command and option with hostile input', { timeout: 120_000 }, () => {
  let library: LibraryClient;
  beforeAll(async () => {
    library = await startLibraryWorker();
  });
  afterAll(async () => {
    await library?.stop();
  });

  /** Runs a command the way the router does: a UserError or failure becomes a private notice. */
  async function answer(command: Command, options: RawOptions): Promise<ReplyPayload> {
    try {
      return await command.run(commandContext(library, { memberPermissions: 32n }), options);
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
          const payload = await answer(command, { [name]: value });
          expectWithinDiscordLimits(payload);
          expectNoLiveMarkup(payload);
          expect(everyText(payload).length + payload.embeds.length).toBeGreaterThan(0);
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
            const payload = await answer(command, raw);
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
