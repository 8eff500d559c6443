import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realDigestFolder } from '../../scripts/real-digest-folder.js';
import type { RunningBot } from '../../src/start-bot.js';
import { botEnv, startTestBot } from '../support/bot-harness.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { hasRealDigest, skipReasonUnlessRealDigest } from '../support/real-digest.js';

skipReasonUnlessRealDigest();
const TOKEN = 'e2e-real-digest-token.abcdefghijklmno';
/** "⏳ still loading: 4,887 of 12,715 papers so far" — the seed's 58 and the 12,675 real papers, 18 of them in both. */
const STILL_LOADING = /^⏳ still loading: (?:reading the digest files|[\d,]+ of 12,715 papers so far)\n/;

/** The bot on a digest folder holding the seed and ../shared/real-digest/part-*.json, through the real discord.js client. */
describe.skipIf(!hasRealDigest)('the bot on the real digest (12,715 papers: 18 of the real ones are also in the seed)', { timeout: 180_000 }, () => {
  let discord: FakeDiscord;
  let bot: RunningBot;
  let dataDir: string;
  const logs = memoryLogger();

  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'data-'));
    const digestDir = realDigestFolder(path.join(dataDir, 'digest')) as string;
    // No index cache yet: the first start builds the index, long enough to be asked during it.
    bot = await startTestBot(botEnv(discord, TOKEN, { digestDir, dataDir }), logs.log, { waitUntilReady: false });
  });
  afterAll(async () => {
    await bot?.stop();
    await discord?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says so in every reply while the digest is still loading', async () => {
    await bot.discord.ready;
    expect(bot.library.status.state).not.toBe('ready');
    for (const [name, options] of [
      ['latest', { count: 1 }],
      ['search', { query: 'kv cache' }],
      ['ask', { question: 'which paper reduces the KV cache?' }],
      ['topic', { name: 'surveys' }],
      ['random', {}],
    ] as const) {
      const message = await discord.finalMessage(discord.slashCommand(name, options).id, 20_000);
      expect(String(message.content), name).toMatch(STILL_LOADING);
    }
    const [choices] = await discord.responsesOf(discord.autocomplete('paper', 'title', 'ringatten').id, 1, 10_000);
    expect((choices?.data?.choices as { name: string }[])[0]?.name).toMatch(/^⏳ still loading/);
    expect(discord.rejections).toEqual([]);
  });

  it('answers without the note once loaded', async () => {
    await bot.ready;
    const message = await discord.finalMessage(discord.slashCommand('latest', { count: 1 }).id, 20_000);
    expect(message.content).toBe('🆕 The newest paper of 12,715');
  });
});
