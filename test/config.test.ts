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
      databaseUrl: undefined,
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
      unfurlLookupsPerMinute: 20,
      digestPostMinutes: 9 * 60,
      retentionDays: 30,
      subscriptionLimits: { perGuild: 25, perChannel: 5 },
      memoryLimitMb: undefined,
      indexThreads: 'auto',
      budgets: {
        user: { perMinute: 20, burst: 8 },
        guild: { perMinute: 120, burst: 40 },
        autocompleteUser: { perMinute: 60, burst: 10 },
        autocompleteGuild: { perMinute: 600, burst: 100 },
      },
    });
  });

  it('reads the subscription limits, and refuses one below 1 (a guild that may subscribe nothing is not a limit)', () => {
    expect(parseConfig({ MAX_SUBSCRIPTIONS_PER_GUILD: '100', MAX_SUBSCRIPTIONS_PER_CHANNEL: '1' }).subscriptionLimits).toEqual({
      perGuild: 100,
      perChannel: 1,
    });
    expect(() => parseConfig({ MAX_SUBSCRIPTIONS_PER_GUILD: '0' })).toThrow('MAX_SUBSCRIPTIONS_PER_GUILD');
    expect(() => parseConfig({ MAX_SUBSCRIPTIONS_PER_CHANNEL: 'five' })).toThrow('MAX_SUBSCRIPTIONS_PER_CHANNEL');
  });

  it('reads INDEX_THREADS as 1, 2 or auto (the default), and refuses anything else', () => {
    expect(parseConfig({}).indexThreads).toBe('auto');
    expect(parseConfig({ INDEX_THREADS: '1' }).indexThreads).toBe(1);
    expect(parseConfig({ INDEX_THREADS: ' 2 ' }).indexThreads).toBe(2);
    expect(parseConfig({ INDEX_THREADS: 'auto' }).indexThreads).toBe('auto');
    for (const bad of ['0', '3', 'two', '1.5']) expect(() => parseConfig({ INDEX_THREADS: bad }), bad).toThrow(/INDEX_THREADS: must be 1, 2 or auto/);
  });

  it('reads MEMORY_LIMIT_MB as whole megabytes; 0 or empty turns the watch off; anything else is refused, naming the variable but not the value', () => {
    expect(parseConfig({ MEMORY_LIMIT_MB: '1536' }).memoryLimitMb).toBe(1536);
    expect(parseConfig({ MEMORY_LIMIT_MB: ' 512 ' }).memoryLimitMb).toBe(512);
    expect(parseConfig({ MEMORY_LIMIT_MB: '0' }).memoryLimitMb).toBeUndefined();
    expect(parseConfig({ MEMORY_LIMIT_MB: '' }).memoryLimitMb).toBeUndefined();
    expect(parseConfig({}).memoryLimitMb).toBeUndefined();
    for (const bad of ['1.5GB', '-1', '1.5', 'lots', '2 GB', '0x400', '99999999']) {
      let error: unknown;
      try {
        parseConfig({ MEMORY_LIMIT_MB: bad });
      } catch (caught) {
        error = caught;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(['MEMORY_LIMIT_MB: must be a whole number of megabytes, such as 1536 (0 or empty: no memory watch)']);
    }
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
    expect(parseConfig({ DISCORD_SHARD_COUNT: '8', DISCORD_SHARD_IDS: '0-3' })).toMatchObject({ shardCount: 8, shardIds: [0, 1, 2, 3] });
    expect(parseConfig({ DISCORD_SHARD_COUNT: '8', DISCORD_SHARD_IDS: '4,6, 5' })).toMatchObject({ shardIds: [4, 5, 6] });
    expect(parseConfig({ ANNOUNCER: 'false' }).announcer).toBe(false);
    // Beyond one machine, the one that runs shard 0 announces unless told otherwise.
    expect(parseConfig({ DISCORD_SHARD_COUNT: '8', DISCORD_SHARD_IDS: '0-3' }).announcer).toBe(true);
    expect(parseConfig({ DISCORD_SHARD_COUNT: '8', DISCORD_SHARD_IDS: '4-7' }).announcer).toBe(false);
    expect(parseConfig({ DISCORD_SHARD_COUNT: '8', DISCORD_SHARD_IDS: '4-7', ANNOUNCER: 'true' }).announcer).toBe(true);
    expect(() => parseConfig({ DISCORD_SHARD_IDS: '0-3' })).toThrow('DISCORD_SHARD_IDS: needs DISCORD_SHARD_COUNT');
    expect(() => parseConfig({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '2-5' })).toThrow('DISCORD_SHARD_IDS: 4, 5 not below DISCORD_SHARD_COUNT (4)');
    expect(() => parseConfig({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '3-1' })).toThrow(
      'DISCORD_SHARD_IDS: must be shard ids such as 0,1 or a range such as 0-3',
    );
  });

  it('refuses the old SHARD_COUNT and SHARD_IDS names, which discord.js reads by itself, naming the new ones', () => {
    expect(() => parseConfig({ SHARD_COUNT: 'auto' })).toThrow('SHARD_COUNT: renamed DISCORD_SHARD_COUNT');
    expect(() => parseConfig({ SHARD_COUNT: '2', SHARD_IDS: '0' })).toThrow('SHARD_IDS: renamed DISCORD_SHARD_IDS');
    // Empty, as an old copied example leaves SHARD_IDS=, is unset like every other variable.
    expect(parseConfig({ SHARD_IDS: '' }).shardIds).toBeUndefined();
  });

  it('reads the optional embeddings endpoint: both EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL or neither', () => {
    expect(parseConfig({ EMBEDDINGS_BASE_URL: 'http://localhost:11434', EMBEDDINGS_MODEL: 'nomic-embed-text' }).embeddings).toEqual({
      baseUrl: 'http://localhost:11434',
      model: 'nomic-embed-text',
      apiKey: undefined,
      timeoutMs: 2000,
    });
    expect(
      parseConfig({ EMBEDDINGS_BASE_URL: 'https://embed.example/v1', EMBEDDINGS_MODEL: 'bge-m3', EMBEDDINGS_API_KEY: 'sk-x', EMBEDDINGS_TIMEOUT_MS: '750' })
        .embeddings,
    ).toEqual({ baseUrl: 'https://embed.example/v1', model: 'bge-m3', apiKey: 'sk-x', timeoutMs: 750 });
    expect(parseConfig({ EMBEDDINGS_API_KEY: 'sk-x' }).embeddings).toBeUndefined();
    expect(() => parseConfig({ EMBEDDINGS_BASE_URL: 'http://localhost:11434' })).toThrow(
      'EMBEDDINGS_MODEL: must be set too, to rank /ask with embeddings (or unset both)',
    );
    expect(() => parseConfig({ EMBEDDINGS_MODEL: 'nomic-embed-text' })).toThrow('EMBEDDINGS_BASE_URL: must be set too');
    expect(() => parseConfig({ EMBEDDINGS_BASE_URL: 'localhost:11434', EMBEDDINGS_MODEL: 'm' })).toThrow(
      'EMBEDDINGS_BASE_URL: must be an http(s) URL such as http://localhost:11434',
    );
    expect(() => parseConfig({ EMBEDDINGS_BASE_URL: 'http://localhost:11434', EMBEDDINGS_MODEL: 'm', EMBEDDINGS_TIMEOUT_MS: '10' })).toThrow(
      'EMBEDDINGS_TIMEOUT_MS',
    );
  });

  it('reads DATABASE_URL as a PostgreSQL URL, refuses any other without echoing it, and blanks its password when described for logs', () => {
    const url = 'postgres://bot:pg-secret-word@db.internal:5432/paperbot';
    const config = parseConfig({ DATABASE_URL: url });
    expect(config.databaseUrl).toBe(url);
    expect(parseConfig({ DATABASE_URL: 'postgresql://localhost/paperbot' }).databaseUrl).toBe('postgresql://localhost/paperbot');
    expect(describeConfig(config).databaseUrl).toBe('postgres://bot:[redacted]@db.internal:5432/paperbot');
    expect(JSON.stringify(describeConfig(config))).not.toContain('pg-secret-word');
    const refused = () => parseConfig({ DATABASE_URL: 'mysql://bot:other-secret@localhost/paperbot' });
    expect(refused).toThrow(/DATABASE_URL: must be a PostgreSQL URL such as postgres:\/\/bot:secret@localhost:5432\/paperbot/);
    expect(refused).not.toThrow(/other-secret/);
  });

  it('with DATABASE_URL every machine may lead the new-paper pipeline (one does at a time), unless ANNOUNCER=false', () => {
    const shard1 = { DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '1' };
    expect(parseConfig(shard1).announcer).toBe(false);
    expect(parseConfig({ ...shard1, DATABASE_URL: 'postgres://localhost/paperbot' }).announcer).toBe(true);
    expect(parseConfig({ ...shard1, DATABASE_URL: 'postgres://localhost/paperbot', ANNOUNCER: 'false' }).announcer).toBe(false);
  });

  it('never includes the embeddings API key when described for logs', () => {
    const config = parseConfig({ EMBEDDINGS_BASE_URL: 'http://127.0.0.1:9', EMBEDDINGS_MODEL: 'm', EMBEDDINGS_API_KEY: 'embeddings-secret-key' });
    expect(describeConfig(config).embeddings).toEqual({ baseUrl: 'http://127.0.0.1:9', model: 'm', apiKey: '[set]', timeoutMs: 2000 });
    expect(JSON.stringify(describeConfig(config))).not.toContain('embeddings-secret-key');
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

  it('redacts the embeddings API key, in the config and in the worker settings', async () => {
    const { memoryLogger } = await import('./support/memory-log.js');
    const logs = memoryLogger();
    const secret = 'embeddings-secret-key';
    logs.log.info({ config: { embeddings: { apiKey: secret } }, init: { embeddings: { apiKey: secret } }, embeddings: { apiKey: secret } }, 'x');
    expect(logs.text()).not.toContain(secret);
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
