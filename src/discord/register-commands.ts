import { Routes, type RESTPostAPIApplicationCommandsJSONBody, type REST } from 'discord.js';
import type { Logger } from '../log.js';

/**
 * Whether Discord already has exactly these commands. Discord adds fields (ids, versions,
 * localizations, defaults), so each local command is compared on the fields it sets,
 * with empty and default values ignored.
 */
export function sameCommands(local: readonly RESTPostAPIApplicationCommandsJSONBody[], remote: readonly unknown[]): boolean {
  if (local.length !== remote.length) return false;
  return local.every((command) => remote.some((candidate) => same(normalize(command), project(normalize(candidate), normalize(command)))));
}

/** Drops null, undefined, false, empty arrays and default `type: 1`, recursively. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== null && v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [k, normalize(v)] as const)
    .filter(([k, v]) => !(k === 'type' && v === 1 && !('value' in value)));
  return Object.fromEntries(entries);
}

/** Keeps only the keys of `shape` (recursively), so server-side additions do not count as differences. */
function project(value: unknown, shape: unknown): unknown {
  if (Array.isArray(shape) && Array.isArray(value)) return value.map((v, i) => project(v, shape[i]));
  if (shape === null || typeof shape !== 'object' || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(shape).flatMap((key) =>
      key in value ? [[key, project((value as Record<string, unknown>)[key], (shape as Record<string, unknown>)[key])]] : [],
    ),
  );
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
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

/**
 * Registers the commands only when they differ from what Discord has (GET, compare, PUT):
 * in one guild when `guildId` is set (instant), globally otherwise.
 */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  guildId: string | undefined,
  commands: readonly RESTPostAPIApplicationCommandsJSONBody[],
  log: Logger,
): Promise<'unchanged' | 'updated'> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const scope = guildId ? `guild ${guildId}` : 'global';
  const existing = (await rest.get(route)) as unknown[];
  if (sameCommands(commands, existing)) {
    log.info({ scope, commands: commands.length }, 'commands already registered');
    return 'unchanged';
  }
  await rest.put(route, { body: commands });
  log.info({ scope, commands: commands.map((command) => command.name) }, 'commands registered');
  return 'updated';
}
