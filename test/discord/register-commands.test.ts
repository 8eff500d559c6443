import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { sameCommands } from '../../src/discord/register-commands.js';

const local = commands.map((command) => command.data);
/** What Discord answers for registered commands: our data plus its own fields and defaults. */
const asDiscordReturnsThem = (data: typeof local) =>
  data.map((command, index) => ({
    id: `90000000000000000${index}`,
    application_id: '100000000000000001',
    version: '1',
    type: 1,
    default_member_permissions: null,
    dm_permission: true,
    nsfw: false,
    name_localizations: null,
    description_localizations: null,
    integration_types: [0],
    contexts: null,
    ...command,
    options: 'options' in command ? command.options?.map((option) => ({ required: false, ...option, name_localizations: null })) : undefined,
  }));

describe('sameCommands', () => {
  it('treats Discord-added fields and defaults as no change', () => {
    expect(sameCommands(local, asDiscordReturnsThem(local))).toBe(true);
  });

  it('sees a changed description, a new option, a removed command and an empty registration', () => {
    const changed = asDiscordReturnsThem(local).map((command) => (command.name === 'latest' ? { ...command, description: 'old text' } : command));
    expect(sameCommands(local, changed)).toBe(false);
    const fewerOptions = asDiscordReturnsThem(local).map((command) =>
      command.name === 'search' ? { ...command, options: command.options?.slice(0, 2) } : command,
    );
    expect(sameCommands(local, fewerOptions)).toBe(false);
    expect(sameCommands(local, asDiscordReturnsThem(local).slice(1))).toBe(false);
    expect(sameCommands(local, [])).toBe(false);
  });
});
