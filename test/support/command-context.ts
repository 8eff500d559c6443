import type { CommandContext } from '../../src/interactions/command.js';
import { memoryQueryMemo } from '../../src/interactions/query-memo.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { memoryLogger } from './memory-log.js';
import { SEED_NOW } from './seed-library.js';

/** A handler context on a library worker, as the router builds it for a user in the test guild. */
export function commandContext(library: LibraryClient, overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    library: library.api,
    now: () => SEED_NOW,
    random: () => 0,
    userId: '400000000000000001',
    guildId: '200000000000000001',
    channelId: '300000000000000001',
    log: memoryLogger().log,
    queryMemo: memoryQueryMemo(),
    ...overrides,
  };
}
