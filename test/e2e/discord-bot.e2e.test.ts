import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commands } from '../../commands/index.js';
import { defineCommand } from '../../src/interactions/command.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import type { DiscordBot } from '../../src/discord/start-discord.js';
import { reply } from '../../src/present/reply-payload.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { startTestDiscord } from '../support/bot-harness.js';
import { FakeDiscord, GUILD_ID } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEED_NOW, startLibraryWorker } from '../support/seed-library.js';

const TOKEN = 'e2e-secret-token.abcdefghijklmnopqrstuvwxyz';
const EPHEMERAL = 64;

// Test-only commands: one that fails, one that is slow enough to need a deferral.
const boom = defineCommand({
  name: 'boom',
  description: 'Always fails',
  execute: () => {
    throw new Error('kaboom: internal detail');
  },
});
const slow = defineCommand({
  name: 'slow',
  description: 'Answers after 300 ms',
  execute: async () => {
    await sleep(300);
    return reply({ content: 'finally' });
  },
});

describe('the bot through the real discord.js client', () => {
  let discord: FakeDiscord;
  let bot: DiscordBot;
  let library: LibraryClient;
  let dataDir: string;
  const logs = memoryLogger();
  // What the first start sent, read once it is ready: later tests start more clients, and any test may run first.
  let firstIdentifies: FakeDiscord['identifies'];
  let firstPuts: number;
  const puts = () => discord.requests.filter((request) => request.method === 'PUT' && request.path.endsWith(`/guilds/${GUILD_ID}/commands`));

  const start = (registry: CommandRegistry) =>
    startTestDiscord(discord, TOKEN, library, { registry, log: logs.log, dataDir, router: { now: () => SEED_NOW, random: () => 0, deferAfterMs: 100 } });

  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    library = await startLibraryWorker();
    dataDir = await mkdtemp(path.join(tmpdir(), 'data-'));
    bot = start(new CommandRegistry([...commands, boom, slow]));
    await bot.ready;
    firstIdentifies = [...discord.identifies];
    firstPuts = puts().length;
  });

  afterAll(async () => {
    await bot?.stop();
    await library?.stop();
    await discord?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('logs in with the Guilds and GuildMessages intents (no privileged intent) and becomes ready', () => {
    expect(firstIdentifies).toHaveLength(1);
    expect(firstIdentifies[0]).toMatchObject({ token: TOKEN, intents: 1 | 512 });
    expect(bot.client.isReady()).toBe(true);
    expect(bot.client.guilds.cache.has(GUILD_ID)).toBe(true);
  });

  it('registers its commands in the guild once, and not again when nothing changed', async () => {
    expect(firstPuts).toBe(1);
    expect(discord.commands.guild.map((command) => command.name)).toEqual([
      'search',
      'ask',
      'paper',
      'cite',
      'saved',
      'latest',
      'topic',
      'random',
      'trending',
      'stats',
      'Find papers',
      'subscribe',
      'unsubscribe',
      'subscriptions',
      'unfurl',
      'help',
      'boom',
      'slow',
    ]);

    const before = puts().length;
    const second = start(new CommandRegistry([...commands, boom, slow]));
    await second.ready;
    await second.stop();
    expect(puts()).toHaveLength(before); // compared with GET, found equal, no PUT
  });

  it('registers again at the next start when a command drifted on Discord (a permission added there)', async () => {
    const before = puts().length;
    // An admin tool edits /latest on Discord's side: Discord bumps the command's version.
    discord.commands.guild = discord.commands.guild.map((command) =>
      command.name === 'latest' ? { ...command, default_member_permissions: '8', version: '999999999999999999' } : command,
    );
    const third = start(new CommandRegistry([...commands, boom, slow]));
    await third.ready;
    await third.stop();
    expect(puts()).toHaveLength(before + 1);
    expect(discord.commands.guild.find((command) => command.name === 'latest')?.default_member_permissions).toBeNull();
    expect(logs.lines().some((line) => line.msg === 'commands registered' && line.reason === '/latest was changed on Discord')).toBe(true);
  });

  it('answers /search with paper embeds that link to Hugging Face, and never pings', async () => {
    const { id } = discord.slashCommand('search', { query: 'kv cache', limit: 2 });
    const [callback] = await discord.responsesOf(id);
    expect(callback?.type).toBe(4); // CHANNEL_MESSAGE_WITH_SOURCE
    const data = callback?.data as { content: string; embeds: { title: string; url: string }[]; allowed_mentions: unknown; components: unknown[] };
    expect(data.content).toBe('🔎 `kv cache` · 5 papers · page 1 of 3');
    expect(data.embeds.map((embed) => embed.url)).toEqual(['https://huggingface.co/papers/2410.01485', 'https://huggingface.co/papers/2512.09238']);
    expect(data.allowed_mentions).toEqual({ parse: [] });
    // Previous/Next, then a row of Save buttons.
    expect(data.components).toHaveLength(2);
  });

  it('pages with the Next button by updating the same message, from the custom id and the message alone', async () => {
    const { id } = discord.slashCommand('search', { query: 'kv cache', limit: 2 });
    const first = (await discord.finalMessage(id)) as { content: string; components: { components: { custom_id: string; label: string }[] }[] };
    const next = first.components[0]?.components.find((button) => button.label.startsWith('Next'));
    expect(next?.custom_id).toMatch(/^search:page:2:2:relevance:-:[0-9a-f]{8}:qkv cache$/);

    const click = discord.clickButton({ interaction: id }, next?.custom_id as string);
    const [update] = await discord.responsesOf(click.id);
    expect(update?.type).toBe(7); // UPDATE_MESSAGE
    const page2 = update?.data as { content: string; embeds: { title: string; footer: { text: string } }[] };
    expect(page2.content).toBe('🔎 `kv cache` · 5 papers · page 2 of 3');
    expect(page2.embeds.map((embed) => embed.footer.text)).toEqual(['hf-daily-papers-long-context · 3 of 5', 'hf-daily-papers-long-context · 4 of 5']);
  });

  it('answers /latest, /topic and /random with embeds', async () => {
    const latest = await discord.finalMessage(discord.slashCommand('latest', { count: 2 }).id);
    expect((latest.embeds as { title: string }[]).map((embed) => embed.title)).toEqual([
      'InternVideo3: Agentify Foundation Models with Multimodal Contextual Reasoning',
      'EndPrompt: Efficient Long-Context Extension via Terminal Anchoring',
    ]);
    const topic = await discord.finalMessage(discord.slashCommand('topic', { name: 'test-time-training' }).id);
    expect(topic.content).toBe(
      '📚 **Test-time training** · 3 papers, newest first\nUpdating weights at inference time so the model learns from its own long input.',
    );
    const random = await discord.finalMessage(discord.slashCommand('random').id);
    expect((random.embeds as unknown[]).length).toBe(1);
    const help = await discord.responsesOf(discord.slashCommand('help').id);
    expect(help[0]?.data?.flags).toBe(EPHEMERAL);
  });

  it('answers topic autocomplete with topics and their paper counts', async () => {
    const [all] = await discord.responsesOf(discord.autocomplete('topic', 'name', '').id);
    expect(all?.type).toBe(8); // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    expect((all?.data?.choices as unknown[]).length).toBe(14);
    const [filtered] = await discord.responsesOf(discord.autocomplete('topic', 'name', 'vid').id);
    expect(filtered?.data?.choices).toEqual([{ name: 'Video and multimodal (17 papers)', value: 'video-multimodal' }]);
  });

  it('answers a failing handler with a private, generic error and logs the cause', async () => {
    const [callback] = await discord.responsesOf(discord.slashCommand('boom').id);
    expect(callback?.type).toBe(4);
    expect(callback?.data?.flags).toBe(EPHEMERAL);
    expect(callback?.data?.content).toBe('⚠️ Something went wrong while answering. It has been logged; please try again.');
    expect(logs.lines().some((line) => line.msg === 'handler failed' && line.command === 'boom')).toBe(true);
  });

  it('defers a slow handler, then edits the reply', async () => {
    const { id } = discord.slashCommand('slow');
    const responses = await discord.responsesOf(id, 2);
    expect(responses[0]?.type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    expect(responses[1]?.data?.content).toBe('finally');
  });

  it('never writes the token to the logs', () => {
    expect(logs.text().length).toBeGreaterThan(0);
    expect(logs.text()).not.toContain(TOKEN);
  });
});
