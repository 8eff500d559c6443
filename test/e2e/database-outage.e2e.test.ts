import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start-bot.js';
import { botEnv, startTestBot, tempBotDirs } from '../support/bot-harness.js';
import { CHANNEL_ID, FakeDiscord } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { postgresBin, startCluster, type PostgresCluster } from '../support/postgres-cluster.js';
import { isCi } from '../setup/require-real-data.js';

const TOKEN = 'e2e-db-outage-token.abcdefghijklmnopq';
/** How long PostgreSQL stays down: the 20 s, longer than the pool's 5 s connection timeout. */
const OUTAGE_MS = 20_000;
const DB_DOWN = "⏳ The bot's database can't be reached right now. Searches and answers still work; please try this again in a minute.";
type Message = { content?: string; embeds?: { title?: string; url?: string }[]; components?: { components: { custom_id?: string; label?: string }[] }[] };

const bin = postgresBin();
if (bin === null) {
  // CI must run it (test/setup/postgres.ts accepts a TEST_DATABASE_URL without initdb; this test needs a server it can stop).
  if (isCi(process.env.CI)) throw new Error('CI: the database-outage e2e needs initdb and pg_ctl to run a PostgreSQL of its own (.ci/run installs them)');
  process.stderr.write('database-outage e2e skipped: no initdb and pg_ctl to run a PostgreSQL of its own\n');
}

// A server of this file's own (not the suite's shared one): the test stops it and starts it again.
describe.skipIf(bin === null)('PostgreSQL down for 20 s mid-run, through the real discord.js client', { timeout: 120_000 }, () => {
  let cluster: PostgresCluster;
  let discord: FakeDiscord;
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
  let bot: RunningBot;
  const logs = memoryLogger('info');

  const health = async () => (await (await fetch(`http://127.0.0.1:${bot.healthPort as number}/health`)).json()) as { status: string; database: string };
  const reply = async (name: string, options: Record<string, string | number> = {}) => {
    const { id } = discord.slashCommand(name, options);
    return { id, message: (await discord.finalMessage(id, 15_000)) as Message };
  };

  beforeAll(async () => {
    cluster = await startCluster(bin as string);
    discord = await new FakeDiscord().start();
    dirs = await tempBotDirs();
    bot = await startTestBot(botEnv(discord, TOKEN, dirs, { DATABASE_URL: cluster.url, HEALTH_PORT: '0' }), logs.log);
  });

  afterAll(async () => {
    await bot?.stop();
    await discord?.stop();
    await dirs?.remove();
    cluster?.stop();
  });

  it('keeps searching, says "try again in a minute" for what needs the database, and loses or doubles nothing once it is back', async () => {
    // Before: a paper saved, and the database reported healthy.
    const card = await reply('paper', { title: '2402.08268' });
    const save = card.message.components?.flatMap((row) => row.components).find((button) => button.label === 'Save')?.custom_id as string;
    const [saved] = await discord.responsesOf(discord.clickButton({ interaction: card.id }, save).id, 1, 15_000);
    expect(saved?.data?.content).toMatch(/\(1 in your list\)/);
    expect(await health()).toMatchObject({ status: 'ok', database: 'ok' });

    cluster.pause();
    const downSince = Date.now();
    // A new paper arrives while the database is down: its announcement cannot be recorded yet
    // (or the bot stopped leading first, when its lead check came between: then the comparison
    // of the digest with the store announces it when it leads again). Either way it waits.
    await writeFile(
      path.join(dirs.digestDir, 'outage.json'),
      JSON.stringify([{ paper: { id: '2611.00404', title: 'Announced After The Outage', summary: 'Recorded late.', publishedAt: '2026-11-25T00:00:00Z' } }]),
    );
    await discord.waitFor(async () => ((await bot.library.api.paper('2611.00404')) ? true : undefined), 15_000);

    // Searches and answers come from the local index.
    const search = await reply('search', { query: 'kv cache' });
    expect(search.message.embeds?.length).toBeGreaterThan(0);
    const answer = await reply('ask', { question: 'What MFU does MEMO achieve?' });
    expect(answer.message.content).not.toBe(DB_DOWN);
    expect(JSON.stringify(answer.message)).toContain('MFU');
    // What needs the database says so, privately.
    const listing = await reply('saved');
    expect(listing.message.content).toBe(DB_DOWN);
    expect(discord.isPrivate(listing.id)).toBe(true);
    const report = await health();
    expect(report.status).toBe('degraded');
    expect(report.database).toMatch(/^error: the database is unreachable: /);
    expect(discord.channelMessages).toEqual([]);

    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downSince)));
    cluster.resume();

    // Back: the announcement goes out once, the saved list is whole, the health is ok again.
    await discord.waitFor(() => (discord.channelMessages.length > 0 ? true : undefined), 30_000);
    await discord.waitFor(async () => ((await bot.stores?.outbox.backlog()) === 0 ? true : undefined), 15_000);
    expect(discord.channelMessages.map((message) => [message.channelId, message.body.content])).toEqual([
      [CHANNEL_ID, expect.stringMatching(/^📰 1 new paper · /)],
    ]);
    expect(JSON.stringify(discord.channelMessages[0]?.body)).toContain('Announced After The Outage');
    const after = await reply('saved');
    expect(after.message.content?.split('\n')[0]).toBe('🔖 **Your saved papers** · 1 · newest saved first');
    expect(await health()).toMatchObject({ status: 'ok', database: 'ok' });
    expect(discord.rejections).toEqual([]);
    // The lead went with the database (its check runs every 5 s, the outage lasted 20) and came back with it, and the paper
    // that arrived meanwhile was announced by the comparison at the new lead. The outbox ran on (it posts for this machine's
    // guilds, leading or not): it told the outage once, not at each of its polls every 2 s, and when it was over.
    const outboxLines = logs.lines().filter((line) => /outbox|database reachable again/.test(String(line.msg)) && Number(line.level) >= 30);
    expect(outboxLines.map((line) => line.msg)).toEqual([
      'outbox waits: the database is unreachable',
      'database reachable again; the outbox posts what waited',
    ]);
    const leadLines = logs.lines().filter((line) => /^(leading|lost the lead of) the new-paper pipeline/.test(String(line.msg)));
    expect(leadLines.map((line) => String(line.msg).split(':')[0])).toEqual([
      'leading the new-paper pipeline',
      'lost the lead of the new-paper pipeline',
      'leading the new-paper pipeline',
    ]);
  });
});
