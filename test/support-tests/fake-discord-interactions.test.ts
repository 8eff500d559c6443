import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  CALLBACK_WINDOW_MS,
  EPHEMERAL,
  FakeDiscord,
  OTHER_CHANNEL_ID,
  TOKEN_LIFETIME_MS,
  checkChoices,
  errorPaths,
} from '../support/fake-discord.js';
import { call } from './fake-discord-client.js';

type Json = Record<string, unknown>;
const callback = (discord: FakeDiscord, it: { id: string; token: string }, body: Json) =>
  call(discord, 'POST', `/interactions/${it.id}/${it.token}/callback`, body);
const followUp = (discord: FakeDiscord, it: { token: string }, body: Json) => call(discord, 'POST', `/webhooks/${APPLICATION_ID}/${it.token}?wait=true`, body);
const editOriginal = (discord: FakeDiscord, it: { token: string }, body: Json) =>
  call(discord, 'PATCH', `/webhooks/${APPLICATION_ID}/${it.token}/messages/@original`, body);
const reply = (content: string, flags = 0) => ({ type: 4, data: { content, flags } });
const row = (...components: Json[]) => ({ type: 1, components });
const nextButton = { type: 2, style: 1, label: 'Next', custom_id: 'search:2' };

const UNKNOWN_INTERACTION = { status: 404, body: { code: 10062, message: 'Unknown interaction' } };
const INVALID_TOKEN = { status: 401, body: { code: 50027, message: 'Invalid Webhook Token' } };

describe('the fake Discord enforces the interaction lifecycle', () => {
  let discord: FakeDiscord;
  let clock = 0;
  beforeAll(async () => {
    // A hand-driven clock: time moves only when a test says so.
    discord = await new FakeDiscord({ now: () => clock }).start();
  });
  afterAll(() => discord.stop());

  it('accepts one callback and refuses a second with 40060', async () => {
    const command = discord.slashCommand('search', { query: 'kv cache' });
    expect((await callback(discord, command, reply('first'))).status).toBe(204);
    expect(await callback(discord, command, reply('second'))).toEqual({
      status: 400,
      body: { code: 40060, message: 'Interaction has already been acknowledged.' },
    });
    expect(discord.responses.get(command.id)).toEqual([{ type: 4, data: { content: 'first', flags: 0 } }]);
    expect(discord.rejections.at(-1)).toMatchObject({ code: 40060, interactionId: command.id });
  });

  it('refuses an unknown interaction id or a wrong token with 10062', async () => {
    const command = discord.slashCommand('help');
    expect(await callback(discord, { id: '123', token: command.token }, reply('x'))).toEqual(UNKNOWN_INTERACTION);
    expect(await callback(discord, { id: command.id, token: 'forged' }, reply('x'))).toEqual(UNKNOWN_INTERACTION);
  });

  it('accepts a callback exactly 3 s after the dispatch and refuses one a millisecond later with 10062', async () => {
    const onTime = discord.slashCommand('help');
    const late = discord.slashCommand('help');
    clock += CALLBACK_WINDOW_MS;
    expect((await callback(discord, onTime, reply('just in time'))).status).toBe(204);
    clock += 1;
    expect(await callback(discord, late, reply('too late'))).toEqual(UNKNOWN_INTERACTION);
    expect(discord.responses.has(late.id)).toBe(false);
  });

  it('refuses a callback type the interaction cannot take, without acknowledging it', async () => {
    const command = discord.slashCommand('help');
    const refused = await callback(discord, command, { type: 8, data: { choices: [] } });
    expect(refused.status).toBe(400);
    expect(errorPaths(refused.body.errors)).toEqual(['type']);
    expect((await callback(discord, command, reply('now properly'))).status).toBe(204); // a refused callback does not count
  });

  it('checks the callback message (types 4 and 7) and names the field under data', async () => {
    const command = discord.slashCommand('help');
    const refused = await callback(discord, command, { type: 4, data: { content: 'a'.repeat(2001) } });
    expect(refused.status).toBe(400);
    expect(errorPaths(refused.body.errors)).toEqual(['data.content']);
    expect(await callback(discord, command, { type: 4, data: { content: '' } })).toEqual({
      status: 400,
      body: { code: 50006, message: 'Cannot send an empty message' },
    });

    const search = discord.slashCommand('search', { query: 'kv cache' });
    await callback(discord, search, { type: 4, data: { content: 'page 1', components: [row(nextButton)] } });
    const click = discord.clickButton({ interaction: search.id }, 'search:2');
    const badUpdate = await callback(discord, click, { type: 7, data: { embeds: [{ title: 'a'.repeat(257) }] } });
    expect(errorPaths(badUpdate.body.errors)).toEqual(['data.embeds.0.title']);
    // An update keeps what it does not name: clearing only the components leaves the content.
    expect((await callback(discord, click, { type: 7, data: { components: [] } })).status).toBe(204);
  });

  it('refuses edits and follow-ups before the callback (10015), allows them for 15 minutes, then refuses them with 50027', async () => {
    const command = discord.slashCommand('slow');
    expect(await editOriginal(discord, command, { content: 'early' })).toEqual({ status: 404, body: { code: 10015, message: 'Unknown Webhook' } });
    expect((await callback(discord, command, { type: 5 })).status).toBe(204);
    clock += TOKEN_LIFETIME_MS - 1000;
    const edited = await editOriginal(discord, command, { content: 'finally' });
    expect(edited.status).toBe(200);
    expect(edited.body.content).toBe('finally');
    const followed = await followUp(discord, command, { content: 'one more thing' });
    expect(followed.status).toBe(200);
    const editedFollowUp = await call(discord, 'PATCH', `/webhooks/${APPLICATION_ID}/${command.token}/messages/${followed.body.id as string}`, {
      content: 'amended',
    });
    expect(editedFollowUp.body.content).toBe('amended');

    clock += 1001; // 15 minutes and 1 ms after the dispatch
    expect(await editOriginal(discord, command, { content: 'too late' })).toEqual(INVALID_TOKEN);
    expect(await followUp(discord, command, { content: 'too late' })).toEqual(INVALID_TOKEN);
    expect(discord.responses.get(command.id)?.map((response) => response.type)).toEqual([5, -1, -2, -3]);
  });

  it('refuses an unknown token with 50027 and checks follow-ups and edits like any message', async () => {
    expect(await followUp(discord, { token: 'interaction-token-1' }, { content: 'x' })).toEqual(INVALID_TOKEN);
    const command = discord.slashCommand('help');
    await callback(discord, command, reply('ok'));
    expect(errorPaths((await followUp(discord, command, { embeds: Array(11).fill({ title: 't' }) })).body.errors)).toEqual(['embeds']);
    expect((await followUp(discord, command, {})).body.code).toBe(50006);
    expect(errorPaths((await editOriginal(discord, command, { content: 'a'.repeat(2001) })).body.errors)).toEqual(['content']);
    expect((await editOriginal(discord, command, { content: '' })).body.code).toBe(50006); // nothing else left to show
  });

  it('refuses to edit @original after it was deleted (10008), while follow-ups still work', async () => {
    const command = discord.slashCommand('boom');
    await callback(discord, command, { type: 5 });
    expect((await call(discord, 'DELETE', `/webhooks/${APPLICATION_ID}/${command.token}/messages/@original`)).status).toBe(204);
    expect((await editOriginal(discord, command, { content: 'x' })).body).toEqual({ code: 10008, message: 'Unknown Message' });
    expect((await followUp(discord, command, { content: '⚠️ failed', flags: EPHEMERAL })).status).toBe(200);
    expect(discord.visibilityOf(command.id)).toEqual({ reply: 'public', followUps: ['private'] });
  });

  it('records who sees each answer: the first response decides, edits cannot change it, follow-ups have their own', async () => {
    const privateReply = discord.slashCommand('help');
    await callback(discord, privateReply, reply('only you', EPHEMERAL));
    await editOriginal(discord, privateReply, { content: 'still only you', flags: 0 });
    await followUp(discord, privateReply, { content: 'for everyone' });
    expect(discord.isPrivate(privateReply.id)).toBe(true);
    expect(discord.visibilityOf(privateReply.id)).toEqual({ reply: 'private', followUps: ['public'] });

    const privateDeferral = discord.slashCommand('slow');
    await callback(discord, privateDeferral, { type: 5, data: { flags: EPHEMERAL } });
    await editOriginal(discord, privateDeferral, { content: 'done' });
    expect(discord.isPrivate(privateDeferral.id)).toBe(true);

    // Discord: the first follow-up after a deferral still "thinking" replaces the placeholder and keeps its visibility.
    const publicDeferral = discord.slashCommand('slow');
    await callback(discord, publicDeferral, { type: 5 });
    await followUp(discord, publicDeferral, { content: 'meant to be private', flags: EPHEMERAL });
    await followUp(discord, publicDeferral, { content: 'really private', flags: EPHEMERAL });
    expect(discord.visibilityOf(publicDeferral.id)).toEqual({ reply: 'public', followUps: ['public', 'private'] });

    // A button's update keeps the visibility of the message it is on.
    const privatePage = discord.slashCommand('saved');
    await callback(discord, privatePage, { type: 4, data: { content: 'private page', flags: EPHEMERAL, components: [row(nextButton)] } });
    const onPrivate = discord.clickButton({ interaction: privatePage.id }, 'search:2');
    await callback(discord, onPrivate, { type: 7, data: { content: 'next page' } });
    expect(discord.isPrivate(onPrivate.id)).toBe(true);
    expect(discord.visibilityOf(discord.slashCommand('help').id)).toEqual({ reply: undefined, followUps: [] });
  });

  it('clicks only buttons the bot really sent, enabled, on a message that still exists, from the message’s channel', async () => {
    const command = discord.slashCommand('paper');
    const disabled = { type: 2, style: 2, label: 'Gone', custom_id: 'paper:gone', disabled: true };
    const link = { type: 2, style: 5, label: 'arXiv', url: 'https://arxiv.org/abs/2402.08268' };
    await callback(discord, command, { type: 4, data: { content: 'card', components: [row(nextButton, disabled, link)] } });
    expect(() => discord.clickButton({ interaction: command.id }, 'saved:save:2402.08268')).toThrow(
      /no button saved:save:2402.08268 on message \d+; it has \["search:2","paper:gone"\]/,
    );
    expect(() => discord.clickButton({ interaction: command.id }, 'paper:gone')).toThrow(/is disabled/);
    expect(() => discord.clickButton({ interaction: '1' }, 'search:2')).toThrow(/no message to click on/);

    // A channel post elsewhere: the click comes from that channel, with the message as Discord holds it.
    const posted = await call(discord, 'POST', `/channels/${OTHER_CHANNEL_ID}/messages`, { content: 'announcement', components: [row(nextButton)] });
    const click = discord.clickButton({ message: posted.body.id as string }, 'search:2');
    await callback(discord, click, { type: 6 });
    expect(discord.ledger.get(click.id)).toMatchObject({ channelId: OTHER_CHANNEL_ID, messageId: posted.body.id });
    await call(discord, 'DELETE', `/webhooks/${APPLICATION_ID}/${click.token}/messages/@original`);
    expect(() => discord.clickButton({ message: posted.body.id as string }, 'search:2')).toThrow(/no message to click on/);

    // A forged click is still possible, under its own name, for tests of what the bot does with one.
    expect(discord.forgeButtonClick('anything:at:all', { content: 'made up' }).id).toMatch(/^\d+$/);
  });

  it('checks autocomplete results: 25 choices, names of 1 to 100, string values up to 100', async () => {
    const choices = (count: number, name = 'n', value: string | number = 'v') => ({ type: 8, data: { choices: Array(count).fill({ name, value }) } });
    const answer = async (body: Json) => {
      const result = await callback(discord, discord.autocomplete('paper', 'title', 'ring'), body);
      return result.status === 204 ? 'accepted' : errorPaths(result.body.errors);
    };
    expect(await answer(choices(25))).toBe('accepted');
    expect(await answer(choices(26))).toEqual(['data.choices']);
    expect(await answer(choices(1, 'n'.repeat(100), 'v'.repeat(100)))).toBe('accepted');
    expect(await answer(choices(1, 'n'.repeat(101)))).toEqual(['data.choices.0.name']);
    expect(await answer(choices(1, ''))).toEqual(['data.choices.0.name']);
    expect(await answer(choices(1, 'n', 'v'.repeat(101)))).toEqual(['data.choices.0.value']);
    expect(await answer(choices(1, 'n', 2410.01485))).toBe('accepted'); // numbers have no length limit
    expect(await answer({ type: 4, data: { content: 'not a choice list' } })).toEqual(['type']);
  });

  it('property: autocomplete choices within the limits pass, any one past a limit is named', () => {
    const choice = fc.record({ name: fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }), value: fc.string({ unit: 'binary', maxLength: 100 }) });
    fc.assert(
      fc.property(fc.array(choice, { maxLength: 25 }), (list) => {
        expect(checkChoices({ choices: list })).toEqual([]);
      }),
    );
    fc.assert(
      fc.property(
        fc.array(choice, { minLength: 1, maxLength: 25 }),
        fc.nat(),
        fc.constantFrom('name', 'value'),
        fc.integer({ min: 1, max: 50 }),
        (list, at, key, excess) => {
          const index = at % list.length;
          (list[index] as Json)[key] = '😀'.repeat(100 + excess);
          expect(checkChoices({ choices: list }).map((found) => found.path.join('.'))).toEqual([`choices.${index}.${key}`]);
        },
      ),
    );
  });
});

describe('the 3-second rule on the real clock', () => {
  let discord: FakeDiscord;
  beforeAll(async () => {
    discord = await new FakeDiscord().start();
  });
  afterAll(() => discord.stop());

  it('refuses a callback sent 3.1 s after the dispatch with 10062', { timeout: 10_000 }, async () => {
    const command = discord.slashCommand('help');
    await sleep(3100);
    expect(await callback(discord, command, reply('late'))).toEqual(UNKNOWN_INTERACTION);
    expect(discord.rejections.filter((rejection) => rejection.interactionId === command.id)).toEqual([
      expect.objectContaining({ status: 404, code: 10062, interactionId: command.id }),
    ]);
  });

  it('advanceTime moves the real clock forward too', async () => {
    const command = discord.slashCommand('help');
    discord.advanceTime(CALLBACK_WINDOW_MS + 1);
    expect(await callback(discord, command, reply('late'))).toEqual(UNKNOWN_INTERACTION);
  });
});
