import { ComponentType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/interactions/command.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import { Cooldowns } from '../../src/interactions/cooldowns.js';
import { LibraryUnavailableError, type LibraryClient } from '../../src/worker/library-client.js';
import { commandContext } from '../support/command-context.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';
import { pressButton } from '../support/press-button.js';
import { startLibraryWorker } from '../support/seed-library.js';

let library: LibraryClient;
const registry = new CommandRegistry(commands);
const command = (name: string) => registry.get(name) as Command;
beforeAll(async () => {
  library = await startLibraryWorker();
});
afterAll(async () => {
  await library?.stop();
});

describe('/paper', () => {
  const autocomplete = (value: string) =>
    (command('paper').autocomplete as NonNullable<Command['autocomplete']>)(commandContext(library), { name: 'title', value });

  it('autocompletes titles by prefix and with typos', async () => {
    expect((await autocomplete('ringatten'))[0]).toEqual({ name: 'World Model on Million-Length Video And Language With RingAttention', value: '2402.08268' });
    // Titles that start with what was typed rank before titles that merely contain its words.
    expect((await autocomplete('long-c')).slice(0, 4).map((choice) => choice.name.slice(0, 6).toLowerCase())).toEqual(['long-c', 'long-c', 'long-c', 'long-c']);
    expect((await autocomplete('qwenlong'))[0]?.value).toBe('2512.12967');
    expect((await autocomplete('atention sinks')).length).toBeLessThanOrEqual(25);
    expect((await autocomplete('test-time trainign'))[0]?.value).toBe('2505.23884');
  });

  it('suggests the newest papers before anything is typed, at most 25', async () => {
    const choices = await autocomplete('');
    expect(choices).toHaveLength(25);
    expect(choices[0]?.value).toBe('2606.12195');
    for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
  });

  it('shows the full card: whole abstract, every link, topics, a Similar papers and a Save button', async () => {
    const card = await command('paper').run(commandContext(library), { title: '2605.14589' });
    expectWithinDiscordLimits(card);
    const [paper] = await library.api.papers(['2605.14589']);
    expect(card.embeds[0]?.description?.replace(/\\(.)/g, '$1')).toBe(paper?.abstract);
    expect(card.embeds[0]?.fields?.find((field) => field.name === 'Links')?.value).toBe(
      '[Hugging Face](https://huggingface.co/papers/2605.14589)\n[arXiv](https://arxiv.org/abs/2605.14589)\n[PDF](https://arxiv.org/pdf/2605.14589)\nCode: https://github.com/clx1415926/EndPrompt',
    );
    expect(card.embeds[0]?.fields?.find((field) => field.name === 'Topics')?.value).toBe(
      'Context extension and positional encoding · Benchmarks and evaluation',
    );
    const buttons = card.components.flatMap((row) => row.components);
    expect(buttons.map((button) => (button.type === ComponentType.Button && 'custom_id' in button ? button.custom_id : 'link'))).toEqual([
      'paper:similar:2605.14589',
      'link',
      'saved:save:2605.14589',
    ]);
  });

  it('finds a paper from a typed title too, and explains when none matches', async () => {
    const card = await command('paper').run(commandContext(library), { title: 'Giraffe adventures' });
    expect(card.embeds[0]?.title).toBe('Giraffe: Adventures in Expanding Context Lengths in LLMs');
    await expect(command('paper').run(commandContext(library), { title: 'zzzz qqqq' })).rejects.toThrow('No paper matches');
  });

  it('shows similar papers privately, the paper itself excluded', async () => {
    const similar = await pressButton(registry, commandContext(library), 'paper:similar:2605.14589');
    expect(similar.ephemeral).toBe(true);
    expect(similar.content).toBe('📎 Papers similar to **EndPrompt: Efficient Long-Context Extension via Terminal Anchoring**');
    const urls = similar.embeds.map((embed) => embed.url);
    expect(urls).toHaveLength(5);
    expect(urls).not.toContain('https://huggingface.co/papers/2605.14589');
    // Context-extension papers first: E^2-LLM (length extension with RoPE) shares the most specific words.
    expect(urls[0]).toBe('https://huggingface.co/papers/2401.06951');
  });
});

describe('Find papers (message context menu)', () => {
  it('takes the key terms of a chatty message and answers privately with related papers', async () => {
    const payload = await command('Find papers').run(commandContext(library), {
      message: 'hey folks, lol, anyone know a good trick to shrink the kv cache when serving? thinking about sparse attention maybe',
    });
    expectWithinDiscordLimits(payload);
    expect(payload.ephemeral).toBe(true);
    // Chatter ("hey folks", "anyone know", "thinking", "maybe") and words the digest lacks ("shrink") are dropped.
    expect(payload.content).toBe('📄 Papers about **serve**, **kv**, **sparse**, **cache**, **attention**');
    expect(payload.embeds[0]?.url).toBe('https://huggingface.co/papers/2410.01485');
  });

  it('says so when a message has nothing to look up', async () => {
    const payload = await command('Find papers').run(commandContext(library), { message: 'lol ok see you tomorrow 👋' });
    expect(payload).toMatchObject({ ephemeral: true, content: "That message doesn't mention anything I can find papers about." });
  });
});

describe('Cooldowns', () => {
  it('lets a user ask once per period and says how long to wait', async () => {
    let now = 0;
    const cooldowns = new Cooldowns(10, () => now);
    expect(cooldowns.take('a')).toBe(0);
    expect(cooldowns.take('b')).toBe(0);
    now = 2500;
    expect(cooldowns.take('a')).toBe(8);
    now = 10_000;
    expect(cooldowns.take('a')).toBe(0);

    // A question the library could not answer (its worker restarting) gives the cooldown back.
    const unavailable = new Cooldowns(30, () => 0);
    const restarting = { ...library.api, answer: () => Promise.reject(new LibraryUnavailableError('the library restarted')) };
    await expect(command('ask').run(commandContext(library, { cooldowns: unavailable, library: restarting }), { question: 'which paper?' })).rejects.toThrow(
      LibraryUnavailableError,
    );
    expect(unavailable.take(commandContext(library).userId)).toBe(0);

    const context = commandContext(library, { cooldowns: new Cooldowns(30, () => 0) });
    await command('ask').run(context, { question: 'which paper uses RingAttention?' });
    await expect(command('ask').run(context, { question: 'and Mamba?' })).rejects.toThrow("You're asking quickly: try again in 30 s.");
  });
});
