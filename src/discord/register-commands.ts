import { createHash } from 'node:crypto';
import { Routes, type RESTPostAPIApplicationCommandsJSONBody, type REST } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../log.js';
import type { CommandRegistrationStore, Registration } from '../store/command-registration-store.js';

const RemoteCommandSchema = z.array(z.looseObject({ name: z.string(), version: z.string() }));

/**
 * Registers the commands when Discord's differ from ours (GET, compare, PUT), in one guild
 * when `guildId` is set (instant), globally otherwise. What was last PUT is recorded in
 * `records`: a hash of our commands and the `version` Discord gave each one. Discord
 * changes a command's version on every edit, so a drift made on Discord's side (a
 * permission or an option added there) shows as a version we did not record, and is
 * undone at the next start. Without a record (a fresh data folder) the commands are PUT once.
 * The bot keeps the record in DATA_DIR (store/files/command-registration-files.ts).
 */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  guildId: string | undefined,
  commands: readonly RESTPostAPIApplicationCommandsJSONBody[],
  log: Logger,
  records: CommandRegistrationStore,
): Promise<'unchanged' | 'updated'> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const scope = guildId ? `guild ${guildId}` : 'global';
  const recordScope = guildId ?? 'global';
  const hash = commandsHash(commands);
  const [record, remote] = await Promise.all([records.read(recordScope), rest.get(route)]);
  const reason = differenceReason(record, hash, RemoteCommandSchema.safeParse(remote).data ?? null);
  if (reason === null) {
    log.info({ scope, commands: commands.length }, 'commands already registered');
    return 'unchanged';
  }
  const registered = RemoteCommandSchema.safeParse(await rest.put(route, { body: commands }));
  if (registered.success)
    await records.write(recordScope, { hash, versions: Object.fromEntries(registered.data.map((command) => [command.name, command.version])) });
  else log.warn({ scope }, "commands registered, but Discord's answer could not be read: the next start registers them again");
  log.info({ scope, reason, commands: commands.map((command) => command.name) }, 'commands registered');
  return 'updated';
}

/** Why the commands must be registered again, or null when Discord has exactly what was last PUT. */
export function differenceReason(record: Registration | null, hash: string, remote: readonly { name: string; version: string }[] | null): string | null {
  if (record === null) return 'no record of an earlier registration';
  if (record.hash !== hash) return 'the commands changed';
  if (remote === null) return "Discord's answer was not a command list";
  const names = Object.keys(record.versions);
  if (remote.length !== names.length || remote.some((command) => record.versions[command.name] === undefined))
    return 'the commands on Discord are not the ones registered';
  const drifted = remote.find((command) => record.versions[command.name] !== command.version);
  return drifted ? `/${drifted.name} was changed on Discord` : null;
}

/** A hash of the commands as registered: key order does not matter, everything else does. */
export function commandsHash(commands: readonly RESTPostAPIApplicationCommandsJSONBody[]): string {
  return createHash('sha256')
    .update(JSON.stringify(sortKeys(commands)))
    .digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
