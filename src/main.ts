import { readdir } from 'node:fs/promises';
import { ConfigError, describeConfig, parseConfig } from './config.js';
import { startConsole } from './console/start-console.js';
import { loadDotEnv, stopOnSignals } from './lifecycle.js';
import { createLogger } from './log.js';
import { redactText } from './log-redaction.js';
import { installProcessHandlers } from './process-handlers.js';
import { startBot } from './start-bot.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  const consoleMode = config.discordToken === undefined;
  // In the console, only warnings (such as bad digest files) interrupt the conversation.
  const log = createLogger(consoleMode && !process.env.LOG_LEVEL ? 'warn' : config.logLevel);
  installProcessHandlers(log);
  log.debug({ config: describeConfig(config) }, 'configuration');
  // Without its folder the library worker could only fail and restart: say so now instead.
  await readdir(config.digestDir).catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError([`DIGEST_DIR: cannot read the digest folder ${config.digestDir} (${error.code ?? error.message})`]);
  });
  if (config.discordToken === undefined) {
    await startConsole(config, log);
    return;
  }

  const bot = await startBot({ config: { ...config, discordToken: config.discordToken }, log });
  stopOnSignals(log, () => bot.stop());
  // `kill -HUP <pid>` re-reads the digest folder and topics.json without a restart.
  process.on('SIGHUP', () => {
    log.info('SIGHUP: reloading the digest');
    void bot.library.restart();
  });
  await bot.ready;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
  } else {
    // Plain text, past the logger: redacted here, since an error's message can hold a URL with credentials.
    process.stderr.write(`Fatal: ${redactText((error as Error).message)}\n`);
  }
  process.exit(1);
});
