import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start-bot.js';
import { botEnv, startTestBot, tempBotDirs } from '../support/bot-harness.js';
import { APPLICATION_ID, FakeDiscord, TOKEN_LIFETIME_MS } from '../support/fake-discord.js';
import { closeServer, listenOnLoopback } from '../support/loopback-server.js';
import { memoryLogger } from '../support/memory-log.js';

/** A bot token of Discord's shape (three base64url parts), so the test also sees it is never logged. */
const BOT_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GhT9kQ.e2e-log-redaction-hmac-abcdefghij';
/** Credentials in configured URLs: each must never reach a log line. */
const LLM_PASSWORD = 'llm-pass-7Q2xW';
const EMBEDDINGS_PASSWORD = 'emb-pass-9Zk4V';
const FEED_KEY = 'feed-pass-3Rt8U';

/**
 * The whole bot in this process (worker thread included) against the fake Discord, with
 * credentials in LLM_BASE_URL, EMBEDDINGS_BASE_URL and FEED_URL, through flows that put
 * secrets into log lines: a failed interaction callback (discord.js's error carries the
 * callback URL, token included), an edit through the interaction's webhook after its token
 * expired (the webhook URL), a model call and embeddings calls that fail on the credentials in
 * their URL (Node's fetch quotes the URL, in the main thread and in the worker), and feed polls
 * (logged with their URL). Every captured line is then searched for every secret.
 */
describe('no secret reaches the logs, through the real discord.js client', { timeout: 60_000 }, () => {
  let discord: FakeDiscord;
  let feed: Server;
  let feedUrl: string;
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
  let bot: RunningBot | undefined;
  let logs: ReturnType<typeof memoryLogger>;
  /** The interaction whose deferral moves the fake clock past its token's lifetime (see `start`). */
  let expiresAfterDeferral: string | undefined;

  beforeEach(async () => {
    expiresAfterDeferral = undefined;
    // Once that interaction's deferral is accepted, Discord's clock reads 15 minutes and one second later.
    discord = await new FakeDiscord({
      now: () =>
        performance.now() + (expiresAfterDeferral && discord.responses.get(expiresAfterDeferral)?.some((r) => r.type === 5) ? TOKEN_LIFETIME_MS + 1000 : 0),
    }).start();
    // The feed answers an empty listing: the poller logs its URL on every poll.
    feed = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
    feedUrl = await listenOnLoopback(feed);
    dirs = await tempBotDirs();
    logs = memoryLogger('trace');
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await discord.stop();
    await closeServer(feed);
    await dirs.remove();
  });

  async function start(worker: { blockEveryCallMs?: number } = {}): Promise<RunningBot> {
    const host = new URL(feedUrl).host;
    const env = botEnv(discord, BOT_TOKEN, dirs, {
      LLM_BASE_URL: `http://llm-user:${LLM_PASSWORD}@${host}`,
      LLM_MODEL: 'any',
      EMBEDDINGS_BASE_URL: `http://emb-user:${EMBEDDINGS_PASSWORD}@${host}`,
      EMBEDDINGS_MODEL: 'any',
      FEED_URL: `${feedUrl}/api/daily_papers?token=${FEED_KEY}`,
      FEED_INTERVAL: '1s',
    });
    bot = await startTestBot(env, logs.log, { worker });
    return bot;
  }
  const linesWith = (msg: RegExp) => logs.lines().filter((line) => msg.test(String(line.msg)));
  const logged = (msg: RegExp, count = 1) => discord.waitFor(() => (linesWith(msg).length >= count ? true : undefined), 20_000);

  /** Every secret of this run, and each interaction token the fake Discord issued, is absent from every captured line. */
  function expectNoSecretLogged(interactionTokens: string[]): void {
    const text = logs.text();
    expect(interactionTokens.length).toBeGreaterThan(0);
    // All at once, so a failure names every secret that leaked.
    expect([BOT_TOKEN, LLM_PASSWORD, EMBEDDINGS_PASSWORD, FEED_KEY, ...interactionTokens].filter((secret) => text.includes(secret))).toEqual([]);
  }

  it('a failed callback, a failed model call, failing embeddings (in the worker) and feed polls log no secret', async () => {
    await start();
    discord.failCallbacks = { count: 10, status: 500 };
    const failed = discord.slashCommand('latest', { count: 1 });
    await logged(/^could not answer interaction$/);
    discord.failCallbacks = { count: 0, status: 500 };
    // A confident answer goes to the model, whose URL Node's fetch refuses (and quotes) for its credentials.
    const ask = discord.slashCommand('ask', { question: 'What MFU does MEMO achieve?' });
    const answer = await discord.finalMessage(ask.id, 10_000);
    expect((answer.embeds as { description?: string }[])[0]?.description).toContain('achieving an MFU of 52.30%'); // the quoted answer
    await logged(/^model answer failed; using the extractive answer$/);
    await logged(/^embeddings endpoint failed/);
    await logged(/^no papers listed yet/, 2);

    expectNoSecretLogged([failed.token, ask.token]);
    // The lines are there, with the secrets blanked and the rest kept for whoever reads them.
    const [callback] = linesWith(/^could not answer interaction$/);
    expect((callback?.err as { url: string }).url).toContain(`/interactions/${failed.id}/[redacted]/callback`);
    const [model] = linesWith(/^model answer failed/);
    expect((model?.err as { message: string }).message).toContain('http://[redacted]@127.0.0.1:');
    const [embeddings] = linesWith(/^embeddings endpoint failed/);
    expect(embeddings).toMatchObject({ thread: 'library' });
    expect(String(embeddings?.reason)).toContain('http://[redacted]@127.0.0.1:');
    expect(linesWith(/^no papers listed yet/)[0]?.url).toBe(`${feedUrl}/api/daily_papers?token=[redacted]`);
  });

  it("an edit through the interaction's webhook after its token expired logs no secret", async () => {
    // Every library call takes 1.5 s: the router defers after 1 s, then edits the deferral in.
    await start({ blockEveryCallMs: 1500 });
    const search = discord.slashCommand('search', { query: 'kv cache' });
    expiresAfterDeferral = search.id;
    await logged(/^could not answer interaction$/);
    expect(discord.responses.get(search.id)?.map((response) => response.type)).toEqual([5]); // deferred, never edited in

    expectNoSecretLogged([search.token]);
    const [edit] = linesWith(/^could not answer interaction$/);
    expect(edit?.err).toMatchObject({ status: 401, url: expect.stringContaining(`/webhooks/${APPLICATION_ID}/[redacted]/messages/%40original`) }); // discord.js escapes the @
  });
});
