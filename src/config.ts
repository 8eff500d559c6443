import { z } from 'zod';

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
});

export interface Config {
  /** Absent: run the local console instead of Discord. */
  discordToken: string | undefined;
  clientId: string | undefined;
  guildId: string | undefined;
  apiUrl: string | undefined;
  digestDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  maxDigestFileBytes: number;
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
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    // Never echo the value: it may be the token.
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  return {
    discordToken: e.DISCORD_TOKEN,
    clientId: e.DISCORD_CLIENT_ID,
    guildId: e.DISCORD_GUILD_ID,
    apiUrl: e.DISCORD_API_URL?.replace(/\/+$/, ''),
    digestDir: e.DIGEST_DIR,
    logLevel: e.LOG_LEVEL,
    maxDigestFileBytes: e.MAX_DIGEST_FILE_BYTES,
  };
}

/** The config as it may be logged: the token is never included. */
export function describeConfig(config: Config): Record<string, unknown> {
  const { discordToken, ...rest } = config;
  return { ...rest, discordToken: discordToken ? '[set]' : '[not set]' };
}
