import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { REDACTED } from '../../src/log-redaction.js';
import { memoryLogger } from '../support/memory-log.js';

const BOT_TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAx.GhT9kQ.x2Yd7Qm4eVr8Lp0sNk3Wc6Zb1Ja5Uf9Hi2Og';
const INTERACTION = '1250000000000000001';
const INTERACTION_TOKEN = `interaction-token-${INTERACTION}`;
const APPLICATION = '100000000000000001';

/** The error discord.js throws when Discord refuses a request: its `url` is the whole route, token included. */
function discordError(url: string, status: number): DiscordAPIError {
  return new DiscordAPIError({ code: 10062, message: 'Unknown interaction' }, 10062, status, 'POST', url, { body: { type: 4, data: { content: 'hi' } } });
}

/**
 * The real logger (a pino instance writing to memory) redacts what the bot logs, at every
 * place a secret has been seen to reach it. Each test logs the way the code does and reads
 * the JSON line back; the raw text is searched too, so no field can hide a secret.
 */
describe('the logger redacts every line', () => {
  it("blanks the interaction token in a failed callback's DiscordAPIError and keeps the rest of the error", () => {
    const logs = memoryLogger();
    const url = `https://discord.com/api/v10/interactions/${INTERACTION}/${INTERACTION_TOKEN}/callback?with_response=false`;
    logs.log.error({ interaction: INTERACTION, err: discordError(url, 404) }, 'could not answer interaction');
    expect(logs.text()).not.toContain(INTERACTION_TOKEN);
    const [line] = logs.lines();
    expect(line?.err).toMatchObject({
      type: 'DiscordAPIError',
      message: 'Unknown interaction',
      url: `https://discord.com/api/v10/interactions/${INTERACTION}/${REDACTED}/callback?with_response=false`,
      status: 404,
      method: 'POST',
      requestBody: { json: { type: 4, data: { content: 'hi' } } },
    });
    expect(line?.interaction).toBe(INTERACTION); // the id is not a secret: it stays for the reader
  });

  it('blanks the token of a webhook route (edits and follow-ups) wherever the error is nested', () => {
    const logs = memoryLogger();
    const url = `https://discord.com/api/v10/webhooks/${APPLICATION}/${INTERACTION_TOKEN}/messages/@original`;
    logs.log.warn({ failure: { attempt: 2, error: { url, rawError: { message: `401 at ${url}` } } } }, `edit failed: PATCH ${url}`);
    expect(logs.text()).not.toContain(INTERACTION_TOKEN);
    expect(logs.lines()[0]?.msg).toBe(`edit failed: PATCH https://discord.com/api/v10/webhooks/${APPLICATION}/${REDACTED}/messages/@original`);
  });

  it('follows cause chains: messages and stacks of every cause', () => {
    const logs = memoryLogger();
    const root = new TypeError('Request cannot be constructed from a URL that includes credentials: http://llm:s3cret-pass@127.0.0.1:9/v1');
    const middle = new Error(`login with ${BOT_TOKEN} failed`, { cause: root });
    logs.log.error({ err: new Error('model answer failed', { cause: middle }) }, 'model answer failed; using the extractive answer');
    const text = logs.text();
    expect(text).not.toContain('s3cret-pass');
    expect(text).not.toContain(BOT_TOKEN);
    const err = logs.lines()[0]?.err as { message: string; stack: string };
    // pino joins the causes' messages into the message, and their stacks into the stack.
    expect(err.message).toBe(
      `model answer failed: login with ${REDACTED} failed: Request cannot be constructed from a URL that includes credentials: http://${REDACTED}@127.0.0.1:9/v1`,
    );
    expect(err.stack).toContain(`caused by: TypeError: Request cannot be constructed from a URL that includes credentials: http://${REDACTED}@127.0.0.1:9/v1`);
  });

  it('redacts child bindings, query credentials and fields named like credentials at any depth', () => {
    const logs = memoryLogger();
    const child = logs.log.child({ feed: 'https://hf.example/api/daily_papers?token=feed-secret-1' });
    child.info(
      { token: 't-1', headers: { authorization: `Bot ${BOT_TOKEN}` }, config: { model: { apiKey: 'sk-2', baseUrl: 'https://u:pw-3@llm.example' } } },
      'no papers listed yet',
    );
    const text = logs.text();
    for (const secret of ['feed-secret-1', 't-1', BOT_TOKEN, 'sk-2', 'pw-3']) expect(text).not.toContain(secret);
    expect(logs.lines()[0]).toMatchObject({
      feed: `https://hf.example/api/daily_papers?token=${REDACTED}`,
      token: REDACTED,
      headers: { authorization: REDACTED },
      config: { model: { apiKey: REDACTED, baseUrl: `https://${REDACTED}@llm.example` } },
      msg: 'no papers listed yet',
    });
  });

  it("redacts the worker thread's logger (its own base, a plain write function) before the line leaves the thread", () => {
    const written: string[] = [];
    const log = createLogger('debug', { write: (line: string) => written.push(line) }, { thread: 'library' });
    log.warn({ reason: 'cannot reach the server (http://emb:emb-secret@127.0.0.1:1/v1)' }, 'embeddings endpoint failed');
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0] as string)).toMatchObject({ thread: 'library', reason: `cannot reach the server (http://${REDACTED}@127.0.0.1:1/v1)` });
    expect(written[0]).not.toContain('emb-secret');
    expect(written[0]?.endsWith('}\n')).toBe(true); // still one JSON line
  });
});
