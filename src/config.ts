import { z } from 'zod';
import { parsePostTime } from './time/digest-period.js';
import { parseDuration } from './time/parse-duration.js';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The environment, as `.env.example` documents it. Empty values count as unset. */
const EnvSchema = z.object({
  DISCORD_TOKEN: z
    .string()
    .regex(/^\S{20,}$/, 'does not look like a bot token')
    .optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' }).optional(),
  DIGEST_DIR: z.string().min(1).default('seeds'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  MAX_DIGEST_FILE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a PostgreSQL URL such as postgres://bot:secret@localhost:5432/paperbot (empty: SQLite in DATA_DIR)' })
    .optional(),
  ANNOUNCE_CHANNEL_ID: snowflake.optional(),
  FEED_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://huggingface.co/api/daily_papers' }).optional(),
  FEED_INTERVAL: z
    .string()
    .default('30m')
    .refine((value) => (parseDuration(value) ?? 0) >= 1000, 'must be a duration of at least 1s, such as 2s, 15m or 1h'),
  DISCORD_SHARD_COUNT: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(1000)]).default('auto'),
  DISCORD_SHARD_IDS: z
    .string()
    .transform((value, context) => {
      const ids = parseShardIds(value);
      if (ids === null) context.addIssue({ code: 'custom', message: 'must be shard ids such as 0,1 or a range such as 0-3' });
      return ids ?? [];
    })
    .optional(),
  ANNOUNCER: z.enum(['true', 'false']).optional(),
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  ASK_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  LLM_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:11434' }).optional(),
  LLM_MODEL: z.string().min(1).max(200).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  // Every guild and user together; 0: no cap. Over it, /ask and @mentions answer extractively.
  LLM_MAX_CALLS_PER_HOUR: z.coerce.number().int().min(0).max(100_000).default(120),
  EMBEDDINGS_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:11434' }).optional(),
  EMBEDDINGS_MODEL: z.string().min(1).max(200).optional(),
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  // At most 10 s: the library worker's calls give up after 20 s, and /ask waits for the question's embedding.
  EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(2000),
  DIGEST_POST_TIME: z
    .string()
    .default('09:00')
    .refine((value) => parsePostTime(value) !== null, 'must be a UTC time of day as HH:MM, such as 09:00 or 17:30'),
  // Copies of papers in settled announcements and search memos unused for longer are pruned, at start and daily.
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  UNFURL_LINKS: z.enum(['true', 'false']).default('false'),
  HF_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://huggingface.co' }).default('https://huggingface.co'),
  UNFURL_COOLDOWN: z
    .string()
    .default('30s')
    .refine((value) => value === '0' || parseDuration(value) !== null, 'must be 0 (no cooldown) or a duration such as 30s or 2m'),
  // Hugging Face lookups of unfurled links, for the whole process; 0: none (the digest and the cache only).
  UNFURL_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(0).max(1000).default(20),
  BUDGET_USER: budget('20/min, burst 8'),
  BUDGET_GUILD: budget('120/min, burst 40'),
  BUDGET_AUTOCOMPLETE_USER: budget('60/min, burst 10'),
  BUDGET_AUTOCOMPLETE_GUILD: budget('600/min, burst 100'),
  // New subscriptions over these are refused; existing ones stay and can be changed or removed.
  MAX_SUBSCRIPTIONS_PER_GUILD: z.coerce.number().int().min(1).max(10_000).default(25),
  MAX_SUBSCRIPTIONS_PER_CHANNEL: z.coerce.number().int().min(1).max(10_000).default(5),
  // Threads a first start (no index cache) indexes with: 2 is faster and needs more memory meanwhile.
  INDEX_THREADS: z.enum(['1', '2', 'auto'], { error: 'must be 1, 2 or auto' }).default('auto'),
  // Warn when the process's RSS goes over this many MB; 0 (or unset): no watching.
  MEMORY_LIMIT_MB: z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number of megabytes, such as 1536 (0 or empty: no memory watch)')
    .transform(Number)
    .optional(),
});

/** How much one member or one guild may ask: `burst` at once, refilled at `perMinute` (0: no limit). */
export interface Budget {
  burst: number;
  perMinute: number;
}

/** The budgets of every interaction: commands, buttons and menus share one, autocomplete has its own (one call per keystroke). */
export interface BudgetSettings {
  user: Budget;
  guild: Budget;
  autocompleteUser: Budget;
  autocompleteGuild: Budget;
}

/** "20/min, burst 8": a token bucket of 8 refilled at 20 a minute; "0": no limit. */
function budget(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((value, context) => {
      const parsed = parseBudget(value);
      if (parsed === null) context.addIssue({ code: 'custom', message: 'must be a rate such as "20/min, burst 8", or 0 for no limit' });
      return parsed ?? { perMinute: 0, burst: 1 };
    });
}

function parseBudget(text: string): Budget | null {
  if (text === '0') return { perMinute: 0, burst: 1 };
  const match = /^(\d{1,6})\s*\/\s*min\s*,\s*burst\s+(\d{1,6})$/i.exec(text);
  if (!match) return null;
  const [perMinute, burst] = [Number(match[1]), Number(match[2])];
  return perMinute >= 1 && burst >= 1 ? { perMinute, burst } : null;
}

/**
 * The bot's old names for variables discord.js also reads from the environment: its Client
 * takes SHARD_COUNT as a number by itself, so `SHARD_COUNT=auto` crashed it at start.
 */
const RENAMED: Readonly<Record<string, string>> = { SHARD_COUNT: 'DISCORD_SHARD_COUNT', SHARD_IDS: 'DISCORD_SHARD_IDS' };

/** Every variable the bot reads, for checking that `.env.example` documents them all. */
export const ENV_VARIABLES = Object.keys(EnvSchema.shape);

export interface Config {
  /** Absent: run the local console instead of Discord. */
  discordToken: string | undefined;
  clientId: string | undefined;
  guildId: string | undefined;
  apiUrl: string | undefined;
  digestDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  maxDigestFileBytes: number;
  askCooldownSeconds: number;
  /** The index and embeddings caches; the SQLite database too, unless `databaseUrl` is set. */
  dataDir: string;
  /** PostgreSQL for every piece of durable state (DATABASE_URL); undefined: SQLite in `dataDir`. */
  databaseUrl: string | undefined;
  announceChannelId: string | undefined;
  feedUrl: string | undefined;
  feedIntervalMs: number;
  /** Serve GET /health on 127.0.0.1 at this port (0: any free port). */
  healthPort: number | undefined;
  /** Shards in the whole deployment (DISCORD_SHARD_COUNT): a number, or 'auto' for Discord's recommendation. */
  shardCount: number | 'auto';
  /** The shards this process runs (DISCORD_SHARD_IDS; all, when unset): a range per machine beyond one machine. */
  shardIds: number[] | undefined;
  /**
   * Whether this process may lead the new-paper pipeline (feed, announcer, digests; with a
   * database of its own, the outbox too: with DATABASE_URL every machine posts for its guilds).
   * With a database of its own, exactly one process may, and it alone keeps the
   * subscriptions; default: the process that runs shard 0. With DATABASE_URL every process
   * may by default, and one leads at a time (a PostgreSQL advisory lock).
   */
  announcer: boolean;
  /** Answer paper links in messages with cards (needs the privileged Message Content intent). */
  unfurlLinks: boolean;
  /** Hugging Face, for papers of unfurled links that are not in the digest. */
  hfApiUrl: string;
  /** At most one unfurl reply per channel per this many ms (0: no cooldown). */
  unfurlCooldownMs: number;
  /** At most this many Hugging Face lookups of unfurled links in any minute (0: none; cached answers do not count). */
  unfurlLookupsPerMinute: number;
  /** Set only when both LLM_BASE_URL and LLM_MODEL are. */
  model: { baseUrl: string; model: string; apiKey: string | undefined; timeoutMs: number; maxCallsPerHour: number } | undefined;
  /**
   * An OpenAI-compatible /v1/embeddings endpoint whose similarities /ask fuses into its
   * ranking; `timeoutMs` bounds embedding a question. Set only when both EMBEDDINGS_BASE_URL
   * and EMBEDDINGS_MODEL are.
   */
  embeddings: { baseUrl: string; model: string; apiKey: string | undefined; timeoutMs: number } | undefined;
  /** When scheduled digests are posted: minutes after midnight UTC (DIGEST_POST_TIME). */
  digestPostMinutes: number;
  /** Days to keep the papers of settled announcements and unused search memos (RETENTION_DAYS); pruned at start and daily. */
  retentionDays: number;
  /** What one member and one guild may ask (BUDGET_*): interactions, and autocomplete apart. */
  budgets: BudgetSettings;
  /** The most subscriptions a guild, and a channel, may have (MAX_SUBSCRIPTIONS_PER_GUILD, MAX_SUBSCRIPTIONS_PER_CHANNEL). */
  subscriptionLimits: { perGuild: number; perChannel: number };
  /** Warn when RSS goes over this many MB (MEMORY_LIMIT_MB); undefined: not watched. */
  memoryLimitMb: number | undefined;
  /** Threads a cold build indexes with (INDEX_THREADS); auto: 2 on two cores or more with 4 GiB or more (worker/index-threads.ts). */
  indexThreads: 1 | 2 | 'auto';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Parses the environment once, at start. Throws a ConfigError listing every bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(
    Object.entries(env)
      .filter(([, value]) => value !== undefined && value.trim() !== '')
      .map(([key, value]) => [key, value?.trim()]),
  );
  const renamed = Object.entries(RENAMED).filter(([old]) => old in present);
  if (renamed.length > 0)
    throw new ConfigError(renamed.map(([old, now]) => `${old}: renamed ${now} (discord.js reads ${old} from the environment itself); rename it in .env`));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    // Never echo the value: it may be the token.
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  if (e.DISCORD_SHARD_IDS !== undefined) {
    if (e.DISCORD_SHARD_COUNT === 'auto') throw new ConfigError(['DISCORD_SHARD_IDS: needs DISCORD_SHARD_COUNT, the number of shards of the whole deployment']);
    const outside = e.DISCORD_SHARD_IDS.filter((id) => id >= (e.DISCORD_SHARD_COUNT as number));
    if (outside.length > 0) throw new ConfigError([`DISCORD_SHARD_IDS: ${outside.join(', ')} not below DISCORD_SHARD_COUNT (${e.DISCORD_SHARD_COUNT})`]);
  }
  if ((e.LLM_BASE_URL === undefined) !== (e.LLM_MODEL === undefined)) {
    throw new ConfigError([`${e.LLM_BASE_URL ? 'LLM_MODEL' : 'LLM_BASE_URL'}: must be set too, to use model-written answers (or unset both)`]);
  }
  if ((e.EMBEDDINGS_BASE_URL === undefined) !== (e.EMBEDDINGS_MODEL === undefined)) {
    throw new ConfigError([
      `${e.EMBEDDINGS_BASE_URL ? 'EMBEDDINGS_MODEL' : 'EMBEDDINGS_BASE_URL'}: must be set too, to rank /ask with embeddings (or unset both)`,
    ]);
  }
  return {
    discordToken: e.DISCORD_TOKEN,
    clientId: e.DISCORD_CLIENT_ID,
    guildId: e.DISCORD_GUILD_ID,
    apiUrl: e.DISCORD_API_URL?.replace(/\/+$/, ''),
    digestDir: e.DIGEST_DIR,
    logLevel: e.LOG_LEVEL,
    maxDigestFileBytes: e.MAX_DIGEST_FILE_BYTES,
    askCooldownSeconds: e.ASK_COOLDOWN_SECONDS,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    announceChannelId: e.ANNOUNCE_CHANNEL_ID,
    feedUrl: e.FEED_URL,
    feedIntervalMs: parseDuration(e.FEED_INTERVAL) as number,
    shardCount: e.DISCORD_SHARD_COUNT,
    shardIds: e.DISCORD_SHARD_IDS,
    announcer:
      e.ANNOUNCER === undefined ? e.DATABASE_URL !== undefined || e.DISCORD_SHARD_IDS === undefined || e.DISCORD_SHARD_IDS.includes(0) : e.ANNOUNCER === 'true',
    healthPort: e.HEALTH_PORT,
    unfurlLinks: e.UNFURL_LINKS === 'true',
    hfApiUrl: e.HF_API_URL.replace(/\/+$/, ''),
    unfurlCooldownMs: e.UNFURL_COOLDOWN === '0' ? 0 : (parseDuration(e.UNFURL_COOLDOWN) as number),
    unfurlLookupsPerMinute: e.UNFURL_LOOKUPS_PER_MINUTE,
    model:
      e.LLM_BASE_URL && e.LLM_MODEL
        ? { baseUrl: e.LLM_BASE_URL, model: e.LLM_MODEL, apiKey: e.LLM_API_KEY, timeoutMs: e.LLM_TIMEOUT_MS, maxCallsPerHour: e.LLM_MAX_CALLS_PER_HOUR }
        : undefined,
    embeddings:
      e.EMBEDDINGS_BASE_URL && e.EMBEDDINGS_MODEL
        ? { baseUrl: e.EMBEDDINGS_BASE_URL, model: e.EMBEDDINGS_MODEL, apiKey: e.EMBEDDINGS_API_KEY, timeoutMs: e.EMBEDDINGS_TIMEOUT_MS }
        : undefined,
    digestPostMinutes: parsePostTime(e.DIGEST_POST_TIME) as number,
    retentionDays: e.RETENTION_DAYS,
    budgets: { user: e.BUDGET_USER, guild: e.BUDGET_GUILD, autocompleteUser: e.BUDGET_AUTOCOMPLETE_USER, autocompleteGuild: e.BUDGET_AUTOCOMPLETE_GUILD },
    subscriptionLimits: { perGuild: e.MAX_SUBSCRIPTIONS_PER_GUILD, perChannel: e.MAX_SUBSCRIPTIONS_PER_CHANNEL },
    memoryLimitMb: e.MEMORY_LIMIT_MB === 0 ? undefined : e.MEMORY_LIMIT_MB,
    indexThreads: e.INDEX_THREADS === 'auto' ? 'auto' : e.INDEX_THREADS === '2' ? 2 : 1,
  };
}

/** The config as it may be logged: the token is never included. */
export function describeConfig(config: Config): Record<string, unknown> {
  const { discordToken, model, embeddings, databaseUrl, ...rest } = config;
  return {
    ...rest,
    discordToken: discordToken ? '[set]' : '[not set]',
    databaseUrl: databaseUrl === undefined ? undefined : withoutPassword(databaseUrl),
    model: model ? { ...model, apiKey: model.apiKey ? '[set]' : '[not set]' } : undefined,
    embeddings: embeddings ? { ...embeddings, apiKey: embeddings.apiKey ? '[set]' : '[not set]' } : undefined,
  };
}

/** A database URL as it may be logged: its password blanked. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password === '') return url;
  return `${parsed.protocol}//${parsed.username}:[redacted]@${parsed.host}${parsed.pathname}${parsed.search}`;
}

/** "0,1,5" or "0-3" (or both: "0-3,8") → sorted unique ids; null when malformed. */
function parseShardIds(text: string): number[] | null {
  const ids = new Set<number>();
  for (const part of text.split(',').map((piece) => piece.trim())) {
    const range = /^(\d{1,4})(?:-(\d{1,4}))?$/.exec(part);
    if (!range) return null;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) return null;
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}
