import { REST, Routes } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, BOT_USER_ID, CHANNEL_ID, FakeDiscord, INTENTS, OTHER_CHANNEL_ID, errorPaths } from '../support/fake-discord.js';
import { PNG_1X1, TEST_TOKEN, call, connectGateway, multipart } from './fake-discord-client.js';

type Json = Record<string, unknown>;
const MiB = 1024 * 1024;

describe('the fake Discord withholds message content without the privileged intent', () => {
  let discord: FakeDiscord;
  let close = () => {};
  beforeAll(async () => {
    discord = await new FakeDiscord().start();
  });
  afterEach(() => close());
  afterAll(() => discord.stop());

  /** Connects with `intents`, dispatches one message and returns what the connection received (undefined: nothing). */
  async function received(intents: number, send: () => string): Promise<Json | undefined> {
    const gateway = await connectGateway(discord, intents);
    close = gateway.close;
    const id = send();
    // A second, guild-wide dispatch proves that everything sent before it has arrived.
    discord.dispatch('TYPING_START', { marker: id });
    await discord.waitFor(() => (gateway.dispatches.some((d) => d.t === 'TYPING_START' && d.d.marker === id) ? true : undefined));
    return gateway.dispatches.find((d) => d.t === 'MESSAGE_CREATE' && d.d.id === id)?.d;
  }
  const rich = {
    embeds: [{ title: 'link preview', url: 'https://arxiv.org/abs/2410.01485' }],
    attachments: [{ id: '1', filename: 'notes.bib', size: 10, url: 'https://cdn.example/notes.bib', proxy_url: 'https://cdn.example/notes.bib' }],
  };
  const text = 'see https://arxiv.org/abs/2410.01485 and ```ts\nconst x = 1;\n```';
  const guildBot = INTENTS.guilds | INTENTS.guildMessages;

  it('records the intents the bot identified with', async () => {
    await received(guildBot, () => discord.userMessage('hi'));
    expect(discord.intents(0)).toBe(guildBot);
  });

  it('empties content, embeds and attachments of a plain message without MESSAGE_CONTENT', async () => {
    const message = await received(guildBot, () => discord.userMessage(text, rich));
    expect(message).toMatchObject({ content: '', embeds: [], attachments: [], components: [] });
    expect(message?.author).toMatchObject({ id: '400000000000000001' }); // who wrote it is not privileged
  });

  it('keeps them with MESSAGE_CONTENT, in a message that mentions the bot, and in the bot’s own message', async () => {
    for (const [intents, options] of [
      [guildBot | INTENTS.messageContent, {}],
      [guildBot, { mentionBot: true }],
      [guildBot, { fromSelf: true }],
    ] as const) {
      const message = await received(intents, () => discord.userMessage(text, { ...rich, ...options }));
      expect(message).toMatchObject({ content: text, embeds: rich.embeds, attachments: rich.attachments });
      close();
    }
  });

  it('empties another bot’s message too, unless it mentions the bot', async () => {
    expect((await received(guildBot, () => discord.userMessage(text, { bot: true })))?.content).toBe('');
    close();
    const mentioning = await received(guildBot, () => discord.userMessage(`<@${BOT_USER_ID}> ${text}`, { bot: true, mentionBot: true }));
    expect(mentioning?.author).toMatchObject({ bot: true, id: '400000000000000099' });
    expect(mentioning?.content).toBe(`<@${BOT_USER_ID}> ${text}`);
  });

  it('delivers guild messages only with GUILD_MESSAGES and DMs only with DIRECT_MESSAGES, whose content is never withheld', async () => {
    expect(await received(INTENTS.guilds, () => discord.userMessage('hello'))).toBeUndefined();
    close();
    expect(await received(guildBot, () => discord.userMessage('psst', { dm: true }))).toBeUndefined();
    close();
    const dm = await received(INTENTS.directMessages, () => discord.userMessage(text, { dm: true }));
    expect(dm).toMatchObject({ content: text });
    expect(dm?.guild_id).toBeUndefined();
  });
});

describe('the fake Discord starts threads from messages', () => {
  let discord: FakeDiscord;
  beforeAll(async () => {
    discord = await new FakeDiscord().start();
  });
  afterAll(() => discord.stop());
  const startThread = (channel: string, message: string, body: Json) => call(discord, 'POST', `/channels/${channel}/messages/${message}/threads`, body);

  it('creates a public thread on a message, once; the thread is a channel one can read and post in', async () => {
    const message = discord.userMessage('which papers use ring attention?');
    const created = await startThread(CHANNEL_ID, message, { name: 'Ring attention', auto_archive_duration: 1440 });
    expect(created.status).toBe(201);
    // Discord gives a thread started from a message the message's id.
    expect(created.body).toMatchObject({
      id: message,
      type: 11,
      parent_id: CHANNEL_ID,
      name: 'Ring attention',
      thread_metadata: { auto_archive_duration: 1440 },
    });
    expect(discord.threads.filter((thread) => thread.messageId === message)).toEqual([
      { id: message, parentId: CHANNEL_ID, messageId: message, name: 'Ring attention', autoArchiveDuration: 1440 },
    ]);
    expect(await startThread(CHANNEL_ID, message, { name: 'again' })).toEqual({
      status: 400,
      body: { code: 160004, message: 'A thread has already been created for this message' },
    });
    expect((await call(discord, 'GET', `/channels/${message}`)).body).toMatchObject({ id: message, type: 11, parent_id: CHANNEL_ID });
    expect((await call(discord, 'POST', `/channels/${message}/messages`, { content: 'in the thread' })).status).toBe(200);
  });

  it('checks the name and the auto-archive duration', async () => {
    const message = discord.userMessage('another');
    const fields = async (body: Json) => errorPaths((await startThread(CHANNEL_ID, message, body)).body.errors);
    expect(await fields({ name: '' })).toEqual(['name']);
    expect(await fields({ name: 'n'.repeat(101) })).toEqual(['name']);
    expect(await fields({ name: 'ok', auto_archive_duration: 100 })).toEqual(['auto_archive_duration']);
    expect((await startThread(CHANNEL_ID, message, { name: 'n'.repeat(100), auto_archive_duration: 10080 })).status).toBe(201);
  });

  it('answers 403 where the bot may not create threads, 404 for unknown messages and channels', async () => {
    discord.threadsForbiddenIn.add(OTHER_CHANNEL_ID);
    const elsewhere = discord.userMessage('in kv-cache', { channelId: OTHER_CHANNEL_ID });
    expect(await startThread(OTHER_CHANNEL_ID, elsewhere, { name: 'x' })).toEqual({ status: 403, body: { code: 50013, message: 'Missing Permissions' } });
    expect((await startThread(CHANNEL_ID, '999', { name: 'x' })).body).toEqual({ code: 10008, message: 'Unknown Message' });
    expect((await startThread(CHANNEL_ID, elsewhere, { name: 'x' })).body.code).toBe(10008); // the message is in another channel
    expect((await startThread('300000000000000404', elsewhere, { name: 'x' })).body).toEqual({ code: 10003, message: 'Unknown Channel' });
  });

  it('serves known channels and refuses unknown ones', async () => {
    expect((await call(discord, 'GET', `/channels/${CHANNEL_ID}`)).body).toMatchObject({ id: CHANNEL_ID, type: 0, name: 'papers' });
    expect(await call(discord, 'GET', '/channels/300000000000000404')).toEqual({ status: 404, body: { code: 10003, message: 'Unknown Channel' } });
  });
});

describe('the fake Discord takes uploads as Discord does', () => {
  let discord: FakeDiscord;
  beforeAll(async () => {
    discord = await new FakeDiscord().start();
  });
  afterAll(() => discord.stop());
  const bib = Buffer.from('@article{ring2024,\n  title = {Ring Attention},\n}\n');

  it('receives files from the real discord.js REST client byte for byte, and serves them back', async () => {
    const rest = new REST({ api: discord.apiUrl }).setToken(TEST_TOKEN);
    const message = (await rest.post(Routes.channelMessages(CHANNEL_ID), {
      body: { content: 'figure and citation', attachments: [{ id: 0, description: 'Figure 1' }, { id: 1 }] },
      files: [
        { name: 'figure.png', data: PNG_1X1, contentType: 'image/png' },
        { name: 'ring.bib', data: bib, contentType: 'application/x-bibtex' },
      ],
    })) as { attachments: { filename: string; url: string; size: number; description?: string }[] };
    const [png, citation] = discord.channelMessages.at(-1)?.files ?? [];
    expect(png).toMatchObject({ field: 'files[0]', name: 'figure.png', contentType: 'image/png' });
    expect(png?.bytes.equals(PNG_1X1)).toBe(true);
    expect(citation?.bytes.toString('utf8')).toBe(bib.toString('utf8'));
    expect(message.attachments.map(({ filename, size, description }) => ({ filename, size, description }))).toEqual([
      { filename: 'figure.png', size: PNG_1X1.length, description: 'Figure 1' },
      { filename: 'ring.bib', size: bib.length, description: undefined },
    ]);
    const served = await fetch(message.attachments[0]?.url as string);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG_1X1)).toBe(true);
    expect(discord.uploads.at(-1)).toMatchObject({ path: `/api/v10/channels/${CHANNEL_ID}/messages` });
  });

  it('refuses 11 files with 50035, a file over 10 MiB with 413, and an attachment entry with no file', async () => {
    const files = (count: number, bytes = PNG_1X1) => Array.from({ length: count }, (_, i) => ({ name: `f${i}.png`, bytes, type: 'image/png' }));
    const post = (form: FormData) => call(discord, 'POST', `/channels/${CHANNEL_ID}/messages`, form);
    expect((await post(multipart({ content: 'ten' }, files(10)))).status).toBe(200);
    const eleven = await post(multipart({ content: 'eleven' }, files(11)));
    expect(eleven.status).toBe(400);
    expect(eleven.body.code).toBe(50035);
    expect(errorPaths(eleven.body.errors)).toEqual(['files']);
    expect((await post(multipart({ content: 'exactly 10 MiB' }, files(1, Buffer.alloc(10 * MiB))))).status).toBe(200);
    expect(await post(multipart({ content: 'big' }, files(1, Buffer.alloc(11 * MiB))))).toEqual({
      status: 413,
      body: { code: 40005, message: 'Request entity too large' },
    });
    const dangling = await post(multipart({ content: 'x', attachments: [{ id: 3 }] }, files(1)));
    expect(errorPaths(dangling.body.errors)).toEqual(['attachments.0.id']);
    // A message with only a file is not empty.
    expect((await post(multipart({}, files(1)))).status).toBe(200);
  });

  it('takes files with an interaction reply, a follow-up and an edit, and records them with the response', async () => {
    const command = discord.slashCommand('export');
    const callback = await call(
      discord,
      'POST',
      `/interactions/${command.id}/${command.token}/callback`,
      multipart({ type: 4, data: { content: 'your export', attachments: [{ id: 0 }] } }, [{ name: 'digest.bib', bytes: bib }]),
    );
    expect(callback.status).toBe(204);
    const webhook = `/webhooks/${APPLICATION_ID}/${command.token}`;
    expect((await call(discord, 'POST', webhook, multipart({ content: 'figure' }, [{ name: 'figure.png', bytes: PNG_1X1, type: 'image/png' }]))).status).toBe(
      200,
    );
    const edited = await call(
      discord,
      'PATCH',
      `${webhook}/messages/@original`,
      multipart({ content: 'replaced', attachments: [{ id: 0 }] }, [{ name: 'v2.bib', bytes: bib }]),
    );
    expect((edited.body.attachments as { filename: string }[]).map((attachment) => attachment.filename)).toEqual(['v2.bib']); // the old file was not kept
    const responses = discord.responses.get(command.id) ?? [];
    expect(responses.map((response) => [response.type, response.files?.map((file) => file.name)])).toEqual([
      [4, ['digest.bib']],
      [-2, ['figure.png']],
      [-1, ['v2.bib']],
    ]);
    expect(responses[1]?.files?.[0]?.bytes.equals(PNG_1X1)).toBe(true);
    expect(discord.uploads.filter((upload) => upload.interactionId === command.id)).toHaveLength(3);
  });
});
