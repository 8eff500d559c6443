import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER_ID, CHANNEL_ID, FakeDiscord, NONCE_WINDOW_MS, OTHER_CHANNEL_ID, USER_ID } from '../support/fake-discord.js';
import { NonceWindow } from '../../scripts/fake-discord/nonce-window.js';
import { call } from './fake-discord-client.js';

type Json = Record<string, unknown>;

/**
 * Every kill -9 test relies on `enforce_nonce`: a repost with the nonce of a message Discord
 * already created returns that message. Discord keeps the nonce for a few minutes only, for
 * the same author in the same channel; the fake does the same for 5 minutes.
 */
describe('the fake Discord honours enforce_nonce within its window', () => {
  let discord: FakeDiscord;
  let clock = 0;
  beforeAll(async () => {
    // A hand-driven clock: time moves only when a test says so.
    discord = await new FakeDiscord({ now: () => clock }).start();
  });
  afterAll(() => discord.stop());
  const post = (body: Json, channel = CHANNEL_ID) => call(discord, 'POST', `/channels/${channel}/messages`, body);
  const created = () => discord.channelMessages.length;

  it('answers a repost with the same nonce with the message it created, up to 5 minutes later', async () => {
    const before = created();
    const first = await post({ content: 'batch 1', nonce: 'n-window', enforce_nonce: true });
    clock += NONCE_WINDOW_MS;
    const repeat = await post({ content: 'batch 1 again', nonce: 'n-window', enforce_nonce: true });
    expect(repeat).toEqual({ status: 200, body: first.body });
    expect(repeat.body.content).toBe('batch 1');
    expect(created() - before).toBe(1);
    expect(discord.channelPostAttempts).toBeGreaterThanOrEqual(2);
  });

  it('creates a second message for the same nonce once the window has passed', async () => {
    const before = created();
    const first = await post({ content: 'old', nonce: 'n-expired', enforce_nonce: true });
    clock += NONCE_WINDOW_MS + 1;
    const late = await post({ content: 'after a long outage', nonce: 'n-expired', enforce_nonce: true });
    expect(late.status).toBe(200);
    expect(late.body.id).not.toBe(first.body.id);
    expect(created() - before).toBe(2);
  });

  it('matches only a present nonce: posts with enforce_nonce and no nonce each create a message', async () => {
    const before = created();
    const a = await post({ content: 'no nonce', enforce_nonce: true });
    const b = await post({ content: 'no nonce either', enforce_nonce: true });
    expect(b.body.id).not.toBe(a.body.id);
    expect(created() - before).toBe(2);
  });

  it('ignores the nonce without enforce_nonce, and keeps nonces per channel', async () => {
    const before = created();
    const first = await post({ content: 'x', nonce: 'n-plain' });
    const plain = await post({ content: 'x', nonce: 'n-plain' });
    expect(plain.body.id).not.toBe(first.body.id);
    const here = await post({ content: 'y', nonce: 'n-channel', enforce_nonce: true });
    const there = await post({ content: 'y', nonce: 'n-channel', enforce_nonce: true }, OTHER_CHANNEL_ID);
    expect(there.body.id).not.toBe(here.body.id);
    expect(created() - before).toBe(4);
  });

  it('keeps nonces per author: another author’s nonce never matches', () => {
    let now = 0;
    const window = new NonceWindow(() => now);
    window.remember(CHANNEL_ID, BOT_USER_ID, 'n', 'm1');
    expect(window.find(CHANNEL_ID, BOT_USER_ID, 'n')).toBe('m1');
    expect(window.find(CHANNEL_ID, USER_ID, 'n')).toBeUndefined();
    expect(window.find(OTHER_CHANNEL_ID, BOT_USER_ID, 'n')).toBeUndefined();
    expect(window.find(CHANNEL_ID, BOT_USER_ID, undefined)).toBeUndefined();
    now = NONCE_WINDOW_MS + 1;
    expect(window.find(CHANNEL_ID, BOT_USER_ID, 'n')).toBeUndefined();
  });
});
