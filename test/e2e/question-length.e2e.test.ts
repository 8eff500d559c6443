import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordBot } from '../../src/discord/start-discord.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { startTestDiscord } from '../support/bot-harness.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEED_NOW, startLibraryWorker } from '../support/seed-library.js';

const TOKEN = 'e2e-question-length-token.abcdefghijklmn';
/** A long question of exactly 300 characters: the most /ask accepts. */
const FIRST_300 =
  'What MFU does MEMO achieve when training a 7B model with a million tokens on eight GPUs? I would like the exact number, quoted from the paper. Thanks a lot in advance: it would help all of us, and I am sorry if someone has already asked this here before. Thanks a lot, really, and have a great day!!!';
/** Words past the cap that, if read, would bring RingAttention's paper into the answer. */
const PAST_THE_CAP = ' PS: which paper uses RingAttention?';
const RING_ATTENTION = 'https://huggingface.co/papers/2402.08268';
type Embed = { title?: string; url?: string };

describe('how long a question the bot reads, through the real discord.js client', () => {
  let discord: FakeDiscord;
  let bot: DiscordBot;
  let library: LibraryClient;
  let dataDir: string;
  const logs = memoryLogger();

  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    library = await startLibraryWorker();
    dataDir = await mkdtemp(path.join(tmpdir(), 'data-'));
    // Registers its commands (a data folder to record them in); no cooldown: the same member asks twice in a row.
    bot = startTestDiscord(discord, TOKEN, library, { log: logs.log, dataDir, router: { now: () => SEED_NOW } });
    await bot.ready;
  });
  afterAll(async () => {
    await bot?.stop();
    await library?.stop();
    await discord?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('registers /ask with a 300-character question, so Discord lets no member type more', () => {
    const ask = discord.commands.guild.find((command) => command.name === 'ask') as { options: { name: string; max_length?: number }[] };
    expect(ask.options.map((option) => [option.name, option.max_length])).toEqual([['question', 300]]);
  });

  it('answers an @mention longer than 300 characters as /ask answers its first 300: words past them change nothing', async () => {
    expect(FIRST_300).toHaveLength(300);
    const asked = await discord.finalMessage(discord.slashCommand('ask', { question: FIRST_300 }).id);

    // A mention has no Discord-side limit: the bot cuts it where /ask stops, so both paths answer alike.
    const mention = discord.userMessage(`<@${bot.client.user?.id}> ${FIRST_300}${PAST_THE_CAP}`, { mentionBot: true });
    const reply = await discord.waitFor(() =>
      discord.channelMessages.find((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === mention),
    );
    expect({ content: reply.body.content, embeds: reply.body.embeds, components: reply.body.components }).toEqual({
      content: asked.content,
      embeds: asked.embeds,
      components: asked.components,
    });
    // The answer is about MEMO; the question after the 300th character brought no paper in.
    expect((reply.body.embeds as Embed[])[1]?.title).toBe('[1] Efficiently Training 7B LLM with 1 Million Sequence Length on 8 GPUs');
    expect((reply.body.embeds as Embed[]).map((embed) => embed.url)).not.toContain(RING_ATTENTION);
  });
});
