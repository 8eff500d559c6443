import { ApplicationCommandType, InteractionContextType, type RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { ZodType } from 'zod';
import type { AnswerWriter } from '../llm/write-answer.js';
import type { Logger } from '../log.js';
import type { ReplyPayload } from '../present/reply-payload.js';
import type { CommandStores } from '../store/stores.js';
import type { SubscriptionLimits } from '../store/subscription-store.js';
import type { RemoteLibrary } from '../worker/library-api.js';
import type { ChannelAccess } from './channel-permissions.js';
import type { Cooldowns } from './cooldowns.js';
import { optionsJson, optionsSchema, type OptionSpecs, type OptionValues } from './options.js';
import type { QueryMemo } from './query-memo.js';

/** What every handler may use. No discord.js objects: the console and tests build it too. */
export interface CommandContext {
  /** The digest, in the library worker: every call is a message. */
  library: RemoteLibrary;
  now: () => Date;
  /** A float in [0, 1), like Math.random; injectable for tests. */
  random: () => number;
  userId: string;
  guildId: string | null;
  channelId: string | null;
  log: Logger;
  /** Per-user cooldown for expensive commands; absent in the console. */
  cooldowns?: Cooldowns | undefined;
  /** Writes answers with a language model when one is configured. */
  writeAnswer?: AnswerWriter | undefined;
  /** The invoking member's permissions in the guild (Discord's bitfield), or null outside one. */
  memberPermissions?: bigint | null;
  /**
   * What is known of each channel the options name (its guild, the member's and the bot's
   * permissions there), by channel id. Set by the router for every slash command; absent
   * outside Discord (the console, handler tests), where no channel has permissions to check.
   */
  channels?: ReadonlyMap<string, ChannelAccess> | undefined;
  /** The most subscriptions a guild and a channel may have; absent: no limit. */
  subscriptionLimits?: SubscriptionLimits | undefined;
  /** The stores commands use (subscriptions, saved papers, unfurl settings, Hugging Face lookups); absent when the database is unavailable. */
  stores?: CommandStores | undefined;
  /**
   * Whether this process takes subscriptions: with a database of its own (SQLite), only the
   * process that posts announcements (ANNOUNCER) does, since only its subscriptions are read;
   * with a shared one (DATABASE_URL), every process does.
   */
  takesSubscriptions?: boolean;
  /** Remembers search queries too long for a button's custom id. */
  queryMemo: QueryMemo;
}

/** Option values as Discord (or the console) delivers them, by option name. */
export type RawOptions = Readonly<Record<string, string | number | boolean | undefined>>;

export interface AutocompleteChoice {
  name: string;
  value: string;
}

/** The message a button was clicked on, as far as handlers need it. */
interface ClickedMessage {
  content: string;
}

/** Who sees a reply: everyone in the channel, or only the user (deferrals included). */
export type Visibility = 'public' | 'private';

/**
 * An error whose message is meant for the user ("No topic called …"). The router shows it
 * privately; any other error is logged and replaced by a generic apology.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export interface ButtonSpec {
  /** `update` edits the message the button is on; `private` answers with a new private message. */
  reply: 'update' | 'private';
  run(context: CommandContext, fields: readonly string[], message: ClickedMessage): ReplyPayload | Promise<ReplyPayload>;
}

interface CommandSpec<Specs extends OptionSpecs> {
  name: string;
  description: string;
  options?: Specs;
  visibility?: Visibility;
  /** Hidden from members without these permissions; handlers check again (admins can override per channel). */
  defaultMemberPermissions?: bigint;
  /** Usable in servers only, not in DMs. */
  guildOnly?: boolean;
  execute(context: CommandContext, options: OptionValues<Specs>): ReplyPayload | Promise<ReplyPayload>;
  autocomplete?(context: CommandContext, focused: { name: string; value: string }): AutocompleteChoice[] | Promise<AutocompleteChoice[]>;
  /** Buttons whose custom id starts with `<command name>:<button name>:` (see src/present/custom-id.ts). */
  buttons?: Record<string, ButtonSpec>;
}

/** A command with its option types erased, as the router and the console hold it. */
export interface Command {
  data: RESTPostAPIApplicationCommandsJSONBody;
  visibility: Visibility;
  run(context: CommandContext, raw: RawOptions): Promise<ReplyPayload>;
  autocomplete?(context: CommandContext, focused: { name: string; value: string }): Promise<AutocompleteChoice[]>;
  buttons: Readonly<Record<string, ButtonSpec>>;
}

/** Defines a slash command: its options (declared once), visibility and handlers. */
export function defineCommand<Specs extends OptionSpecs = Record<never, never>>(spec: CommandSpec<Specs>): Command {
  const schema = optionsSchema(spec.options ?? ({} as Specs));
  const { autocomplete } = spec;
  return {
    data: {
      name: spec.name,
      description: spec.description,
      ...(spec.options ? { options: optionsJson(spec.options) } : {}),
      ...(spec.defaultMemberPermissions === undefined ? {} : { default_member_permissions: String(spec.defaultMemberPermissions) }),
      ...(spec.guildOnly ? { contexts: [InteractionContextType.Guild] } : {}),
    },
    visibility: spec.visibility ?? 'public',
    run: async (context, raw) => spec.execute(context, parseOptions(schema, raw)),
    ...(autocomplete
      ? {
          autocomplete: async (context, focused) => {
            const value = capped(spec.options, focused);
            return value === null ? [] : autocomplete(context, { ...focused, value });
          },
        }
      : {}),
    buttons: spec.buttons ?? {},
  };
}

/**
 * The typed text of an autocomplete, cut to its option's declared length: Discord's clients
 * enforce it, a forged interaction need not, and a long query costs the library more. Null
 * for an option the command does not declare as autocompleted (only a forged call names one).
 */
function capped(options: OptionSpecs | undefined, focused: { name: string; value: string }): string | null {
  const declared = options && Object.hasOwn(options, focused.name) ? options[focused.name]?.json(focused.name) : undefined;
  if (!declared || !('autocomplete' in declared) || declared.autocomplete !== true) return null;
  const max = 'max_length' in declared ? declared.max_length : undefined;
  return max === undefined ? focused.value : focused.value.slice(0, max);
}

/** Defines a message command (right-click a message → Apps → name): the handler gets the message's text. */
export function defineMessageCommand(spec: {
  name: string;
  visibility?: Visibility;
  execute(context: CommandContext, messageText: string): ReplyPayload | Promise<ReplyPayload>;
}): Command {
  return {
    data: { type: ApplicationCommandType.Message, name: spec.name },
    visibility: spec.visibility ?? 'public',
    run: async (context, raw) => spec.execute(context, typeof raw.message === 'string' ? raw.message : ''),
    buttons: {},
  };
}

function parseOptions<T>(schema: ZodType<T, unknown>, raw: RawOptions): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.') || 'options';
    return raw[name] === undefined ? `${name} is required` : `${name}: ${issue.message}`;
  });
  throw new UserError(`Those options don't work: ${problems.join('; ')}.`);
}
