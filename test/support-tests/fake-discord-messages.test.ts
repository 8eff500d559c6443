import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_ID, FakeDiscord, checkMessage, errorPaths } from '../support/fake-discord.js';
import { MUTATIONS, overLimit, validMessage } from './fake-discord-arbitraries.js';
import { call } from './fake-discord-client.js';

type Json = Record<string, unknown>;
const a = (count: number) => 'a'.repeat(count);
const post = (discord: FakeDiscord, body: unknown) => call(discord, 'POST', `/channels/${CHANNEL_ID}/messages`, body);
const button = (customId: string, label = 'L') => ({ type: 2, style: 1, label, custom_id: customId });
const row = (...buttons: Json[]) => ({ type: 1, components: buttons });

/** Each limit just within (accepted) and just past (refused, naming the field), on a channel post. */
const LIMIT_CASES: { name: string; within: Json; past: Json; field: string }[] = [
  { name: 'content', within: { content: a(2000) }, past: { content: a(2001) }, field: 'content' },
  // 2000 emoji are 4000 UTF-16 units but 2000 code points: Discord counts code points.
  { name: 'content in code points', within: { content: '😀'.repeat(2000) }, past: { content: '😀'.repeat(2001) }, field: 'content' },
  { name: 'embeds', within: { embeds: Array(10).fill({ title: 't' }) }, past: { embeds: Array(11).fill({ title: 't' }) }, field: 'embeds' },
  { name: 'title', within: { embeds: [{ title: a(256) }] }, past: { embeds: [{ title: a(257) }] }, field: 'embeds.0.title' },
  { name: 'description', within: { embeds: [{ description: a(4096) }] }, past: { embeds: [{ description: a(4097) }] }, field: 'embeds.0.description' },
  {
    name: 'field count',
    within: { embeds: [{ fields: Array(25).fill({ name: 'n', value: 'v' }) }] },
    past: { embeds: [{ fields: Array(26).fill({ name: 'n', value: 'v' }) }] },
    field: 'embeds.0.fields',
  },
  {
    name: 'field name',
    within: { embeds: [{ fields: [{ name: a(256), value: 'v' }] }] },
    past: { embeds: [{ fields: [{ name: a(257), value: 'v' }] }] },
    field: 'embeds.0.fields.0.name',
  },
  {
    name: 'empty field name',
    within: { embeds: [{ fields: [{ name: 'n', value: 'v' }] }] },
    past: { embeds: [{ fields: [{ name: '', value: 'v' }] }] },
    field: 'embeds.0.fields.0.name',
  },
  {
    name: 'field value',
    within: { embeds: [{ fields: [{ name: 'n', value: a(1024) }] }] },
    past: { embeds: [{ fields: [{ name: 'n', value: a(1025) }] }] },
    field: 'embeds.0.fields.0.value',
  },
  {
    name: 'empty field value',
    within: { embeds: [{ fields: [{ name: 'n', value: 'v' }] }] },
    past: { embeds: [{ fields: [{ name: 'n', value: '' }] }] },
    field: 'embeds.0.fields.0.value',
  },
  { name: 'footer', within: { embeds: [{ footer: { text: a(2048) } }] }, past: { embeds: [{ footer: { text: a(2049) } }] }, field: 'embeds.0.footer.text' },
  { name: 'author', within: { embeds: [{ author: { name: a(256) } }] }, past: { embeds: [{ author: { name: a(257) } }] }, field: 'embeds.0.author.name' },
  {
    name: '6000 across all embeds',
    within: { embeds: [{ description: a(4000) }, { title: a(200), description: a(1800) }] },
    past: { embeds: [{ description: a(4000) }, { title: a(200), description: a(1801) }] },
    field: 'embeds',
  },
  {
    name: 'embed url scheme',
    within: { embeds: [{ title: 't', url: 'https://arxiv.org/abs/2410.01485' }] },
    past: { embeds: [{ title: 't', url: 'ftp://arxiv.org/abs/2410.01485' }] },
    field: 'embeds.0.url',
  },
  {
    name: 'image url scheme',
    within: { embeds: [{ image: { url: 'attachment://figure.png' } }] },
    past: { embeds: [{ image: { url: 'data:image/png;base64,AAAA' } }] },
    field: 'embeds.0.image.url',
  },
  {
    name: 'thumbnail url',
    within: { embeds: [{ thumbnail: { url: 'http://127.0.0.1/t.png' } }] },
    past: { embeds: [{ thumbnail: { url: 'not a url' } }] },
    field: 'embeds.0.thumbnail.url',
  },
  {
    name: 'action rows',
    within: { content: 'c', components: [1, 2, 3, 4, 5].map((r) => row(button(`r${r}`))) },
    past: { content: 'c', components: [1, 2, 3, 4, 5, 6].map((r) => row(button(`r${r}`))) },
    field: 'components',
  },
  {
    name: 'buttons per row',
    within: { content: 'c', components: [row(...[1, 2, 3, 4, 5].map((b) => button(`b${b}`)))] },
    past: { content: 'c', components: [row(...[1, 2, 3, 4, 5, 6].map((b) => button(`b${b}`)))] },
    field: 'components.0.components',
  },
  {
    name: 'button label',
    within: { content: 'c', components: [row(button('id', a(80)))] },
    past: { content: 'c', components: [row(button('id', a(81)))] },
    field: 'components.0.components.0.label',
  },
  {
    name: 'custom id length',
    within: { content: 'c', components: [row(button(a(100)))] },
    past: { content: 'c', components: [row(button(a(101)))] },
    field: 'components.0.components.0.custom_id',
  },
  {
    name: 'empty custom id',
    within: { content: 'c', components: [row(button('a'))] },
    past: { content: 'c', components: [row(button(''))] },
    field: 'components.0.components.0.custom_id',
  },
  {
    name: 'duplicate custom id',
    within: { content: 'c', components: [row(button('one'), button('two'))] },
    past: { content: 'c', components: [row(button('one')), row(button('one'))] },
    field: 'components.1.components.0.custom_id',
  },
  {
    name: 'link button with a custom id',
    within: { content: 'c', components: [row({ type: 2, style: 5, label: 'PDF', url: 'https://arxiv.org/pdf/2410.01485' })] },
    past: { content: 'c', components: [row({ type: 2, style: 5, label: 'PDF', url: 'https://arxiv.org/pdf/2410.01485', custom_id: 'pdf' })] },
    field: 'components.0.components.0.custom_id',
  },
  {
    name: 'link button without a url',
    within: { content: 'c', components: [row({ type: 2, style: 5, label: 'PDF', url: 'https://arxiv.org/pdf/2410.01485' })] },
    past: { content: 'c', components: [row({ type: 2, style: 5, label: 'PDF' })] },
    field: 'components.0.components.0.url',
  },
  {
    name: 'allowed mentions',
    within: { content: '<@400000000000000001>', allowed_mentions: { parse: ['users'] } },
    past: { content: '<@400000000000000001>', allowed_mentions: { parse: ['users'], users: ['400000000000000001'] } },
    field: 'allowed_mentions',
  },
];

describe('the fake Discord checks message payloads', () => {
  let discord: FakeDiscord;
  beforeAll(async () => {
    discord = await new FakeDiscord().start();
  });
  afterAll(() => discord.stop());
  beforeEach(() => {
    discord.rejections.length = 0;
  });

  it.each(LIMIT_CASES)('$name: accepted at the limit, refused with 50035 naming $field past it', async ({ within, past, field }) => {
    const accepted = await post(discord, within);
    expect(accepted.status).toBe(200);
    const refused = await post(discord, past);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
    expect(errorPaths(refused.body.errors)).toEqual([field]);
    // The refusal is on record for tests that assert the bot never broke a rule.
    expect(discord.rejections).toEqual([expect.objectContaining({ method: 'POST', status: 400, code: 50035, fields: [field], body: past })]);
  });

  it('answers in Discord’s nested error format', async () => {
    const refused = await post(discord, { embeds: [{ title: a(257) }] });
    expect(refused.body).toEqual({
      code: 50035,
      message: 'Invalid Form Body',
      errors: { embeds: { '0': { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }] } } } },
    });
  });

  it('refuses a message with nothing to show with 50006, and accepts one that has only an embed or only components', async () => {
    for (const empty of [{}, { content: '' }, { content: '   \n' }, { content: '', embeds: [], components: [] }]) {
      expect(await post(discord, empty)).toEqual({ status: 400, body: { code: 50006, message: 'Cannot send an empty message' } });
    }
    expect((await post(discord, { embeds: [{ title: 't' }] })).status).toBe(200);
    expect((await post(discord, { components: [row(button('only'))] })).status).toBe(200);
  });

  it('refuses Components V2 messages loudly, since it does not check their layouts', async () => {
    const refused = await post(discord, { flags: 1 << 15, components: [{ type: 10, content: 'text display' }] });
    expect(refused.status).toBe(400);
    expect(errorPaths(refused.body.errors)).toEqual(['flags']);
  });

  it('refuses posts to a channel it does not know with 404 Unknown Channel', async () => {
    expect(await call(discord, 'POST', '/channels/300000000000000404/messages', { content: 'x' })).toEqual({
      status: 404,
      body: { code: 10003, message: 'Unknown Channel' },
    });
  });

  it('accepts a reply to a message in the channel, refuses one to an unknown message unless fail_if_not_exists is false', async () => {
    const question = discord.userMessage('which papers use Mamba?');
    expect((await post(discord, { content: 'answer', message_reference: { message_id: question } })).status).toBe(200);
    const missing = await post(discord, { content: 'answer', message_reference: { message_id: '999' } });
    expect(missing.status).toBe(400);
    expect(errorPaths(missing.body.errors)).toEqual(['message_reference']);
    const lenient = await post(discord, { content: 'answer', message_reference: { message_id: '999', fail_if_not_exists: false } });
    expect(lenient.status).toBe(200);
    expect(lenient.body.message_reference).toBeUndefined(); // sent as a plain message
  });

  it('property: any payload within every limit is accepted (rules and HTTP route agree)', async () => {
    fc.assert(
      fc.property(validMessage, (message) => {
        expect(checkMessage(message)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(validMessage, async (message) => {
        expect((await post(discord, message)).status).toBe(200);
      }),
      { numRuns: 40 },
    );
  });

  it('property: a single field past its limit is refused with 50035 naming that field', async () => {
    // The 6000 total may be exceeded too when the longer field sits in a full message; then `embeds` is named as well.
    const named = (fields: string[], field: string) => {
      expect(fields).toContain(field);
      for (const other of fields) expect([field, 'embeds']).toContain(other);
    };
    fc.assert(
      fc.property(overLimit, ({ message, mutation, excess, unit }) => {
        const field = (MUTATIONS[mutation] as (m: Json, e: number, u: string) => string)(message, excess, unit);
        named(
          checkMessage(message).map((found) => found.path.join('.')),
          field,
        );
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(overLimit, async ({ message, mutation, excess, unit }) => {
        const field = (MUTATIONS[mutation] as (m: Json, e: number, u: string) => string)(message, excess, unit);
        const refused = await post(discord, message);
        expect(refused.status).toBe(400);
        expect(refused.body.code).toBe(50035);
        named(errorPaths(refused.body.errors), field);
      }),
      { numRuns: 40 },
    );
  });
});
