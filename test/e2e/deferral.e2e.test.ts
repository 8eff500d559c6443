import { afterEach, describe, expect, it } from 'vitest';
import type { DiscordBot } from '../../src/discord/start-discord.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { startTestDiscord } from '../support/bot-harness.js';
import { EPHEMERAL, FakeDiscord } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEED_NOW, startLibraryWorker } from '../support/seed-library.js';

const TOKEN = 'e2e-deferral-token.abcdefghijklmnopqrs';

/**
 * Slow work in the library worker, through the real discord.js client: the router defers in
 * time, with the command's privacy, and the answer follows; autocomplete keeps its deadline;
 * a burst is acknowledged in time; a restarted worker leaves no interaction hanging.
 */
describe('slow library work, through the real discord.js client', { timeout: 60_000 }, () => {
  let discord: FakeDiscord | undefined;
  let bot: DiscordBot | undefined;
  let library: LibraryClient | undefined;
  const logs = memoryLogger();

  /** One bot on its own fake server, its worker blocking `blockMs` before every call. */
  async function start(blockMs: number): Promise<FakeDiscord> {
    discord = await new FakeDiscord().start();
    library = await startLibraryWorker({ blockEveryCallMs: blockMs });
    bot = startTestDiscord(discord, TOKEN, library, { log: logs.log, router: { now: () => SEED_NOW, deferAfterMs: 1000 } });
    await bot.ready;
    return discord;
  }

  afterEach(async () => {
    await bot?.stop();
    await library?.stop();
    await discord?.stop();
    expect(discord?.rejections).toEqual([]);
  });

  const firstResponseMs = (fake: FakeDiscord, id: string) => (fake.firstResponseAt.get(id) as number) - (fake.dispatchedAt.get(id) as number);

  it('defers a slow search publicly after about a second, then edits in the answer', async () => {
    const fake = await start(1500);
    const { id } = fake.slashCommand('search', { query: 'kv cache', limit: 2 });
    const [deferral, answer] = await fake.responsesOf(id, 2, 10_000);
    expect(deferral?.type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    expect(firstResponseMs(fake, id)).toBeGreaterThanOrEqual(900);
    expect(firstResponseMs(fake, id)).toBeLessThan(3000);
    expect(answer?.data?.content).toBe('🔎 `kv cache` · 5 papers · page 1 of 3');
    expect(fake.isPrivate(id)).toBe(false);
  });

  it('keeps a private command private after its deferral: the deferral itself is ephemeral', async () => {
    const fake = await start(1500);
    // Find papers is private and asks the (slow) worker for the message's key terms.
    const { id } = fake.messageCommand('Find papers', 'anyone know how to shrink the kv cache with sparse attention?');
    const [deferral, answer] = await fake.responsesOf(id, 2, 10_000);
    expect(deferral).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    // Rarest digest words first; "anyone know", "how" and "shrink" (not in the digest) are dropped.
    expect(answer?.data?.content).toBe('📄 Papers about **kv**, **sparse**, **cache**, **attention**');
    expect(fake.isPrivate(id)).toBe(true);
  });

  it('answers a slow private button (Similar papers) with a private deferral and a private answer', async () => {
    const fake = await start(1500);
    // A made-up message: a real /paper card would itself wait for the slow worker.
    const { id } = fake.forgeButtonClick('paper:similar:2605.14589', { content: '' });
    const [deferral, answer] = await fake.responsesOf(id, 2, 10_000);
    expect(deferral).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(answer?.data?.content).toBe('📎 Papers similar to **EndPrompt: Efficient Long-Context Extension via Terminal Anchoring**');
    expect(fake.isPrivate(id)).toBe(true);
  });

  it('answers autocomplete before Discord gives up, with no choices, when the worker is too slow', async () => {
    const fake = await start(2600);
    const { id } = fake.autocomplete('paper', 'title', 'ringatten');
    const [choices] = await fake.responsesOf(id, 1, 10_000);
    expect(choices).toMatchObject({ type: 8, data: { choices: [] } });
    expect(firstResponseMs(fake, id)).toBeLessThan(3000);
    expect(logs.lines().some((line) => line.msg === 'autocomplete missed its deadline; answering no choices')).toBe(true);
  });

  it('acknowledges a burst of 40 questions within 3 s each, and answers them all', async () => {
    const fake = await start(0);
    const ids = Array.from({ length: 40 }, (_, i) => fake.slashCommand('ask', { question: `which paper reduces the KV cache? (${i})` }).id);
    for (const id of ids) await fake.finalMessage(id, 30_000);
    const slowest = Math.max(...ids.map((id) => firstResponseMs(fake, id)));
    expect(slowest).toBeLessThan(3000);
  });

  it('when the worker restarts mid-call: that interaction gets a private "try again", later ones are answered', async () => {
    const fake = await start(1500);
    const { id } = fake.slashCommand('search', { query: 'kv cache' });
    await fake.responsesOf(id, 1, 5000); // the public deferral
    await library?.restart();
    const notice = await fake.finalMessage(id, 10_000);
    expect(notice.content).toBe('⏳ The paper library is still loading or restarting. Please try again in a few seconds.');
    expect(fake.visibilityOf(id).followUps).toEqual(['private']);
    await library?.whenReady();
    const after = await fake.finalMessage(fake.slashCommand('latest', { count: 1 }).id, 10_000);
    expect((after.embeds as { title: string }[])[0]?.title).toBe('InternVideo3: Agentify Foundation Models with Multimodal Contextual Reasoning');
  });
});
