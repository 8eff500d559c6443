import { readdir } from 'node:fs/promises';
import { commands } from '../commands/index.js';
import { ConfigError, describeConfig, parseConfig } from './config.js';
import { runConsole } from './console/run-console.js';
import { CommandRegistry } from './interactions/command-registry.js';
import { memoryQueryMemo } from './interactions/query-memo.js';
import { loadDotEnv, stopOnSignals } from './lifecycle.js';
import { createAnswerWriter } from './llm/write-answer.js';
import { createLogger } from './log.js';
import { installProcessHandlers } from './process-handlers.js';
import { libraryInit, startBot } from './start-bot.js';
import { LibraryClient } from './worker/library-client.js';

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
    // The console reads the digest as it is: no index cache, no folder watcher.
    const library = new LibraryClient({ init: libraryInit(config, { cacheDir: undefined, watch: false, logLevel: log.level }), log }).start();
    // `npm start | head` closes the pipe early: that ends the console, it is not an error.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));
    await runConsole({
      input: process.stdin,
      output: process.stdout,
      interactive: process.stdin.isTTY === true,
      registry: new CommandRegistry(commands),
      library,
      context: {
        library: library.library,
        now: () => new Date(),
        random: Math.random,
        userId: 'console',
        guildId: null,
        channelId: null,
        log,
        writeAnswer: config.model ? createAnswerWriter(config.model) : undefined,
        queryMemo: memoryQueryMemo(),
      },
      log,
    });
    await library.stop();
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
    process.stderr.write(`Fatal: ${(error as Error).message}\n`);
  }
  process.exit(1);
});
