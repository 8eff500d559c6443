import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { commandsHash, differenceReason } from '../../src/discord/register-commands.js';

const local = commands.map((command) => command.data);
const hash = commandsHash(local);
const record = { hash, versions: Object.fromEntries(local.map((command, i) => [command.name, `v${i}`])) };
/** What Discord answers: every command with the version it gave it. */
const remote = local.map((command, i) => ({ ...command, id: `9000000000000000${i}`, version: `v${i}` }));

describe('differenceReason: when the commands are registered again', () => {
  it('not when Discord has exactly what was last put', () => {
    expect(differenceReason(record, hash, remote)).toBeNull();
  });

  it('when nothing was recorded, or our commands changed', () => {
    expect(differenceReason(null, hash, remote)).toBe('no record of an earlier registration');
    expect(differenceReason(record, commandsHash([...local.slice(1)]), remote)).toBe('the commands changed');
  });

  it('when a command was edited on Discord (its version changed), even in a field we never set', () => {
    // A permission added on Discord's side: the command's version changes; the old key-projection compare missed this.
    const drifted = remote.map((command) => (command.name === 'latest' ? { ...command, default_member_permissions: '8', version: 'v99' } : command));
    expect(differenceReason(record, hash, drifted)).toBe('/latest was changed on Discord');
  });

  it('when a command was added or removed on Discord, or the answer is not a list', () => {
    expect(differenceReason(record, hash, remote.slice(1))).toBe('the commands on Discord are not the ones registered');
    expect(differenceReason(record, hash, [...remote, { name: 'extra', version: 'v1' }])).toBe('the commands on Discord are not the ones registered');
    expect(differenceReason(record, hash, null)).toBe("Discord's answer was not a command list");
  });

  it('hashes commands independently of key order, and sees every value', () => {
    const reordered = local.map((command) => Object.fromEntries(Object.entries(command).reverse()) as typeof command);
    expect(commandsHash(reordered)).toBe(hash);
    const required = local.map((command) => (command.name === 'latest' ? { ...command, default_member_permissions: '32' } : command));
    expect(commandsHash(required)).not.toBe(hash);
  });
});
