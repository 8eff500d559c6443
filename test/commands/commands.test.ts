import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { UserError, type Command } from '../../src/interactions/command.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import { memoryQueryMemo } from '../../src/interactions/query-memo.js';
import { normalizeQuery } from '../../src/library/normalize-query.js';
import { commandUsage } from '../../src/present/command-usage.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { commandContext } from '../support/command-context.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';
import { buttonsOf as buttons, pressButton } from '../support/press-button.js';
import { SEEDS_DIR, startLibraryWorker } from '../support/seed-library.js';

let library: LibraryClient;
const registry = new CommandRegistry(commands);
const command = (name: string) => registry.get(name) as Command;

beforeAll(async () => {
  library = await startLibraryWorker();
});
afterAll(async () => {
  await library?.stop();
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
    // Previous/Next first, then a Save button per paper, numbered as the footers number them.
    expect(buttons(payload).map((b) => [b.label, b.disabled])).toEqual([
      ['◀ Previous', true],
      ['Next ▶', false],
      ['Save 1', undefined],
      ['Save 2', undefined],
    ]);
  });

  it('pages after a restart: a new library worker and only the custom id, whatever the message says', async () => {
    const first = await command('search').run(commandContext(library), { query: 'kv cache', limit: 2, sort: 'newest' });
    const next = buttons(first)[1]?.custom_id as string;
    expect(next).toMatch(/^search:page:2:2:newest:-:[0-9a-f]{8}:qkv cache$/);
    const restarted = await startLibraryWorker();
    try {
      // The message content is not read: a copy edit of the header cannot break paging.
      const page2 = await pressButton(registry, commandContext(restarted), next, 'any wording at all');
      expect(page2.content).toBe('🔎 `kv cache` · 5 papers · page 2 of 3 · newest first');
      expect(page2.embeds.map((embed) => embed.footer?.text)).toEqual(['hf-daily-papers-long-context · 3 of 5', 'hf-daily-papers-long-context · 4 of 5']);
    } finally {
      await restarted.stop();
    }
  });

  it('says so when the digest changed since the search, and clamps the page', async () => {
    const first = await command('search').run(commandContext(library), { query: 'kv cache', limit: 2 });
    const dir = await mkdtemp(path.join(tmpdir(), 'digest-'));
    for (const file of ['hf-daily-papers-long-context.txt', 'arxiv-ids.tsv']) await copyFile(path.join(SEEDS_DIR, file), path.join(dir, file));
    await writeFile(path.join(dir, 'new.json'), JSON.stringify([{ paper: { id: '2611.00001', title: 'A KV cache paper', summary: 'About the KV cache.' } }]));
    const bigger = await startLibraryWorker({ digestDir: dir });
    try {
      const stale = (buttons(first)[1]?.custom_id as string).replace(/^search:page:2:/, 'search:page:99:');
      const page = await pressButton(registry, commandContext(bigger), stale);
      expect(page.content).toContain('page 3 of 3');
      expect(page.content).toContain('The digest has changed since this search');
    } finally {
      await bigger.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps a 200-character query out of the custom id: the button carries a token the query memo recalls', async () => {
    const query = `kv cache ${'x'.repeat(300)}`;
    const memo = memoryQueryMemo();
    const payload = await command('search').run(commandContext(library, { queryMemo: memo }), { query: query.slice(0, 200), limit: 2 });
    expect(payload.content).toContain(normalizeQuery(query));
    const next = buttons(payload)[1]?.custom_id as string;
    expect(next).toMatch(/^search:page:2:2:relevance:-:[0-9a-f]{8}:m[0-9a-f]{16}$/);
    for (const button of buttons(payload)) expect(button.custom_id.length).toBeLessThanOrEqual(100);
    // A bot that forgot the query (no database) says the button expired rather than guessing.
    await expect(pressButton(registry, commandContext(library, { queryMemo: memoryQueryMemo() }), next)).rejects.toThrow('This button has expired');
    const page2 = await pressButton(registry, commandContext(library, { queryMemo: memo }), next);
    expect(page2.content).toContain(normalizeQuery(query));
  });

  it('offers "did you mean" buttons when nothing matches', async () => {
    const payload = await command('search').run(commandContext(library), { query: 'retreivel' });
    expect(payload.content).toBe('🔎 `retreivel` · no papers found.\nDid you mean **retrieve**?');
    expect(buttons(payload).map((b) => b.custom_id)).toEqual(['search:try:retrieve']);
    const tried = await pressButton(registry, commandContext(library), 'search:try:retrieve');
    expect(tried.content).toMatch(/^🔎 `retrieve` · \d+ papers/);
  });

  it('rejects empty queries, bad dates and out-of-range limits with a user error', async () => {
    await expect(command('search').run(commandContext(library), { query: '   ' })).rejects.toThrow(UserError);
    await expect(command('search').run(commandContext(library), { query: 'kv', since: 'someday' })).rejects.toThrow('is not a date I understand');
    await expect(command('search').run(commandContext(library), { query: 'kv', limit: 11 })).rejects.toThrow('limit: at most 10');
    await expect(command('search').run(commandContext(library), { query: 'x'.repeat(201) })).rejects.toThrow('query: at most 200 characters');
    await expect(command('search').run(commandContext(library), {})).rejects.toThrow('query is required');
  });

  it('rejects forged button ids', async () => {
    await expect(pressButton(registry, commandContext(library), 'search:page:1:99:hot:-:zz:qkv')).rejects.toThrow(UserError);
    await expect(pressButton(registry, commandContext(library), 'search:page:2:5:relevance:-:abcd1234')).rejects.toThrow(UserError);
    await expect(pressButton(registry, commandContext(library), 'search:page:2:5:relevance:-:abcd1234:mnotatoken')).rejects.toThrow(UserError);
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
  it('autocompletes topics with counts, all of them for empty input', async () => {
    const autocomplete = command('topic').autocomplete as NonNullable<Command['autocomplete']>;
    expect(await autocomplete(commandContext(library), { name: 'name', value: '' })).toHaveLength(14);
    expect(await autocomplete(commandContext(library), { name: 'name', value: 'retr' })).toEqual([
      { name: 'Retrieval and RAG (4 papers)', value: 'retrieval-rag' },
    ]);
    expect(await autocomplete(commandContext(library), { name: 'name', value: 'zzz' })).toEqual([]);
  });

  it('pages a topic newest first with Next buttons', async () => {
    const payload = await command('topic').run(commandContext(library), { name: 'video-multimodal' });
    expectWithinDiscordLimits(payload);
    expect(payload.embeds[0]?.title).toBe('InternVideo3: Agentify Foundation Models with Multimodal Contextual Reasoning');
    expect(buttons(payload).map((b) => b.custom_id)).toEqual([
      'topic:page:0:video-multimodal',
      'topic:page:2:video-multimodal',
      'saved:save:2606.12195',
      'saved:save:2605.01278',
      'saved:save:2604.26565',
      'saved:save:2602.06028',
      'saved:save:2510.20639',
    ]);
    const page2 = await pressButton(registry, commandContext(library), 'topic:page:2:video-multimodal');
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
      '/cite paper:<paper> [style:bibtex|apa]',
      '/saved [export:bibtex|markdown] [clear:true|false]',
      '/latest [count:1–10]',
      '/topic name:<name>',
      '/random [topic:<topic>]',
      '/trending [days:1–30] [topic:<topic>] [limit:1–15]',
      '/stats [topic:<topic>] [since:<text>]',
      'Apps → Find papers',
      '/subscribe channel:<channel> [topic:<topic>] [keywords:<text>] [schedule:new|daily|weekly|monthly] [top:1–10] [threads:true|false]',
      '/unsubscribe subscription:<subscription>',
      '/subscriptions',
      '/unfurl channel:<channel> enabled:true|false',
      '/help',
    ]);
    expect(commandUsage(command('latest').data)).toBe('/latest [count:1–10]');
    // Descriptions carry the limits the option declaration enforces.
    expect(JSON.stringify(command('latest').data)).toContain('"description":"How many papers (1–10, default 5)"');
  });
});

describe('CommandRegistry', () => {
  it('rejects malformed command data and duplicate names', () => {
    const bad = { ...command('help'), data: { name: 'Bad Name!', description: 'x' } };
    expect(() => new CommandRegistry([bad as Command])).toThrow('command "Bad Name!" is invalid');
    expect(() => new CommandRegistry([command('help'), command('help')])).toThrow('two commands are named "help"');
  });
});
