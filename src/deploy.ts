import { REST, Routes } from 'discord.js';
import { commands } from '../commands/index.js';
import { CommandRegistry } from './interactions/command-registry.js';
import { ConfigError, parseConfig } from './config.js';
import { registerCommands } from './discord/register-commands.js';
import { loadDotEnv } from './lifecycle.js';
import { createLogger } from './log.js';
import { redactText } from './log-redaction.js';
import { openRegistrationRecord } from './store/open-stores.js';

/** `npm run deploy`: registers the slash commands if they differ from what Discord has (guild-scoped with DISCORD_GUILD_ID), without starting the bot. */
async function deploy(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  const log = createLogger(config.logLevel);
  if (!config.discordToken) throw new Error('DISCORD_TOKEN is not set: deploying needs the bot token (see .env.example).');
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.discordToken);
  const applicationId = config.clientId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const registry = new CommandRegistry(commands);
  // The registration record lives with the state: a table in PostgreSQL, files in DATA_DIR with SQLite.
  const record = await openRegistrationRecord(config, log);
  const result = await registerCommands(
    rest,
    applicationId,
    config.guildId,
    registry.all().map((command) => command.data),
    log,
    record.registration,
  ).finally(() => record.close());
  process.stdout.write(`Commands ${result} (${config.guildId ? `guild ${config.guildId}` : 'global; may take up to an hour to appear'}).\n`);
}

deploy().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Deploy failed: ${redactText((error as Error).message)}`}\n`);
  process.exit(1);
});
