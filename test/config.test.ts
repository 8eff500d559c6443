import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, parseConfig } from '../src/config.js';

describe('parseConfig', () => {
  it('defaults to the console on the bundled seeds', () => {
    expect(parseConfig({})).toEqual({
      discordToken: undefined,
      clientId: undefined,
      guildId: undefined,
      apiUrl: undefined,
      digestDir: 'seeds',
      logLevel: 'info',
      maxDigestFileBytes: 20 * 1024 * 1024,
      askCooldownSeconds: 10,
      model: undefined,
      dataDir: 'data',
      announceChannelId: undefined,
      feedUrl: undefined,
      feedIntervalMs: 30 * 60_000,
      shardCount: 'auto',
      shardIds: undefined,
      announcer: true,
      healthPort: undefined,
      unfurlLinks: false,
      hfApiUrl: 'https://huggingface.co',
      unfurlCooldownMs: 30_000,
      digestPostMinutes: 9 * 60,
    });
  });

  it('reads DIGEST_POST_TIME as a UTC time of day, and refuses anything else', () => {
    expect(parseConfig({ DIGEST_POST_TIME: '17:30' }).digestPostMinutes).toBe(17 * 60 + 30);
    expect(() => parseConfig({ DIGEST_POST_TIME: '5pm' })).toThrow('DIGEST_POST_TIME: must be a UTC time of day as HH:MM, such as 09:00 or 17:30');
  });

  it('turns link unfurls on only when asked, and reads their cooldown (0: none)', () => {
    expect(parseConfig({ UNFURL_LINKS: 'true', HF_API_URL: 'http://127.0.0.1:9/', UNFURL_COOLDOWN: '2m' })).toMatchObject({
      unfurlLinks: true,
      hfApiUrl: 'http://127.0.0.1:9',
      unfurlCooldownMs: 120_000,
    });
    expect(parseConfig({ UNFURL_COOLDOWN: '0' }).unfurlCooldownMs).toBe(0);
    expect(() => parseConfig({ UNFURL_COOLDOWN: 'soon' })).toThrow('UNFURL_COOLDOWN: must be 0 (no cooldown) or a duration such as 30s or 2m');
    expect(() => parseConfig({ UNFURL_LINKS: 'yes' })).toThrow('UNFURL_LINKS');
  });

  it('reads a range of shards per machine, and says what is wrong with a bad one', () => {
    expect(parseConfig({ SHARD_COUNT: '8', SHARD_IDS: '0-3' })).toMatchObject({ shardCount: 8, shardIds: [0, 1, 2, 3] });
    expect(parseConfig({ SHARD_COUNT: '8', SHARD_IDS: '4,6, 5' })).toMatchObject({ shardIds: [4, 5, 6] });
    expect(parseConfig({ ANNOUNCER: 'false' }).announcer).toBe(false);
    // Beyond one machine, the one that runs shard 0 announces unless told otherwise.
    expect(parseConfig({ SHARD_COUNT: '8', SHARD_IDS: '0-3' }).announcer).toBe(true);
    expect(parseConfig({ SHARD_COUNT: '8', SHARD_IDS: '4-7' }).announcer).toBe(false);
    expect(parseConfig({ SHARD_COUNT: '8', SHARD_IDS: '4-7', ANNOUNCER: 'true' }).announcer).toBe(true);
    expect(() => parseConfig({ SHARD_IDS: '0-3' })).toThrow('SHARD_IDS: needs SHARD_COUNT');
    expect(() => parseConfig({ SHARD_COUNT: '4', SHARD_IDS: '2-5' })).toThrow('SHARD_IDS: 4, 5 not below SHARD_COUNT (4)');
    expect(() => parseConfig({ SHARD_COUNT: '4', SHARD_IDS: '3-1' })).toThrow('SHARD_IDS: must be shard ids such as 0,1 or a range such as 0-3');
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    expect(parseConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: '  ', LOG_LEVEL: '' }).discordToken).toBeUndefined();
  });

  it('reports every bad variable in one error, without echoing values', () => {
    const env = { DISCORD_TOKEN: 'short secret', DISCORD_GUILD_ID: 'my-server', DISCORD_API_URL: 'ftp://x', LOG_LEVEL: 'loud', MAX_DIGEST_FILE_BYTES: '-1' };
    let error: unknown;
    try {
      parseConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'DISCORD_TOKEN: does not look like a bot token',
      'DISCORD_GUILD_ID: must be a Discord id (17–20 digits)',
      'DISCORD_API_URL: must be an http(s) URL such as https://discord.com/api',
      'LOG_LEVEL: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
      'MAX_DIGEST_FILE_BYTES: Too small: expected number to be >0',
    ]);
    expect((error as Error).message).not.toContain('short secret');
  });

  it('never includes the token when described for logs', () => {
    const config = parseConfig({ DISCORD_TOKEN: 'a'.repeat(40), DISCORD_API_URL: 'http://127.0.0.1:9/api/' });
    expect(config.apiUrl).toBe('http://127.0.0.1:9/api');
    expect(JSON.stringify(describeConfig(config))).not.toContain('a'.repeat(40));
  });
});

describe('the logger', () => {
  it('redacts tokens and API keys wherever they appear in logged objects', async () => {
    const { memoryLogger } = await import('./support/memory-log.js');
    const logs = memoryLogger();
    const secret = 'MTIz.secret-token-value.abcdefghijklmnop';
    logs.log.info(
      { token: secret, config: { discordToken: secret, model: { apiKey: secret } }, request: { headers: { authorization: `Bot ${secret}` } } },
      'x',
    );
    expect(logs.text()).not.toContain(secret);
    expect(logs.lines()[0]).toMatchObject({ token: '[redacted]', config: { discordToken: '[redacted]', model: { apiKey: '[redacted]' } } });
  });
});

describe('.env.example', () => {
  it('documents every variable the bot reads, and parses as a valid configuration', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseEnv } = await import('node:util');
    const { ENV_VARIABLES } = await import('../src/config.js');
    const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const documented = [...text.matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]);
    expect([...documented].sort()).toEqual([...ENV_VARIABLES].sort());
    expect(() => parseConfig(parseEnv(text))).not.toThrow();
  });
});
