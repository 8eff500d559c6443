import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
describe.skipIf(!hasRealDigest)(
  'the bot on the real digest (12,715 papers: 18 of the real ones are also in the seed)',
  { timeout: 180_000, shuffle: false },
  () => {
    // In order: the story of one start, while the digest loads and then once it has loaded.
    let discord: FakeDiscord;
    let bot: RunningBot;
    let dataDir: string;
    let huggingFace: Server;
    const logs = memoryLogger();

    beforeAll(async () => {
      discord = await new FakeDiscord().start();
      dataDir = await mkdtemp(path.join(tmpdir(), 'data-'));
      const digestDir = realDigestFolder(path.join(dataDir, 'digest')) as string;
      // No index cache yet: the first start builds the index, long enough to be asked during it.
      // Unfurls on, with a local Hugging Face that has every paper: without the wait for the
      // digest, a link posted during the load would get a card (from it, or from the papers
      // indexed so far).
      huggingFace = createServer((request, response) => {
        const id = request.url?.match(/^\/api\/papers\/(.+)$/)?.[1] ?? '';
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, title: `Paper ${id}`, summary: 'About it.', upvotes: 1 }));
      });
      await new Promise<void>((resolve) => huggingFace.listen(0, '127.0.0.1', resolve));
      const unfurls = { UNFURL_LINKS: 'true', UNFURL_COOLDOWN: '0', HF_API_URL: `http://127.0.0.1:${(huggingFace.address() as AddressInfo).port}` };
      bot = await startTestBot(botEnv(discord, TOKEN, { digestDir, dataDir }, unfurls), logs.log, { waitUntilReady: false });
    });
    afterAll(async () => {
      await bot?.stop();
      await discord?.stop();
      huggingFace?.closeAllConnections();
      huggingFace?.close();
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

    it('unfurls no link while the digest is still loading (a paper not indexed yet would look absent from it)', async () => {
      await bot.discord.ready;
      expect(bot.library.status.state).not.toBe('ready');
      const early = discord.userMessage('World model: https://arxiv.org/abs/2402.08268');
      await discord.waitFor(
        () => (logs.lines().some((line) => line.message === early && line.msg === 'unfurl skipped: the digest is still loading') ? true : undefined),
        20_000,
      );
      expect(discord.channelMessages.filter((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === early)).toEqual([]);
    });

    it('answers without the note once loaded, and unfurls the same link from the digest', async () => {
      await bot.ready;
      const message = await discord.finalMessage(discord.slashCommand('latest', { count: 1 }).id, 20_000);
      expect(message.content).toBe('🆕 The newest paper of 12,715');
      const later = discord.userMessage('World model: https://arxiv.org/abs/2402.08268');
      const reply = await discord.waitFor(
        () => discord.channelMessages.find((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === later),
        20_000,
      );
      // The seed's RingAttention world model, found in the digest (no "not in the digest" footer).
      expect(
        (reply.body.embeds as { url?: string; footer?: { text: string } }[]).map((embed) => [embed.url, embed.footer?.text.includes('not in the digest')]),
      ).toEqual([['https://huggingface.co/papers/2402.08268', false]]);
    });
  },
);
