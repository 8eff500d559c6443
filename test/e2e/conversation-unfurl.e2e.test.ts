import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_ID, FORUM_CHANNEL_ID, type FakeDiscord, GUILD_ID, MANAGE_GUILD_PERMISSIONS, OTHER_CHANNEL_ID } from '../support/fake-discord.js';
import { BOT_USER_ID } from '../../scripts/fake-discord/constants.js';
import { userMessageObject } from '../../scripts/fake-discord/user-message.js';
import { useUnfurlWorld } from '../support/unfurl-world.js';

const TOKEN = 'e2e-unfurl-token.abcdefghijklmnopqrstuv';
const INTENTS = { guilds: 1, guildMessages: 512, messageContent: 32768 };
type Embed = { title?: string; url?: string; footer?: { text: string } };
type Posted = FakeDiscord['channelMessages'][number];

/** One fake Discord, one local Hugging Face and one whole bot with these settings, its unfurls giving up on Hugging Face after 300 ms. */
const setUp = (env: Record<string, string>) =>
  useUnfurlWorld(TOKEN, env, {
    logLevel: 'trace', // skipped messages are logged at trace
    unfurl: { timeoutMs: 300 },
  });

const cardsOf = (reply: Posted) => (reply.body.embeds as Embed[]).map((embed) => embed.url);

describe('link unfurls, through the real discord.js client', () => {
  const world = setUp({ UNFURL_LINKS: 'true', UNFURL_COOLDOWN: '0' });
  afterEach(() => {
    expect(world.discord.rejections).toEqual([]);
  });

  /** The bot's reply to a message, once it arrives. */
  const replyTo = (messageId: string) =>
    world.discord.waitFor(() =>
      world.discord.channelMessages.find((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === messageId),
    );
  const repliesTo = (messageId: string) =>
    world.discord.channelMessages.filter((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === messageId);
  /** Waits until the handler logged `msg` about this message. */
  const logged = (messageId: string, msg: string) =>
    world.discord.waitFor(() => (world.logs.lines().some((line) => line.message === messageId && line.msg === msg) ? true : undefined));

  it('asks for the Message Content intent (UNFURL_LINKS=true)', () => {
    expect(world.discord.identifies[0]?.intents).toBe(INTENTS.guilds | INTENTS.guildMessages | INTENTS.messageContent);
  });

  it('recognises arXiv, Hugging Face and alphaXiv links and arXiv: ids, and replies with cards without pinging', async () => {
    const first = world.discord.userMessage(
      'Compare https://arxiv.org/abs/2402.08268v2 with huggingface.co/papers/2407.12117 and https://www.alphaxiv.org/abs/2605.14589.',
    );
    const reply = await replyTo(first);
    expect(reply.channelId).toBe(CHANNEL_ID);
    expect(cardsOf(reply)).toEqual([
      'https://huggingface.co/papers/2402.08268',
      'https://huggingface.co/papers/2407.12117',
      'https://huggingface.co/papers/2605.14589',
    ]);
    expect((reply.body.embeds as Embed[]).map((embed) => embed.footer?.text)).toEqual(Array(3).fill('In the digest · /paper shows it in full'));
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect((reply.body.components as { components: { label: string; custom_id: string }[] }[])[0]?.components.map((b) => [b.label, b.custom_id])).toEqual([
      ['Save 1', 'saved:save:2402.08268'],
      ['Save 2', 'saved:save:2407.12117'],
      ['Save 3', 'saved:save:2605.14589'],
    ]);

    const second = world.discord.userMessage('Also arXiv:2410.05983 and the PDF https://arxiv.org/pdf/2501.15383.pdf', { channelId: OTHER_CHANNEL_ID });
    expect(cardsOf(await replyTo(second))).toEqual(['https://huggingface.co/papers/2410.05983', 'https://huggingface.co/papers/2501.15383']);
  });

  it('ignores links in code and in <…>, and messages of bots, webhooks and itself', async () => {
    // Handlers run concurrently, so no later reply proves an earlier message was passed over: each says so in the log.
    const inCode = world.discord.userMessage('`https://arxiv.org/abs/2404.16811` and <https://arxiv.org/abs/2404.16811>\n```\narXiv:2308.14508\n```');
    await logged(inCode, 'unfurl skipped: no paper links outside code and <…>');
    const fromBot = world.discord.userMessage('https://arxiv.org/abs/2404.16811', { bot: true });
    const fromSelf = world.discord.userMessage('https://arxiv.org/abs/2404.16811', { fromSelf: true });
    const webhook: Record<string, unknown> = { ...userMessageObject('https://arxiv.org/abs/2404.16811', {}), webhook_id: '700000000000000001' };
    world.discord.dispatch('MESSAGE_CREATE', webhook, GUILD_ID);
    for (const [id, author] of [
      [fromBot, 'bot'],
      [fromSelf, 'bot'],
      [webhook.id as string, 'webhook'],
    ] as const) {
      await logged(id, 'message ignored: not written by a person');
      expect(world.logs.lines().find((line) => line.message === id)).toMatchObject({ author });
    }
    // Each handler has returned (it logged why), so no reply can follow.
    for (const id of [inCode, fromBot, fromSelf, webhook.id as string]) expect(repliesTo(id)).toEqual([]);
    expect(world.logs.lines().filter((line) => line.msg === 'links unfurled' && [inCode, fromBot, fromSelf, webhook.id].includes(line.message))).toEqual([]);
  });

  it('answers a message that mentions the bot as a question, not with cards', async () => {
    const question = world.discord.userMessage(`<@${BOT_USER_ID}> what does https://arxiv.org/abs/2407.00402 say about retrieval?`, { mentionBot: true });
    const reply = await replyTo(question);
    expect(reply.body.content).toMatch(/^❓ /);
  });

  it('does not unfurl a paper again in a channel where it was unfurled within the hour', async () => {
    const first = world.discord.userMessage('https://arxiv.org/abs/2409.01893');
    await replyTo(first);
    const again = world.discord.userMessage('as I said, https://arxiv.org/abs/2409.01893');
    await logged(again, 'unfurl skipped: these papers were unfurled here recently');
    const mixed = world.discord.userMessage('https://arxiv.org/abs/2409.01893 vs https://arxiv.org/abs/2410.02660');
    expect(cardsOf(await replyTo(mixed))).toEqual(['https://huggingface.co/papers/2410.02660']);
    expect(repliesTo(again)).toEqual([]);
  });

  it('looks up a paper the digest lacks on Hugging Face once, marks it "not in the digest", and lets it be saved', async () => {
    const asked = world.hf.requests.length; // other tests ask Hugging Face too, in any order
    const first = world.discord.userMessage('new one: https://huggingface.co/papers/2611.00042');
    const reply = await replyTo(first);
    expect(reply.body.embeds).toEqual([
      expect.objectContaining({
        title: 'Zebrafish Attention for Hyperlong Contexts',
        url: 'https://huggingface.co/papers/2611.00042',
        footer: { text: 'Not in the digest · from Hugging Face' },
      }),
    ]);
    expect(world.hf.requests.slice(asked)).toEqual(['/api/papers/2611.00042']);

    // Elsewhere, the same link: a card again, from the cache: Hugging Face is not asked twice.
    const second = world.discord.userMessage('https://arxiv.org/abs/2611.00042', { channelId: OTHER_CHANNEL_ID });
    expect(cardsOf(await replyTo(second))).toEqual(['https://huggingface.co/papers/2611.00042']);
    expect(world.hf.requests.slice(asked)).toEqual(['/api/papers/2611.00042']);

    const saving = world.discord.clickButton({ message: reply.id }, 'saved:save:2611.00042');
    const [saved] = await world.discord.responsesOf(saving.id);
    expect(world.discord.isPrivate(saving.id)).toBe(true);
    expect(saved?.data?.content).toBe('🔖 Saved **Zebrafish Attention for Hyperlong Contexts** (1 in your list). `/saved` shows it.');
  });

  it('posts nothing for a paper Hugging Face does not have (404) or does not answer in time, and asks again for neither', async () => {
    const missing = world.discord.userMessage('https://arxiv.org/abs/2611.00404');
    await logged(missing, 'unfurl skipped: no paper found for these links');
    const slow = world.discord.userMessage('https://arxiv.org/abs/2611.00077');
    await logged(slow, 'unfurl skipped: no paper found for these links');
    expect(world.logs.lines().some((line) => line.msg === 'paper lookup on Hugging Face failed' && String(line.reason).includes('within 300 ms'))).toBe(true);

    const again = world.discord.userMessage('https://arxiv.org/abs/2611.00404 https://arxiv.org/abs/2611.00077', { channelId: OTHER_CHANNEL_ID });
    await logged(again, 'unfurl skipped: no paper found for these links');
    for (const id of [missing, slow, again]) expect(repliesTo(id)).toEqual([]);
    expect(world.hf.requests.filter((url) => url.endsWith('00404') || url.endsWith('00077'))).toEqual(['/api/papers/2611.00404', '/api/papers/2611.00077']);
  });

  it('stays quiet in a channel where an admin turned unfurls off with /unfurl, and speaks again when turned on', async () => {
    const denied = world.discord.slashCommand('unfurl', { channel: CHANNEL_ID, enabled: 'false' });
    expect((await world.discord.responsesOf(denied.id))[0]?.data?.content).toBe('⚠️ You need the Manage Server permission to change link previews.');
    const off = world.discord.slashCommand('unfurl', { channel: CHANNEL_ID, enabled: 'false' }, { permissions: MANAGE_GUILD_PERMISSIONS });
    expect((await world.discord.responsesOf(off.id))[0]?.data?.content).toBe(`🔕 Paper links posted in <#${CHANNEL_ID}> no longer get a card.`);
    expect(world.discord.isPrivate(off.id)).toBe(true);

    const quiet = world.discord.userMessage('https://arxiv.org/abs/2502.17129');
    await logged(quiet, 'unfurl skipped: turned off in this channel');
    const elsewhere = world.discord.userMessage('https://arxiv.org/abs/2502.17129', { channelId: OTHER_CHANNEL_ID });
    await replyTo(elsewhere);

    await world.discord.responsesOf(
      world.discord.slashCommand('unfurl', { channel: CHANNEL_ID, enabled: 'true' }, { permissions: MANAGE_GUILD_PERMISSIONS }).id,
    );
    const back = world.discord.userMessage('https://arxiv.org/abs/2502.17129');
    expect(cardsOf(await replyTo(back))).toEqual(['https://huggingface.co/papers/2502.17129']);
    expect(repliesTo(quiet)).toEqual([]);
  });

  it('/unfurl takes a forum too: posts in it (threads) follow the forum', async () => {
    const unfurl = world.discord.commands.guild.find((command) => command.name === 'unfurl') as { options: { channel_types?: number[] }[] };
    expect(unfurl.options[0]?.channel_types).toEqual([0, 5, 15]); // text, announcement, forum
    const post = world.discord.userThread(FORUM_CHANNEL_ID, 'Which survey covers long context?');
    const open = world.discord.userMessage('this one: https://arxiv.org/abs/2503.17407', { channelId: post });
    expect((await replyTo(open)).channelId).toBe(post);

    const off = world.discord.slashCommand('unfurl', { channel: FORUM_CHANNEL_ID, enabled: 'false' }, { permissions: MANAGE_GUILD_PERMISSIONS });
    expect((await world.discord.responsesOf(off.id))[0]?.data?.content).toBe(`🔕 Paper links posted in <#${FORUM_CHANNEL_ID}> no longer get a card.`);
    const quiet = world.discord.userMessage('and https://arxiv.org/abs/2402.08268', { channelId: post });
    await logged(quiet, 'unfurl skipped: turned off in this channel');
    expect(repliesTo(quiet)).toEqual([]);
  });
});

describe('the unfurl cooldown', () => {
  const world = setUp({ UNFURL_LINKS: 'true', UNFURL_COOLDOWN: '60s' });
  const replyTo = (messageId: string) =>
    world.discord.waitFor(() =>
      world.discord.channelMessages.find((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === messageId),
    );

  it('answers a pasted reading list of 40 links with one reply of 3 cards, then stays quiet in that channel for the cooldown', async () => {
    const seed = ['2402.08268', '2407.12117', '2605.14589'];
    const others = Array.from({ length: 37 }, (_, i) => `2612.${String(i + 1).padStart(5, '0')}`);
    const asked = world.hf.requests.length;
    const list = world.discord.userMessage([...seed, ...others].map((id) => `- https://arxiv.org/abs/${id}`).join('\n'));
    const reply = await replyTo(list);
    expect(cardsOf(reply)).toEqual(seed.map((id) => `https://huggingface.co/papers/${id}`));
    expect(reply.body.content).toBe('+37 more links: `/paper`, or right-click the message → Apps → Find papers');
    // Only the papers shown were looked up (all three are in the digest).
    expect(world.hf.requests.slice(asked)).toEqual([]);

    const soon = world.discord.userMessage('https://arxiv.org/abs/2410.05983');
    await world.discord.waitFor(() =>
      world.logs.lines().some((line) => line.message === soon && line.msg === 'unfurl skipped: channel cooldown') ? true : undefined,
    );
    // Another channel has its own cooldown.
    const other = world.discord.userMessage('https://arxiv.org/abs/2410.05983', { channelId: OTHER_CHANNEL_ID });
    expect(cardsOf(await replyTo(other))).toEqual(['https://huggingface.co/papers/2410.05983']);
    expect(world.discord.channelMessages).toHaveLength(2);
    expect(world.discord.rejections).toEqual([]);
  });
});

describe('without UNFURL_LINKS', () => {
  const world = setUp({});

  it('asks for no privileged intent and unfurls nothing', async () => {
    expect(world.discord.identifies[0]?.intents).toBe(INTENTS.guilds | INTENTS.guildMessages);
    const link = world.discord.userMessage('https://arxiv.org/abs/2402.08268');
    // The handler says it passed the message over, and returned: nothing can follow.
    await world.discord.waitFor(() =>
      world.logs.lines().some((line) => line.message === link && line.msg === 'message ignored: not a question, and link cards are off') ? true : undefined,
    );
    // A question is still answered.
    const question = world.discord.userMessage(`<@${BOT_USER_ID}> which paper uses RingAttention?`, { mentionBot: true });
    await world.discord.waitFor(() =>
      world.discord.channelMessages.find((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === question),
    );
    expect(world.discord.channelMessages).toHaveLength(1);
    expect(world.hf.requests).toEqual([]);
    expect(world.discord.rejections).toEqual([]);
  });
});
