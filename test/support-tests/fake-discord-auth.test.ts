import { REST, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, CHANNEL_ID, FakeDiscord, INTENTS } from '../support/fake-discord.js';
import { TEST_TOKEN, call, connectGateway } from './fake-discord-client.js';

const UNAUTHORIZED = { status: 401, body: { code: 0, message: '401: Unauthorized' } };

describe('the fake Discord checks the bot token as Discord does', () => {
  let discord: FakeDiscord;
  let close = () => {};
  afterEach(async () => {
    close();
    await discord.stop();
  });
  const post = (authorization: string | null) => call(discord, 'POST', `/channels/${CHANNEL_ID}/messages`, { content: 'hi' }, authorization);

  it('answers 401 without the header or with a token other than the one the bot identified with', async () => {
    discord = await new FakeDiscord().start();
    // Before any IDENTIFY the fake cannot know the token: only a missing header fails.
    expect(await post(null)).toEqual(UNAUTHORIZED);
    expect((await post('Bot anything')).status).toBe(200);
    close = (await connectGateway(discord, INTENTS.guilds)).close;
    expect(discord.botToken).toBe(TEST_TOKEN);
    expect(await post('Bot someone-else')).toEqual(UNAUTHORIZED);
    expect(await post(TEST_TOKEN)).toEqual(UNAUTHORIZED); // no "Bot " prefix
    expect((await post(`Bot ${TEST_TOKEN}`)).status).toBe(200);
    expect(discord.rejections.map((r) => r.status)).toEqual([401, 401, 401]);
  });

  it('knows the token from its option, and lets interaction callbacks and webhooks pass without it', async () => {
    discord = await new FakeDiscord({ token: 'option-token' }).start();
    await expect(new REST({ api: discord.apiUrl, retries: 0 }).setToken('wrong').get(Routes.gatewayBot())).rejects.toMatchObject({ status: 401 });
    expect((await new REST({ api: discord.apiUrl }).setToken('option-token').get(Routes.gatewayBot())) as object).toHaveProperty('shards', 1);
    // The interaction token in the path authorises these routes; discord.js sends no header.
    const command = discord.slashCommand('help');
    expect((await call(discord, 'POST', `/interactions/${command.id}/${command.token}/callback`, { type: 4, data: { content: 'x' } }, null)).status).toBe(204);
    expect((await call(discord, 'PATCH', `/webhooks/${APPLICATION_ID}/${command.token}/messages/@original`, { content: 'y' }, null)).status).toBe(200);
  });
});
