import { ComponentType } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { usage } from '../../commands/help.js';
import { normalizeQuery } from '../../commands/search.js';
import { UserError, type Command } from '../../src/command/command.js';
import { CommandRegistry } from '../../src/command/command-registry.js';
import { Library } from '../../src/library/library.js';
import type { ReplyPayload } from '../../src/present/reply-payload.js';
import { commandContext } from '../support/command-context.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';
import { seedLibrary } from '../support/seed-library.js';

let library: Library;
const registry = new CommandRegistry(commands);
const command = (name: string) => registry.get(name) as Command;
const buttons = (payload: ReplyPayload) =>
  payload.components.flatMap((row) => row.components).flatMap((c) => (c.type === ComponentType.Button && 'custom_id' in c ? [c] : []));

beforeAll(async () => {
  library = await seedLibrary();
});

describe('/search', () => {
  it('answers a page of paper embeds with the query terms in bold', async () => {
    const payload = await command('search').run(commandContext(library), { query: 'kv cache', limit: 2 });
    expectWithinDiscordLimits(payload);
    expect(payload.content).toBe('🔎 `kv cache` · 5 papers · page 1 of 3');
    expect(payload.embeds.map((embed) => embed.title)).toEqual([
      'A Little Goes a Long Way: Efficient Long Context Training and Inference with Partial Contexts',
      'Training-free Context-adaptive Attention for Efficient Long Context Modeling',
    ]);
    expect(payload.embeds[0]?.description).toContain('reduce the overhead of **KV cache** during serving');
    expect(buttons(payload).map((b) => [b.label, b.disabled])).toEqual([
      ['◀ Previous', true],
      ['Next ▶', false],
    ]);
  });

  it('pages after a restart: a new library and only the custom id and message content', async () => {
    const first = await command('search').run(commandContext(library), { query: 'kv cache', limit: 2, sort: 'newest' });
    const next = buttons(first)[1]?.custom_id as string;
    const restarted = await seedLibrary();
    const page2 = await (command('search').button as NonNullable<Command['button']>)(commandContext(restarted), next, { content: first.content ?? '' });
    expect(page2.content).toBe('🔎 `kv cache` · 5 papers · page 2 of 3 · newest first');
    expect(page2.embeds.map((embed) => embed.footer?.text)).toEqual(['hf-daily-papers-long-context · 3 of 5', 'hf-daily-papers-long-context · 4 of 5']);
  });

  it('says so when the digest changed since the search, and clamps the page', async () => {
    const first = await command('search').run(commandContext(library), { query: 'kv cache', limit: 2 });
    const bigger = new Library(library.all(), library.topics);
    bigger.add([{ ...(library.all()[0] as NonNullable<ReturnType<Library['get']>>), key: '2611.00001', arxivId: '2611.00001', title: 'New' }]);
    const stale = (buttons(first)[1]?.custom_id as string).replace(/^search:2:/, 'search:99:');
    const page = await (command('search').button as NonNullable<Command['button']>)(commandContext(bigger), stale, { content: first.content ?? '' });
    expect(page.content).toContain('page 3 of 3');
    expect(page.content).toContain('The digest has changed since this search');
  });

  it('keeps a 200-character query out of the custom id and reads it back from the header', async () => {
    const query = `kv cache ${'x'.repeat(300)}`;
    const payload = await command('search').run(commandContext(library), { query });
    expect(payload.content).toContain(normalizeQuery(query));
    for (const button of buttons(payload)) expect(button.custom_id.length).toBeLessThanOrEqual(100);
  });

  it('offers "did you mean" buttons when nothing matches', async () => {
    const payload = await command('search').run(commandContext(library), { query: 'retreivel' });
    expect(payload.content).toBe('🔎 `retreivel` · no papers found.\nDid you mean **retrieve**?');
    expect(buttons(payload).map((b) => b.custom_id)).toEqual(['search:try:retrieve']);
    const tried = await (command('search').button as NonNullable<Command['button']>)(commandContext(library), 'search:try:retrieve', {
      content: payload.content ?? '',
    });
    expect(tried.content).toMatch(/^🔎 `retrieve` · \d+ papers/);
  });

  it('rejects empty queries, bad dates and out-of-range limits with a user error', async () => {
    await expect(command('search').run(commandContext(library), { query: '   ' })).rejects.toThrow(UserError);
    await expect(command('search').run(commandContext(library), { query: 'kv', since: 'someday' })).rejects.toThrow('is not a date I understand');
    await expect(command('search').run(commandContext(library), { query: 'kv', limit: 11 })).rejects.toThrow('limit');
    await expect(command('search').run(commandContext(library), {})).rejects.toThrow('query is required');
  });

  it('rejects forged button ids', async () => {
    const button = command('search').button as NonNullable<Command['button']>;
    await expect(button(commandContext(library), 'search:1:99:hot:-:zz', { content: '🔎 `kv`' })).rejects.toThrow(UserError);
    await expect(button(commandContext(library), 'search:2:5:relevance:-:abcd1234', { content: 'no header' })).rejects.toThrow(UserError);
  });
});

describe('/latest', () => {
  it('lists the newest papers: InternVideo3, then EndPrompt', async () => {
    const payload = await command('latest').run(commandContext(library), {});
    expectWithinDiscordLimits(payload);
    expect(payload.content).toBe('🆕 The 5 newest papers of 58');
    expect(payload.embeds.slice(0, 2).map((embed) => embed.url)).toEqual([
      'https://huggingface.co/papers/2606.12195',
      'https://huggingface.co/papers/2605.14589',
    ]);
    expect(payload.embeds[0]?.fields?.[0]?.value).toBe('Jun 9, 2026 · 5 months ago');
  });

  it('fits 10 full abstracts within the 6000-character budget', async () => {
    const payload = await command('latest').run(commandContext(library), { count: 10 });
    expectWithinDiscordLimits(payload);
    expect(payload.embeds).toHaveLength(10);
  });
});

describe('/topic and /random', () => {
  it('autocompletes topics with counts, all of them for empty input', () => {
    const autocomplete = command('topic').autocomplete as NonNullable<Command['autocomplete']>;
    expect(autocomplete(commandContext(library), { name: 'name', value: '' })).toHaveLength(library.topics.length);
    expect(autocomplete(commandContext(library), { name: 'name', value: 'retr' })).toEqual([{ name: 'Retrieval and RAG (4 papers)', value: 'retrieval-rag' }]);
    expect(autocomplete(commandContext(library), { name: 'name', value: 'zzz' })).toEqual([]);
  });

  it('pages a topic newest first with Next buttons', async () => {
    const payload = await command('topic').run(commandContext(library), { name: 'video-multimodal' });
    expectWithinDiscordLimits(payload);
    expect(payload.embeds[0]?.title).toBe('InternVideo3: Agentify Foundation Models with Multimodal Contextual Reasoning');
    expect(buttons(payload).map((b) => b.custom_id)).toEqual(['topic:0:video-multimodal', 'topic:2:video-multimodal']);
    const page2 = await (command('topic').button as NonNullable<Command['button']>)(commandContext(library), 'topic:2:video-multimodal', { content: '' });
    expect(page2.content).toContain('page 2 of 4');
  });

  it('explains an unknown topic', async () => {
    await expect(command('topic').run(commandContext(library), { name: 'astrology' })).rejects.toThrow('There is no topic `astrology`');
  });

  it('picks a random paper, optionally in a topic', async () => {
    const payload = await command('random').run(commandContext(library, { random: () => 0.999 }), { topic: 'robotics' });
    expect(payload.content).toBe('🎲 A random paper from **Robotics and embodied AI**');
    expect(payload.embeds[0]?.title).toBe('Learning Long-Context Diffusion Policies via Past-Token Prediction');
  });
});

describe('/help', () => {
  it('lists every command with its options, privately', async () => {
    const payload = await command('help').run(commandContext(library), {});
    expect(payload.ephemeral).toBe(true);
    expect(payload.embeds[0]?.fields?.map((field) => field.name)).toEqual([
      '/search query:<text> [limit:1–10] [sort:relevance|newest|upvotes] [since:<text>]',
      '/ask question:<text>',
      '/paper title:<title>',
      '/latest [count:1–10]',
      '/topic name:<name>',
      '/random [topic:<topic>]',
      'Apps → Find papers',
      '/subscribe channel:<channel> [topic:<topic>] [keywords:<text>]',
      '/unsubscribe subscription:<subscription>',
      '/subscriptions',
      '/help',
    ]);
    expect(usage(command('latest'))).toBe('/latest [count:1–10]');
  });
});

describe('CommandRegistry', () => {
  it('rejects malformed command data and duplicate names', () => {
    const bad = { ...command('help'), data: { name: 'Bad Name!', description: 'x' } };
    expect(() => new CommandRegistry([bad as Command])).toThrow('command "Bad Name!" is invalid');
    expect(() => new CommandRegistry([command('help'), command('help')])).toThrow('two commands are named "help"');
  });
});
