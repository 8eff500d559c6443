import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDigest } from '../../src/digest/load-digest.js';
import { botEnv, spawnBot, tempBotDirs } from '../support/bot-harness.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { SEEDS_DIR } from '../support/seed-library.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const TOKEN = 'process-e2e-token.0123456789abcdefghij';

/** Runs the bot's entry point from its TypeScript sources, as `npm run dev` does; `npm start` runs the same code compiled (test/build/compiled-start.test.ts). */
function startBot(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    // ENV_FILE=none: a developer's own .env must not change what the test starts.
    // TMPDIR: the console keeps its state and files under the temporary folder; each run gets its own.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ENV_FILE: 'none', TMPDIR: mkdtempSync(path.join(tmpdir(), 'npm-start-')), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  return { stdout: () => stdout, stderr: () => stderr };
}

describe('npm start', () => {
  let child: ChildProcess | undefined;
  let discord: FakeDiscord | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await discord?.stop();
  });

  it('without a token, runs the console on the bundled digest and exits at end of input', async () => {
    child = startBot({});
    const out = collect(child);
    child.stdin?.end('/search kv cache\n/latest\n');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(out.stdout()).toContain('local console (no DISCORD_TOKEN set)');
    expect(out.stdout()).toContain('🔎 `kv cache` · 5 papers');
    expect(out.stdout()).toContain('🆕 The 5 newest papers of 58');
  });

  it('stops at once with a clear message when the digest folder cannot be read, instead of waiting on it', async () => {
    child = startBot({ DIGEST_DIR: path.join(tmpdir(), 'no-such-digest-folder') });
    const out = collect(child);
    child.stdin?.end('/latest\n');
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(out.stderr()).toContain(`DIGEST_DIR: cannot read the digest folder ${path.join(tmpdir(), 'no-such-digest-folder')} (ENOENT)`);
  });

  it('with a token, registers the commands globally, answers them, and stops cleanly on SIGTERM', async () => {
    discord = await new FakeDiscord().start();
    child = startBot({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, LOG_LEVEL: 'debug', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'bot-data-')) });
    const out = collect(child);
    const fake = discord;
    // Ready: logged in, commands registered, the digest loaded (answers before that say they are partial).
    await fake.waitFor(() => (out.stderr().includes('"msg":"bot ready"') ? true : undefined), 30_000);
    expect(fake.commands.global.map((command) => command.name)).toEqual([
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
    ]);

    // The paper cards each command shows on the bundled 58-paper seed, as [title, url].
    const card = (arxivId: string, title: string) => [title, `https://huggingface.co/papers/${arxivId}`];
    const cardsOf = async (name: string, options: Record<string, string>) => {
      const message = await fake.finalMessage(fake.slashCommand(name, options).id);
      expect(message.allowed_mentions).toEqual({ parse: [] });
      return (message.embeds as { title: string; url: string }[]).map((embed) => [embed.title, embed.url]);
    };
    // "ringatten" is a prefix of one paper's title word "RingAttention".
    expect(await cardsOf('search', { query: 'ringatten' })).toEqual([
      card('2402.08268', 'World Model on Million-Length Video And Language With RingAttention'),
    ]);
    // The five newest of the seed by date.
    expect(await cardsOf('latest', {})).toEqual([
      card('2606.12195', 'InternVideo3: Agentify Foundation Models with Multimodal Contextual Reasoning'),
      card('2605.14589', 'EndPrompt: Efficient Long-Context Extension via Terminal Anchoring'),
      card('2605.13511', 'Many-Shot CoT-ICL: Making In-Context Learning Truly Learn'),
      card('2605.01278', 'Valley3: Scaling Omni Foundation Models for E-commerce'),
      card('2604.26565', 'DenseStep2M: A Scalable, Training-Free Pipeline for Dense Instructional Video Annotation'),
    ]);
    // The seed's two surveys, newest first.
    expect(await cardsOf('topic', { name: 'surveys' })).toEqual([
      card('2503.17407', 'A Comprehensive Survey on Long Context Language Modeling'),
      card('2311.12351', 'Advancing Transformer Architecture in Long-Context Large Language Models: A Comprehensive Survey'),
    ]);
    // Random: exactly one card, and it is a seed paper's, its title with its own link.
    const seedCards = (await loadDigest(SEEDS_DIR)).papers.map((paper) => card(paper.arxivId ?? '', paper.title));
    expect(seedCards).toHaveLength(58);
    const [randomCard, ...more] = await cardsOf('random', {});
    expect(more).toEqual([]);
    expect(seedCards).toContainEqual(randomCard);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(out.stderr()).toContain('"msg":"shutting down"');
    expect(out.stderr()).not.toContain(TOKEN);
  });
});

describe('SIGHUP', () => {
  it('reloads the digest folder and topics.json without a restart', { timeout: 60_000 }, async () => {
    const discord = await new FakeDiscord().start();
    const dirs = await tempBotDirs();
    const bot = await spawnBot(discord, botEnv(discord, TOKEN, dirs, { LOG_LEVEL: 'info' }));
    try {
      const zebrafish = { id: 'zebrafish', name: 'Zebrafish studies', description: 'Papers about zebrafish.', terms: ['zebrafish'] };
      await writeFile(path.join(dirs.digestDir, 'topics.json'), JSON.stringify([zebrafish]));
      const loadsBefore = bot.log().split('"msg":"digest loaded"').length;
      bot.child.kill('SIGHUP');
      await discord.waitFor(() => (bot.log().split('"msg":"digest loaded"').length > loadsBefore ? true : undefined), 30_000);
      const [choices] = await discord.responsesOf(discord.autocomplete('topic', 'name', 'zebra').id, 1, 10_000);
      expect(choices?.data?.choices).toEqual([{ name: 'Zebrafish studies (0 papers)', value: 'zebrafish' }]);
      expect(bot.child.exitCode).toBeNull(); // still the same process
    } finally {
      bot.child.kill('SIGTERM');
      await once(bot.child, 'exit');
      await discord.stop();
      await dirs.remove();
    }
  });
});
