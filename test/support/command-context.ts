import type { CommandContext } from '../../src/command/command.js';
import type { Library } from '../../src/library/library.js';
import { memoryLogger } from './memory-log.js';
import { SEED_NOW } from './seed-library.js';

export function commandContext(library: Library, overrides: Partial<CommandContext> = {}): CommandContext {
  return { library, now: () => SEED_NOW, random: () => 0, userId: '400000000000000001', guildId: '200000000000000001', log: memoryLogger().log, ...overrides };
}
