import { commands } from '../commands/index.js';
import { CommandRegistry } from './command/command-registry.js';
import { ConfigError, describeConfig, parseConfig } from './config.js';
import { runConsole } from './console/run-console.js';
import { createAnswerWriter } from './llm/write-answer.js';
import { loadDotEnv, stopOnSignals } from './lifecycle.js';
import { loadLibrary } from './load-library.js';
import { createLogger } from './log.js';
import { installProcessHandlers } from './process-handlers.js';
import { discordShardIds } from './discord/shard-ids.js';
import { startBot } from './start-bot.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  const consoleMode = config.discordToken === undefined;
  // In the console, only warnings (such as bad digest files) interrupt the conversation.
  const log = createLogger(consoleMode && !process.env.LOG_LEVEL ? 'warn' : config.logLevel);
  installProcessHandlers(log);
  log.debug({ config: describeConfig(config) }, 'configuration');
  if (config.discordToken === undefined) {
    const library = await loadLibrary(config.digestDir, log, { maxFileBytes: config.maxDigestFileBytes });
    const writeAnswer = config.model ? createAnswerWriter(config.model) : undefined;
    // `npm start | head` closes the pipe early: that ends the console, it is not an error.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));
    await runConsole({
      input: process.stdin,
      output: process.stdout,
      interactive: process.stdin.isTTY === true,
      registry: new CommandRegistry(commands),
      context: { library, now: () => new Date(), random: Math.random, userId: 'console', guildId: null, log, writeAnswer },
      log,
    });
    return;
  }

  // Spawned by `npm run start:sharded`: answer this shard's guilds; the manager announces.
  const role = discordShardIds().length > 0 ? 'shard' : 'single';
  const bot = await startBot({ config: { ...config, discordToken: config.discordToken }, log, role });
  stopOnSignals(log, () => bot.stop());
  await bot.ready;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
  } else {
    process.stderr.write(`Fatal: ${(error as Error).message}\n`);
  }
  process.exit(1);
});
