import { REST } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Batch } from '../../src/store/outbox-store.js';
import { postDigest } from '../../src/discord/post-digest.js';
import { CHANNEL_ID, FakeDiscord } from '../support/fake-discord.js';
import { makePaper } from '../support/make-paper.js';

/** The first bytes of a PNG: the poster uploads whatever the batch holds. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const papers = [makePaper('2611.00201', '2026-11-17', 'Quiet Paper'), makePaper('2611.00202', '2026-11-18', 'Popular Paper')];
const batch: Batch = {
  id: 7,
  kind: 'digest',
  channelId: CHANNEL_ID,
  nonce: 'dnonce7',
  attempts: 0,
  papers,
  payload: {
    subscriptionId: 3,
    period: { schedule: 'weekly', start: '2026-11-16', end: '2026-11-22' },
    subject: null,
    total: 2,
    countsCurrent: true,
    countsAsOf: null,
    chart: { name: 'digest-2026-11-16.png', description: 'Papers per day', pngBase64: PNG.toString('base64') },
  },
  progress: null,
};

describe('the digest poster, against the fake Discord through discord.js REST', () => {
  let discord: FakeDiscord;
  beforeEach(async () => {
    discord = await new FakeDiscord().start();
  });
  afterEach(() => discord.stop());

  it('posts the ranked cards with a Save button each, numbered alike, and the chart, under the batch nonce', async () => {
    const rest = new REST({ api: discord.apiUrl, retries: 0 }).setToken('digest-test-token');
    const id = await postDigest(rest, batch);
    const [posted] = discord.channelMessages;
    expect(posted?.id).toBe(id);
    expect(posted?.body.nonce).toBe('dnonce7');
    expect((posted?.body.embeds as { title: string }[]).map((embed) => embed.title)).toEqual(['[1] Quiet Paper', '[2] Popular Paper']);
    // Saved like any paper card: "Save 2" is the card "[2]".
    expect((posted?.body.components as { components: { label: string; custom_id: string }[] }[]).flatMap((row) => row.components)).toEqual([
      expect.objectContaining({ label: 'Save 1', custom_id: 'saved:save:2611.00201' }),
      expect.objectContaining({ label: 'Save 2', custom_id: 'saved:save:2611.00202' }),
    ]);
    expect(posted?.files.map((file) => file.name)).toEqual(['digest-2026-11-16.png']);
    expect(discord.rejections).toEqual([]);
  });
});
