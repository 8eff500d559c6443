import { describe, expect, it } from 'vitest';
import { CHANNEL_ID } from '../support/fake-discord.js';
import { ON_HF, useUnfurlWorld } from '../support/unfurl-world.js';

const TOKEN = 'e2e-unfurl-abuse-token.abcdefghijklmnopq';
/** Papers of the seed digest: found without asking Hugging Face. */
const IN_DIGEST = ['2402.08268', '2407.12117'];

/** One fake Discord, one local Hugging Face (it has ON_HF, which the digest lacks) and one whole bot with these settings, for one describe. */
function setUp(env: Record<string, string>) {
  const world = useUnfurlWorld(TOKEN, { UNFURL_LINKS: 'true', ...env }, { logLevel: 'debug' });
  /** What the unfurl handler decided about a message, once it has (every path ends in one of these lines). */
  const outcome = (messageId: string) =>
    world.discord.waitFor(() =>
      world.logs
        .lines()
        .find(
          (line) => line.message === messageId && typeof line.msg === 'string' && /^(unfurl skipped: |links unfurled$|could not unfurl links$)/.test(line.msg),
        ),
    );
  /** Every message the bot tried to post in a channel (replies included), accepted or refused. */
  const postAttempts = () =>
    world.discord.requests
      .filter((request) => request.method === 'POST' && /\/channels\/\d+\/messages$/.test(request.path))
      .map((request) => request.path.split('/').at(-2));
  return { world, outcome, postAttempts };
}

/** `count` distinct papers neither the digest nor Hugging Face has, numbered from `from`. */
const unknownIds = (from: number, count: number) => Array.from({ length: count }, (_, i) => `2612.${String(from + i).padStart(5, '0')}`);
const links = (ids: readonly string[]) => ids.map((id) => `https://arxiv.org/abs/${id}`).join(' ');

describe('a flood of unknown paper links in one channel', () => {
  // The default cap (20 a minute) is above what one channel may cost: the cooldown alone must hold it.
  const { world, outcome, postAttempts } = setUp({ UNFURL_COOLDOWN: '60s' });

  it('costs one lookup of three papers, and the miss keeps the channel quiet for the cooldown', async () => {
    // 20 messages of three unknown links each, each sent as soon as the previous one was handled.
    // Before a miss kept the cooldown, each handed it back and the next asked again: 60 requests.
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const message = world.discord.userMessage(`look: ${links(unknownIds(3 * i + 1, 3))}`);
      outcomes.push(String((await outcome(message)).msg));
    }
    expect(outcomes).toEqual(['unfurl skipped: no paper found for these links', ...Array<string>(19).fill('unfurl skipped: channel cooldown')]);
    expect(world.hf.requests).toEqual(unknownIds(1, 3).map((id) => `/api/papers/${id}`));

    // A paper the digest has, still within the cooldown: no card either, as the miss spent it.
    const known = world.discord.userMessage(links([IN_DIGEST[0] as string]));
    expect((await outcome(known)).msg).toBe('unfurl skipped: channel cooldown');
    expect(postAttempts()).toEqual([]);
    expect(world.hf.requests).toHaveLength(3);
    expect(world.discord.rejections).toEqual([]);
  });
});

describe('a flood of unknown paper links across many channels', () => {
  // Five Hugging Face lookups a minute for the whole bot; every thread is a channel of its own cooldown.
  const { world, outcome, postAttempts } = setUp({ UNFURL_COOLDOWN: '60s', UNFURL_LOOKUPS_PER_MINUTE: '5' });

  it('asks Hugging Face at most the capped number of times, replies at most once per channel, and still shows what the digest and cache know', async () => {
    // First, a paper Hugging Face has: one lookup, one card, and the answer cached.
    const first = world.discord.userThread(CHANNEL_ID, 'first');
    const found = world.discord.userMessage(links([ON_HF.id]), { channelId: first });
    expect((await outcome(found)).msg).toBe('links unfurled');
    expect(world.hf.requests).toEqual([`/api/papers/${ON_HF.id}`]);

    // 20 messages at once, each in a new thread: a digest paper and two unknown papers. Each
    // thread may reply once, but only 4 more lookups fit in the minute (5, less the one above).
    const threads = Array.from({ length: 20 }, (_, i) => world.discord.userThread(CHANNEL_ID, `flood ${i}`));
    const flood = threads.map((thread, i) => world.discord.userMessage(links([IN_DIGEST[0] as string, ...unknownIds(2 * i + 1, 2)]), { channelId: thread }));
    const floodOutcomes = await Promise.all(flood.map(outcome));
    expect(floodOutcomes.map((line) => line.msg)).toEqual(Array<string>(20).fill('links unfurled'));
    expect(world.hf.requests).toHaveLength(5);
    // Each reply shows the digest paper alone; of the 40 unknown links, 36 were not asked for.
    expect(floodOutcomes.map((line) => line.papers)).toEqual(Array<string[]>(20).fill([IN_DIGEST[0] as string]));
    expect(floodOutcomes.flatMap((line) => (line.notAsked as string[] | undefined) ?? [])).toHaveLength(36);
    expect(postAttempts().sort()).toEqual([first, ...threads].sort());

    // Again in every thread, within the cooldown: nothing is looked up and nothing posted.
    const again = threads.map((thread, i) => world.discord.userMessage(links([IN_DIGEST[1] as string, ...unknownIds(100 + i, 1)]), { channelId: thread }));
    expect((await Promise.all(again.map(outcome))).map((line) => line.msg)).toEqual(Array<string>(20).fill('unfurl skipped: channel cooldown'));
    expect(world.hf.requests).toHaveLength(5);
    expect(postAttempts()).toHaveLength(21);

    // Still within the minute the cap counts over (this test takes about a second; each wait gives up after 5 s).
    // Over the cap, a new channel still gets cards for what the digest and the cache know
    // (ON_HF, found above), and an unknown link is not asked for.
    const last = world.discord.userThread(CHANNEL_ID, 'last');
    const mixed = world.discord.userMessage(links([ON_HF.id, '2612.09999', IN_DIGEST[1] as string]), { channelId: last });
    expect(await outcome(mixed)).toMatchObject({ msg: 'links unfurled', papers: [ON_HF.id, IN_DIGEST[1]], notAsked: ['2612.09999'] });
    expect(world.hf.requests).toHaveLength(5);
    const reply = world.discord.channelMessages.find((message) => message.channelId === last);
    expect((reply?.body.embeds as { url: string }[]).map((embed) => embed.url)).toEqual([
      `https://huggingface.co/papers/${ON_HF.id}`,
      `https://huggingface.co/papers/${IN_DIGEST[1]}`,
    ]);
    // The cap is reported once, not once per link.
    expect(
      world.logs.lines().filter((line) => line.msg === 'Hugging Face lookups over their cap: links not in the digest or cache get no card for now'),
    ).toEqual([expect.objectContaining({ level: 40, perMinute: 5 })]);
    expect(world.discord.rejections).toEqual([]);
  });
});
