import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { commands } from '../../commands/index.js';
import type { Config } from '../config.js';
import { CommandRegistry } from '../interactions/command-registry.js';
import { memoryQueryMemo, storedQueryMemo } from '../interactions/query-memo.js';
import { createAnswerWriter } from '../llm/write-answer.js';
import type { Logger } from '../log.js';
import { libraryInit } from '../start-bot.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.js';
import type { Stores } from '../store/stores.js';
import { LibraryClient } from '../worker/library-client.js';
import { CONSOLE_FILES_DIR, runConsole } from './run-console.js';

/** Where the console keeps its database by default: beside the files it saves, in the system's temporary folder. */
export const CONSOLE_STATE_DIR = path.join(CONSOLE_FILES_DIR, 'console-state');

/** What tests change; the defaults are the terminal and the temporary folders. */
export interface StartConsoleOptions {
  input?: Readable;
  output?: Writable;
  /** Default: whether stdin is a terminal (false when `input` is given). */
  interactive?: boolean;
  /** The console's SQLite database folder (saved papers, search memos). Default: CONSOLE_STATE_DIR. */
  stateDir?: string;
  /** Where the files of replies are saved. Default: CONSOLE_FILES_DIR. */
  attachmentsDir?: string;
  now?: () => Date;
}

/**
 * The bot without Discord (`npm start` with no DISCORD_TOKEN): the library worker on the
 * digest folder as it is (no index cache, no folder watcher), the same SQLite stores the bot
 * uses, opened in a console state folder so /saved, Save buttons and long search queries work,
 * and the console on stdin/stdout. Returns at the end of input, with the worker stopped and the
 * database closed.
 */
export async function startConsole(config: Config, log: Logger, options: StartConsoleOptions = {}): Promise<void> {
  const { stateDir = CONSOLE_STATE_DIR, attachmentsDir = CONSOLE_FILES_DIR, now = () => new Date() } = options;
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const stores = openConsoleStores(stateDir, log);
  const library = new LibraryClient({ init: libraryInit(config, { cacheDir: undefined, watch: false, logLevel: log.level }), log }).start();
  // `npm start | head` closes the pipe early: that ends the console, it is not an error.
  if (output === process.stdout) process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));
  try {
    await runConsole({
      input,
      output,
      interactive: options.interactive ?? (options.input === undefined && process.stdin.isTTY === true),
      registry: new CommandRegistry(commands),
      library,
      context: {
        library: library.api,
        now,
        random: Math.random,
        userId: 'console',
        guildId: null,
        channelId: null,
        log,
        writeAnswer: config.model ? createAnswerWriter(config.model) : undefined,
        stores,
        queryMemo: stores ? storedQueryMemo(stores.queryMemo, now) : memoryQueryMemo(),
      },
      log,
      attachmentsDir,
      digestDir: config.digestDir,
      stateDir: stores ? stateDir : undefined,
    });
  } finally {
    await library.stop();
    await stores?.close();
  }
}

/** The console's database, or undefined (logged) when it cannot be opened: everything but saved papers still works. */
function openConsoleStores(stateDir: string, log: Logger): Stores | undefined {
  try {
    return openSqliteStores(stateDir);
  } catch (error) {
    log.warn({ err: error, stateDir }, 'cannot open the console database: saved papers are off');
    return undefined;
  }
}
