import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autocompletePayload, memberPayloadOf as member, slashCommandPayload } from '../../scripts/fake-discord/interaction-payloads.js';
import { realDigestFolder } from '../../scripts/real-digest-folder.js';
import type { RunningBot } from '../../src/start-bot.js';
import { botEnv, startTestBot, withBudgets } from '../support/bot-harness.js';
import { FakeDiscord, SECOND_GUILD_ID, USER_ID } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { hasRealDigest, skipReasonUnlessRealDigest } from '../support/real-digest.js';

skipReasonUnlessRealDigest();
const TOKEN = 'e2e-abuse-token.abcdefghijklmnopqrstu';
/** The flooder is the fake's reader, the member its button clicks come from. */
const FLOODER = USER_ID;

/** Misspelt words of the field, two letters swapped in each, `length` characters of them: the costliest kind of query. */
function misspelt(seed: number, length: number): string {
  const words = 'transformer attention retrieval agent language model diffusion reasoning benchmark multimodal context compression'.split(' ');
  let text = '';
  for (let i = seed; text.length < length; i += 7) {
    const word = words[i % words.length] as string;
    const at = 1 + (i % (word.length - 2));
    text += `${word.slice(0, at)}${word[at + 1]}${word[at]}${word.slice(at + 2)} `;
  }
  return text.slice(0, length).trim();
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)] as number;

/**
 * One member floods the bot on the real digest (12,715 papers), at the production budgets:
 * 16 long misspelt searches and 30 long autocompletes at once, then "Next" twice a second for
 * 20 s. Meanwhile a hundred other members of both servers use it as usual. Issue 22's measure: their
 * /latest stays under 300 ms at p99, their autocomplete finds papers within 1 s (p90 of ten), and when the
 * flood is over a fresh call is answered at once (no backlog of abandoned calls runs first).
 */
describe.skipIf(!hasRealDigest)('one member flooding the bot on the real digest', { timeout: 240_000 }, () => {
  let discord: FakeDiscord;
  let bot: RunningBot;
  let dataDir: string;
  const logs = memoryLogger();

  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'data-'));
    const digestDir = realDigestFolder(path.join(dataDir, 'digest')) as string;
    bot = await startTestBot(withBudgets(botEnv(discord, TOKEN, { digestDir, dataDir }, { LOG_LEVEL: 'debug' })), logs.log);
  }, 180_000);
  afterAll(async () => {
    await bot?.stop();
    await discord?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const timed = async (id: string) => {
    const sent = performance.now();
    const [response] = await discord.responsesOf(id, 1, 10_000);
    return { ms: performance.now() - sent, response };
  };

  it("keeps everyone else's /latest and autocomplete fast, and leaves no abandoned work behind", async () => {
    // The page the flooder will press "Next" on.
    const first = discord.interact({ ...slashCommandPayload('search', { query: 'kv cache' }, {}), member: member(FLOODER) });
    await discord.finalMessage(first.id, 15_000);
    /** The Next button the page shows now (each press changes its custom id), or undefined on the last page. */
    const nextButton = () => {
      const shown = discord.store.get(discord.ledger.get(first.id)?.originalId ?? '')?.message as
        { components?: { components: { custom_id?: string; label?: string; disabled?: boolean }[] }[] } | undefined;
      const next = (shown?.components ?? []).flatMap((row) => row.components).find((button) => button.label === 'Next ▶');
      return next && !next.disabled ? next.custom_id : undefined;
    };
    expect(nextButton(), 'the search page has a Next button').toBeDefined();

    const flood: Promise<unknown>[] = [];
    for (let i = 0; i < 16; i++) {
      const { id } = discord.interact({ ...slashCommandPayload('search', { query: misspelt(i, 200) }, {}), member: member(FLOODER) });
      flood.push(discord.responsesOf(id, 1, 15_000));
    }
    for (let i = 0; i < 30; i++) {
      const { id } = discord.interact({ ...autocompletePayload('paper', 'title', misspelt(100 + i, 300)), member: member(FLOODER) });
      flood.push(discord.responsesOf(id, 1, 15_000));
    }
    const clicking = (async () => {
      for (let i = 0; i < 40; i++) {
        const next = nextButton();
        if (next === undefined) break;
        const { id } = discord.clickButton({ interaction: first.id }, next);
        flood.push(discord.responsesOf(id, 1, 15_000));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();

    // A hundred other members, one every 200 ms in both servers, each asking /latest; every
    // tenth also types a title. A hundred samples, so p99 is the second slowest.
    const latest: number[] = [];
    const typing: { ms: number; choices: number }[] = [];
    const asking: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) {
      const who = member(`400000000000001${String(i).padStart(3, '0')}`);
      const guild = i % 2 === 0 ? {} : { guild_id: SECOND_GUILD_ID };
      asking.push(
        (async () => {
          const asked = timed(discord.interact({ ...slashCommandPayload('latest', {}, {}), member: who, ...guild }).id);
          const typed =
            i % 10 === 0 ? timed(discord.interact({ ...autocompletePayload('paper', 'title', 'ring attention'), member: who, ...guild }).id) : undefined;
          latest.push((await asked).ms);
          if (typed) {
            const { ms, response } = await typed;
            typing.push({ ms, choices: (response?.data?.choices as unknown[] | undefined)?.length ?? 0 });
          }
        })(),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await Promise.all(asking);
    await clicking;
    await Promise.all(flood);

    // After the flood a fresh call is answered at once: no backlog of abandoned calls runs first.
    const after = await timed(discord.interact({ ...slashCommandPayload('latest', {}, {}), member: member('400000000000000199') }).id);
    const typingMs = typing.map((t) => t.ms);
    const figures = {
      latestP50: Math.round(percentile(latest, 50)),
      latestP99: Math.round(percentile(latest, 99)),
      autocompleteP90: Math.round(percentile(typingMs, 90)),
      autocompleteMax: Math.round(Math.max(...typingMs)),
      afterFloodMs: Math.round(after.ms),
      slowedDown: logs.lines().filter((line) => line.msg === 'interaction over budget').length,
      dropped: logs.lines().filter((line) => line.msg === 'library call dropped: its caller gave up before it started').length,
      finishedLate: logs.lines().filter((line) => line.msg === 'library call finished after its caller gave up').length,
    };
    console.info(`abuse figures: ${JSON.stringify(figures)}`);
    expect(figures.latestP99).toBeLessThanOrEqual(300);
    // Ten samples: the ninth slowest within 1 s, and every one found papers.
    expect(figures.autocompleteP90).toBeLessThanOrEqual(1000);
    expect(
      typing.every((t) => t.choices > 0),
      JSON.stringify(typing),
    ).toBe(true);
    expect(figures.afterFloodMs).toBeLessThanOrEqual(300);
    // The flooder was slowed down: most of the 16 searches, 30 autocompletes and 40 clicks never reached the library.
    expect(figures.slowedDown).toBeGreaterThan(40);
    expect(discord.rejections).toEqual([]);
  });
});
