import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { UserError, type Command } from '../../src/interactions/command.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import { upvoteBar } from '../../src/present/upvote-bar.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { commandContext } from '../support/command-context.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';
import { startLibraryWorker } from '../support/seed-library.js';

let library: LibraryClient;
const trending = new CommandRegistry(commands).get('trending') as Command;

beforeAll(async () => {
  library = await startLibraryWorker();
});
afterAll(async () => {
  await library?.stop();
});

/** The paper links of a /trending reply, in order. */
const linksOf = (description: string | undefined) => [...(description ?? '').matchAll(/\]\(https:\/\/huggingface\.co\/papers\/([\d.]+)\)/g)].map((m) => m[1]);

describe('/trending on the seed', () => {
  it('ranks the last 30 days of the digest by upvotes, ties by newest, when nothing is newer than SEED_NOW minus 30 days', async () => {
    const payload = await trending.run(commandContext(library), { days: 30 });
    expectWithinDiscordLimits(payload);
    expect(payload.ephemeral).toBe(false);
    // SEED_NOW is Nov 28, 2026 and the seed's newest paper is of Jun 9, 2026: the window moves to the 30 days up to it.
    expect(payload.content).toBe(
      '🔥 Nothing was published in the last 30 days; trending in the 30 days up to the newest paper instead (May 11, 2026 – Jun 9, 2026)',
    );
    expect(payload.embeds[0]?.description?.split('\n')).toEqual([
      // 3 upvotes, the most in the window.
      '**1.** ▰▰▰▰▰▰▰▰ 3 ▲ · [Many-Shot CoT-ICL: Making In-Context Learning Truly Learn](https://huggingface.co/papers/2605.13511) · May 12, 2026',
      // 2 upvotes each: InternVideo3 (Jun 9) is newer than EndPrompt (May 13), so it comes first.
      '**2.** ▰▰▰▰▰▱▱▱ 2 ▲ · [InternVideo3: Agentify Foundation Models with Multimodal Contextual Reasoning](https://huggingface.co/papers/2606.12195) · Jun 9, 2026',
      '**3.** ▰▰▰▰▰▱▱▱ 2 ▲ · [EndPrompt: Efficient Long-Context Extension via Terminal Anchoring](https://huggingface.co/papers/2605.14589) · May 13, 2026 · BAIDU',
    ]);
    expect(payload.embeds[0]?.footer?.text).toBe('Most upvoted first, ties by newest · 3 papers published in these days');
  });

  it('uses the last days up to now when they have papers', async () => {
    const now = new Date('2025-02-25T12:00:00Z');
    const payload = await trending.run(commandContext(library, { now: () => now }), {});
    expect(payload.content).toBe('🔥 Trending · the last 7 days (Feb 19, 2025 – Feb 25, 2025)');
    // 6 upvotes (Feb 24) first; then the two 2-upvote papers, the one of Feb 21 before the one of Feb 19.
    // Papers of Feb 7 and earlier are outside the 7 days.
    expect(linksOf(payload.embeds[0]?.description)).toEqual(['2502.17129', '2502.15920', '2502.13922']);
  });

  it('keeps to a topic, and to the limit, counting the papers left out', async () => {
    const video = await trending.run(commandContext(library), { days: 30, topic: 'video' });
    // Of the three papers of those days only InternVideo3 is about video.
    expect(video.content).toBe(
      '🔥 Nothing in **Video and multimodal** was published in the last 30 days; trending in the 30 days up to the newest paper instead (May 11, 2026 – Jun 9, 2026)',
    );
    expect(linksOf(video.embeds[0]?.description)).toEqual(['2606.12195']);

    const two = await trending.run(commandContext(library), { days: 30, limit: 2 });
    expect(linksOf(two.embeds[0]?.description)).toEqual(['2605.13511', '2606.12195']);
    expect(two.embeds[0]?.description?.split('\n').at(-1)).toBe('_…and 1 more_');
  });

  it('names the day alone for days:1, and refuses an unknown topic', async () => {
    const payload = await trending.run(commandContext(library), { days: 1 });
    expect(payload.content).toBe('🔥 Nothing was published in the last day; trending on the day of the newest paper instead (Jun 9, 2026)');
    await expect(trending.run(commandContext(library), { topic: 'no such topic' })).rejects.toThrow(UserError);
  });
});

describe('upvoteBar', () => {
  it('scales to the most upvoted paper of the list, with at least one cell for any upvote', () => {
    expect(upvoteBar(123, 123)).toBe('▰▰▰▰▰▰▰▰ 123 ▲');
    expect(upvoteBar(61, 123)).toBe('▰▰▰▰▱▱▱▱ 61 ▲');
    expect(upvoteBar(1, 5000)).toBe('▰▱▱▱▱▱▱▱ 1 ▲');
    expect(upvoteBar(0, 10)).toBe('▱▱▱▱▱▱▱▱ 0 ▲');
    expect(upvoteBar(null, 10)).toBe('▱▱▱▱▱▱▱▱ ? ▲');
    expect(upvoteBar(12_345, 12_345)).toBe('▰▰▰▰▰▰▰▰ 12,345 ▲');
  });
});
