import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cooldowns } from '../../src/interactions/cooldowns.js';
import type { DiscordBot } from '../../src/discord/start-discord.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { startTestDiscord } from '../support/bot-harness.js';
import { CHANNEL_ID, FakeDiscord } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEED_NOW, startLibraryWorker } from '../support/seed-library.js';

const TOKEN = 'e2e-conversation-token.abcdefghijklmnop';
const EPHEMERAL = 64;
type Embed = { title?: string; url?: string; description?: string; fields?: { name: string; value: string }[] };

describe('answering mid-discussion, through the real discord.js client', () => {
  let discord: FakeDiscord;
  let bot: DiscordBot;
  let library: LibraryClient;
  const logs = memoryLogger('trace'); // skipped messages are logged at trace
  /** Waits until the bot logged `msg` about this message. */
  const logged = (messageId: string, msg: string) =>
    discord.waitFor(() => (logs.lines().some((line) => line.message === messageId && line.msg === msg) ? true : undefined));

  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    library = await startLibraryWorker();
    bot = startTestDiscord(discord, TOKEN, library, { log: logs.log, router: { now: () => SEED_NOW, cooldowns: new Cooldowns(60) } });
    await bot.ready;
  });
  afterAll(async () => {
    await bot?.stop();
    await library?.stop();
    await discord?.stop();
  });

  it('/ask quotes the figure and cites the paper', async () => {
    const message = await discord.finalMessage(discord.slashCommand('ask', { question: 'What MFU does MEMO achieve?' }).id);
    const embeds = message.embeds as Embed[];
    expect(message.content).toBe('❓ `What MFU does MEMO achieve?`');
    expect(embeds[0]?.description).toContain('achieving an MFU of 52.30%');
    expect(embeds[0]?.description).toMatch(/\[1\]$/);
    expect(embeds[1]).toMatchObject({
      title: '[1] Efficiently Training 7B LLM with 1 Million Sequence Length on 8 GPUs',
      url: 'https://huggingface.co/papers/2407.12117',
    });
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  it('replies to an @mention with the same answer, without pinging, and stays silent within the cooldown', async () => {
    // Another user than the one who just used /ask: the cooldown is per user.
    const other = '400000000000000002';
    const question = discord.userMessage(`<@${bot.client.user?.id}> which papers use Mamba?`, { mentionBot: true, userId: other });
    const reply = await discord.waitFor(() =>
      discord.channelMessages.find((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === question),
    );
    expect(reply.channelId).toBe(CHANNEL_ID);
    expect(reply.body.content).toBe('❓ `which papers use Mamba?`');
    expect((reply.body.embeds as Embed[])[1]?.title).toBe('[1] Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling');
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });

    // A public "you're asking quickly" to every mention would be the spam the cooldown prevents.
    const before = discord.channelMessages.length;
    const quick = discord.userMessage(`<@${bot.client.user?.id}> and RingAttention?`, { mentionBot: true, userId: other });
    await logged(quick, 'mention within the cooldown: not answered');
    expect(discord.channelMessages.length).toBe(before);
  });

  it('ignores other bots and messages that do not mention it', async () => {
    const before = discord.channelMessages.length;
    const fromBot = discord.userMessage(`<@${bot.client.user?.id}> which paper uses RingAttention?`, { mentionBot: true, bot: true });
    const plain = discord.userMessage('which paper uses RingAttention?');
    // Each message's handler said why it stayed silent (they run concurrently: wait for both).
    await logged(fromBot, 'message ignored: not written by a person');
    await logged(plain, 'message ignored: not a question, and link cards are off');
    expect(discord.channelMessages.length).toBe(before);
  });

  it('"Find papers" on a message answers privately with related papers', async () => {
    const [callback] = await discord.responsesOf(discord.messageCommand('Find papers', 'anyone tried retrieval augmented generation with long inputs?').id);
    expect(callback?.type).toBe(4);
    expect(callback?.data?.flags).toBe(EPHEMERAL);
    expect(callback?.data?.content).toMatch(/^📄 Papers about /);
    expect((callback?.data?.embeds as Embed[])[0]?.url).toBe('https://huggingface.co/papers/2410.05983');
  });

  it('/paper autocompletes a typo, shows the full card, and its Similar papers button answers', async () => {
    const [choices] = await discord.responsesOf(discord.autocomplete('paper', 'title', 'ringatten').id);
    expect(choices?.type).toBe(8);
    expect((choices?.data?.choices as { value: string }[])[0]).toEqual({
      name: 'World Model on Million-Length Video And Language With RingAttention',
      value: '2402.08268',
    });

    const paper = discord.slashCommand('paper', { title: '2402.08268' });
    const card = await discord.finalMessage(paper.id);
    const embed = (card.embeds as Embed[])[0];
    expect(embed?.title).toBe('World Model on Million-Length Video And Language With RingAttention');
    expect(embed?.fields?.find((field) => field.name === 'Links')?.value).toContain('[PDF](https://arxiv.org/pdf/2402.08268)');
    const similarId = (card.components as { components: { custom_id?: string }[] }[])[0]?.components[0]?.custom_id;
    expect(similarId).toBe('paper:similar:2402.08268');

    const [similar] = await discord.responsesOf(discord.clickButton({ interaction: paper.id }, similarId as string).id);
    expect(similar?.type).toBe(4); // a new private message, the card stays as it is
    expect(similar?.data?.flags).toBe(EPHEMERAL);
    expect((similar?.data?.embeds as Embed[]).length).toBe(5);
    expect((similar?.data?.embeds as Embed[]).map((e) => e.url)).not.toContain('https://huggingface.co/papers/2402.08268');
  });
});
