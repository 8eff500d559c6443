import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import { type z } from 'zod';
import type { Library, RandomSource } from '../library/library.js';
import type { AnswerWriter } from '../llm/write-answer.js';
import type { Logger } from '../log.js';
import type { AnnouncementStore } from '../announce/announcement-store.js';
import type { Cooldowns } from './cooldowns.js';
import type { ReplyPayload } from '../present/reply-payload.js';

/** What every handler may use. No discord.js objects: the console and tests build it too. */
export interface CommandContext {
  library: Library;
  now: () => Date;
  random: RandomSource;
  userId: string;
  guildId: string | null;
  log: Logger;
  /** Per-user cooldown for expensive commands; absent in the console. */
  cooldowns?: Cooldowns | undefined;
  /** Writes answers with a language model when one is configured. */
  writeAnswer?: AnswerWriter | undefined;
  /** The invoking member's permissions in the guild (Discord's bitfield), or null outside one. */
  memberPermissions?: bigint | null;
  /** Subscriptions live here; absent when announcements are not set up. */
  announcements?: AnnouncementStore | undefined;
}

/** Option values as Discord (or the console) delivers them, by option name. */
export type RawOptions = Readonly<Record<string, string | number | boolean | undefined>>;

export interface AutocompleteChoice {
  name: string;
  value: string;
}

/** The message a button was clicked on, as far as handlers need it. */
export interface ClickedMessage {
  content: string;
}

/**
 * An error whose message is meant for the user ("No topic called …"). The router shows it
 * privately; any other error is logged and replaced by a generic apology.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

interface CommandSpec<Options extends z.ZodType> {
  data: RESTPostAPIApplicationCommandsJSONBody;
  /** Validates option values: the handler never trusts Discord's own range checks. */
  options: Options;
  execute(context: CommandContext, options: z.output<Options>): ReplyPayload | Promise<ReplyPayload>;
  autocomplete?(context: CommandContext, focused: { name: string; value: string }): AutocompleteChoice[];
  /** Handles buttons whose custom id starts with `<command name>:`. Returns the updated message. */
  button?(context: CommandContext, customId: string, message: ClickedMessage): ReplyPayload | Promise<ReplyPayload>;
}

/** A command with its option types erased, as the router and the console hold it. */
export interface Command {
  data: RESTPostAPIApplicationCommandsJSONBody;
  run(context: CommandContext, raw: RawOptions): Promise<ReplyPayload>;
  autocomplete?(context: CommandContext, focused: { name: string; value: string }): AutocompleteChoice[];
  button?(context: CommandContext, customId: string, message: ClickedMessage): Promise<ReplyPayload>;
}

/** Defines a command: its Discord data, an option schema and handlers. */
export function defineCommand<Options extends z.ZodType>(spec: CommandSpec<Options>): Command {
  const { button, autocomplete } = spec;
  return {
    data: spec.data,
    run: async (context, raw) => spec.execute(context, parseOptions(spec.options, raw)),
    ...(autocomplete ? { autocomplete: (context, focused) => autocomplete(context, focused) } : {}),
    ...(button ? { button: async (context, customId, message) => button(context, customId, message) } : {}),
  };
}

function parseOptions<Options extends z.ZodType>(schema: Options, raw: RawOptions): z.output<Options> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.') || 'options';
    return issue.code === 'invalid_type' && raw[name] === undefined ? `${name} is required` : `${name}: ${issue.message}`;
  });
  throw new UserError(`Those options don't work: ${problems.join('; ')}.`);
}
