import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecretKey, REDACTED, redactLogLine, redactText, redactValue } from '../../src/log-redaction.js';

/** A bot token of Discord's shape: base64 of the bot's id, a timestamp, an HMAC (made up). */
const BOT_TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAx.GhT9kQ.x2Yd7Qm4eVr8Lp0sNk3Wc6Zb1Ja5Uf9Hi2Og';
/** A real interaction token's shape: "interaction:" and the rest, in base64url. */
const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246MTI1MDAwMDAwMDAwMDAwMDAwMTpGb29CYXJCYXpRdXV4Q29ycmVjdEhvcnNl';

describe('redactText: exact redactions', () => {
  it.each([
    // discord.js puts the whole route in a DiscordAPIError's url: the token is the third segment.
    [
      'https://discord.com/api/v10/interactions/1250000000000000001/interaction-token-1250000000000000001/callback?with_response=false',
      `https://discord.com/api/v10/interactions/1250000000000000001/${REDACTED}/callback?with_response=false`,
    ],
    [
      'PATCH http://127.0.0.1:40123/api/v10/webhooks/100000000000000001/abc-DEF_123/messages/@original failed',
      `PATCH http://127.0.0.1:40123/api/v10/webhooks/100000000000000001/${REDACTED}/messages/@original failed`,
    ],
    ['https://discord.com/api/webhooks/123456789/tok3n?wait=true', `https://discord.com/api/webhooks/123456789/${REDACTED}?wait=true`],
    [
      'Request cannot be constructed from a URL that includes credentials: http://llm:hunter2@127.0.0.1:9/v1/chat/completions',
      `Request cannot be constructed from a URL that includes credentials: http://${REDACTED}@127.0.0.1:9/v1/chat/completions`,
    ],
    // The authority ends at its last @: a password with a raw @ goes too.
    ['https://user:p@ss@host.example/x', `https://${REDACTED}@host.example/x`],
    ['https://hf_tokenonly@huggingface.co/api', `https://${REDACTED}@huggingface.co/api`],
    ['https://feed.example/api/daily_papers?date=2026-06-09&key=abc123', `https://feed.example/api/daily_papers?date=2026-06-09&key=${REDACTED}`],
    [
      'http://h/?api_key=k1&token=t2&access_token=t3&hf_token=t4#sig=s5',
      `http://h/?api_key=${REDACTED}&token=${REDACTED}&access_token=${REDACTED}&hf_token=${REDACTED}#sig=${REDACTED}`,
    ],
    ['https://s3.example/o?X-Amz-Credential=AK%2F2026&X-Amz-Signature=beef', `https://s3.example/o?X-Amz-Credential=${REDACTED}&X-Amz-Signature=${REDACTED}`],
    [`identify with ${BOT_TOKEN}, then go`, `identify with ${REDACTED}, then go`],
    [`Bot ${BOT_TOKEN}.extra.parts`, `Bot ${REDACTED}`],
    [`token ${INTERACTION_TOKEN} expired`, `token ${REDACTED} expired`],
    ['authorization: Bearer sk-live-123', `authorization: Bearer ${REDACTED}`],
    ['{"Authorization":"Bot abc.def"}', `{"Authorization":"Bot ${REDACTED}"}`],
  ])('%s', (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it.each([
    // What the bot logs every day: none of it is a secret, and none of it may change.
    'http://127.0.0.1:8080/health',
    'https://huggingface.co/api/daily_papers?date=2026-06-09&limit=100',
    'https://arxiv.org/abs/2501.12345v2 and https://huggingface.co/papers/2501.12345',
    'mail someone@example.com about paper 2605.14589',
    'GET /api/v10/applications/100000000000000001/commands',
    'the route /interactions/:id/:token/callback hit a rate limit',
    'skipped 3 files that are not digest files (a.json, b.json, c.json); the first: a.json:1: not a list',
    'model answered HTTP 500 after 1,200 ms: connect ECONNREFUSED 127.0.0.1:11434',
    'RingAttention.long-context.extension',
  ])('leaves ordinary text as it is: %s', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('redactValue and redactLogLine', () => {
  it('blanks fields named like credentials at any depth, and redacts every string, keys included', () => {
    const value = {
      msg: 'could not answer interaction',
      err: { message: 'Unknown interaction', url: 'http://d/api/v10/interactions/1/tok/callback', cause: { stack: `Error: x\n  at http://u:pw@h/` } },
      request: { headers: { Authorization: `Bot ${BOT_TOKEN}`, 'X-Api-Key': 'k' }, api_key: 'k2' },
      config: { discordToken: '[set]', model: { apiKey: null } },
      list: [{ token: 'interaction-token-5' }, 'https://h/?token=t'],
      ['https://u:pw@keyed.example/']: 1,
      tokens: 400, // a count of model tokens: not a credential
    };
    expect(redactValue(value)).toEqual({
      msg: 'could not answer interaction',
      err: {
        message: 'Unknown interaction',
        url: `http://d/api/v10/interactions/1/${REDACTED}/callback`,
        cause: { stack: `Error: x\n  at http://${REDACTED}@h/` },
      },
      request: { headers: { Authorization: REDACTED, 'X-Api-Key': REDACTED }, api_key: REDACTED },
      config: { discordToken: REDACTED, model: { apiKey: null } },
      list: [{ token: REDACTED }, `https://h/?token=${REDACTED}`],
      [`https://${REDACTED}@keyed.example/`]: 1,
      tokens: 400,
    });
  });

  it.each([
    'token',
    'Token',
    'discordToken',
    'api_key',
    'apiKey',
    'x-api-key',
    'Authorization',
    'proxy-authorization',
    'password',
    'client_secret',
    'set-cookie',
  ])('counts %s as a credential field', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['tokens', 'key', 'url', 'keywords', 'interaction', 'command'])('does not count %s as a credential field', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });

  it('rewrites a pino line field by field, keeping the field order and the newline', () => {
    const line = `{"level":50,"time":1,"app":"paper-digest-bot","err":{"url":"/webhooks/9/tok/messages/@original"},"token":"t","msg":"failed"}\n`;
    expect(redactLogLine(line)).toBe(
      `{"level":50,"time":1,"app":"paper-digest-bot","err":{"url":"/webhooks/9/${REDACTED}/messages/@original"},"token":"${REDACTED}","msg":"failed"}\n`,
    );
  });

  it('redacts a line that is not JSON as plain text, so nothing slips through', () => {
    expect(redactLogLine(`not json ${BOT_TOKEN}\n`)).toBe(`not json ${REDACTED}\n`);
  });
});

// Properties. The secrets are drawn from their real alphabets; the text around them is anything.
const b64 = (minLength: number, maxLength: number) =>
  fc.string({ minLength, maxLength, unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') });
const snowflake = fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n }).map(String);
const botToken = fc.tuple(b64(23, 27), b64(6, 6), b64(27, 38)).map((parts) => parts.join('.'));
const interactionToken = fc.oneof(
  snowflake.map((id) => `interaction-token-${id}`),
  b64(20, 120).map((rest) => `aW50ZXJhY3Rpb246${rest}`),
  b64(8, 120),
);
/** A password as a URL carries it: unreserved and sub-delimiter characters, percent escapes, raw @. */
const urlPassword = fc
  .array(fc.oneof(fc.constantFrom(..."abcXYZ019-._~!$&'()*+,;=:@"), fc.constantFrom('%2F', '%40', '%3A', '%20')), { minLength: 8, maxLength: 40 })
  .map((parts) => parts.join(''));
const queryValue = fc.string({ minLength: 8, maxLength: 60, unit: fc.constantFrom(...'abcXYZ0189-._~%+/=') });
const scheme = fc.constantFrom('http', 'https', 'HTTPS', 'wss', 'git+ssh');
const host = fc.constantFrom('127.0.0.1:11434', 'api.example.com', 'localhost', '[::1]:8080');
const paramName = fc.constantFrom('key', 'api_key', 'apikey', 'token', 'access_token', 'hf_token', 'secret', 'password', 'sig', 'X-Amz-Signature', 'auth');

/** A secret and the text it is embedded in, as the bot would log it: `secrets` are what must not survive. */
const embedded: fc.Arbitrary<{ form: string; secrets: string[] }> = fc.oneof(
  botToken.map((token) => ({ form: token, secrets: [token, token.split('.')[0] as string, token.split('.')[2] as string] })),
  fc.tuple(botToken, fc.constantFrom('Bot ', 'Authorization: Bot ', '"token":"')).map(([token, lead]) => ({ form: `${lead}${token}`, secrets: [token] })),
  interactionToken.filter((token) => token.startsWith('aW50ZXJhY3Rpb246')).map((token) => ({ form: token, secrets: [token.slice('aW50ZXJhY3Rpb246'.length)] })),
  fc
    .tuple(snowflake, interactionToken, fc.constantFrom('/callback', '/callback?with_response=true', ''))
    .map(([id, token, tail]) => ({ form: `https://discord.com/api/v10/interactions/${id}/${token}${tail}`, secrets: [token] })),
  fc
    .tuple(snowflake, interactionToken, fc.constantFrom('/messages/@original', '/messages/1250000000000000009', '?wait=true', ''))
    .map(([id, token, tail]) => ({ form: `http://127.0.0.1:40000/api/v10/webhooks/${id}/${token}${tail}`, secrets: [token] })),
  fc
    .tuple(scheme, b64(1, 20), urlPassword, host, fc.constantFrom('', '/', '/v1/chat/completions', '?q=1'))
    .map(([s, user, password, h, tail]) => ({ form: `${s}://${user}:${password}@${h}${tail}`, secrets: [`${user}:${password}`] })),
  fc
    .tuple(scheme, host, paramName, queryValue, fc.constantFrom('?', '?date=2026-06-09&', '#'), fc.constantFrom('', '&page=2', '#frag'))
    .map(([s, h, name, value, lead, tail]) => ({ form: `${s}://${h}/api${lead}${name}=${value}${tail}`, secrets: [value] })),
);
/** Anything at all around it: glued letters, quotes, newlines, other scripts. */
const around = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: 'grapheme' }),
  fc.constantFrom('', ' ', '\n', '"', "'", '(', ')', ',', '.', '@', '?', '&', 'x'),
);

describe('redactText: properties', () => {
  it('never lets a token or credential embedded anywhere in any text survive', () => {
    fc.assert(
      fc.property(around, embedded, around, (before, { form, secrets }, after) => {
        // The surrounding text must not hold the secret itself, or it would be there to find regardless.
        fc.pre(secrets.every((secret) => !before.includes(secret) && !after.includes(secret)));
        const redacted = redactText(`${before}${form}${after}`);
        for (const secret of secrets) expect(redacted).not.toContain(secret);
        expect(redacted).toContain(REDACTED);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the secret out of a whole pino line too, wherever in the object it sits', () => {
    fc.assert(
      fc.property(embedded, fc.constantFrom('msg', 'url', 'stack', 'reason'), fc.nat(3), ({ form, secrets }, key, depth) => {
        let value: unknown = { [key]: `failed: ${form}` };
        for (let level = 0; level < depth; level++) value = { nested: [value] };
        const line = redactLogLine(`${JSON.stringify({ level: 50, time: 1, err: value })}\n`);
        for (const secret of secrets) expect(line).not.toContain(JSON.stringify(secret).slice(1, -1));
        expect(() => JSON.parse(line) as unknown).not.toThrow();
      }),
    );
  });

  /** Text as the bot's ordinary log lines hold it: words, numbers, paths, ids, plain URLs, e-mail addresses. */
  const ordinaryPiece = fc.oneof(
    fc.stringMatching(/^[A-Za-z]{1,12}$/),
    fc.integer({ min: 0, max: 10_000_000 }).map(String),
    snowflake,
    fc.constantFrom('2605.14589', 'a.json:12', '/api/v10/channels/300000000000000001/messages', 'interaction', 'token', 'key', 'Bot', 'Bearer'),
    fc
      .tuple(
        fc.constantFrom('http', 'https'),
        host,
        fc.stringMatching(/^(\/[a-z0-9_.-]{1,10}){0,3}$/),
        fc.constantFrom('', '?date=2026-06-09', '?q=kv+cache&page=2', '#top'),
      )
      .map(([s, h, path, query]) => `${s}://${h}${path}${query}`),
    fc.tuple(fc.stringMatching(/^[a-z]{1,10}$/), fc.constantFrom('example.com', 'hf.co')).map(([name, domain]) => `${name}@${domain}`),
  );
  const ordinaryText = fc
    .array(fc.tuple(ordinaryPiece, fc.constantFrom(' ', ', ', '. ', ': ', ' (', ') ', ' - ', '\n', '; ')), { maxLength: 30 })
    .map((pairs) => pairs.flat().join(''));

  it('leaves ordinary text unchanged', () => {
    fc.assert(
      fc.property(ordinaryText, (text) => {
        expect(redactText(text)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same text when redacting twice (the worker redacts, then the main thread does)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.tuple(around, embedded, around).map(([a, { form }, b]) => `${a}${form}${b}`),
        ),
        (text) => {
          const once = redactText(text);
          expect(redactText(once)).toBe(once);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('takes linear time on long hostile lines (no catastrophic backtracking)', () => {
    // Each shape is a near miss of a pattern, repeated: 200,000 characters must take well under a second.
    for (const unit of ['a.', 'https://a', '?a_', 'a', 'webhooks/1/', 'authorization:', 'x@']) {
      const text = unit.repeat(Math.ceil(200_000 / unit.length));
      const started = performance.now();
      redactText(text);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
