import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { AutocompleteChoice, CommandContext, RawOptions, Visibility } from '../interactions/command.js';
import type { CommandRegistry } from '../interactions/command-registry.js';
import { ConcurrencyLimit } from '../interactions/concurrency-limit.js';
import type { Cooldowns } from '../interactions/cooldowns.js';
import { errorReply } from '../interactions/error-reply.js';
import { answerVisibility, mayAnswerPublicly } from '../interactions/reply-visibility.js';
import type { RateBudgets } from '../interactions/rate-budgets.js';
import type { QueryMemo } from '../interactions/query-memo.js';
import type { AnswerWriter } from '../llm/write-answer.js';
import type { Logger } from '../log.js';
import { LIMITS, truncate } from '../present/discord-limits.js';
import { loadingNote, withLoadingNote } from '../present/loading-note.js';
import { notice, type ReplyPayload } from '../present/reply-payload.js';
import { slowDown } from '../present/slow-down.js';
import type { CommandStores } from '../store/stores.js';
import type { SubscriptionLimits } from '../store/subscription-store.js';
import type { LibraryClient } from '../worker/library-client.js';
import { channelOptionsAccess, invocationOf } from './interaction-permissions.js';
import { toEditOptions, toReplyOptions } from './to-discord.js';

/** Discord allows 3 s for the first response; past this, the router defers and edits later. */
export const DEFER_AFTER_MS = 1000;
/** Autocomplete cannot be deferred: past this, it answers with what it has (nothing). */
const AUTOCOMPLETE_DEADLINE_MS = 2000;

export interface RouterDeps {
  registry: CommandRegistry;
  library: LibraryClient;
  log: Logger;
  queryMemo: QueryMemo;
  now?: () => Date;
  random?: () => number;
  deferAfterMs?: number;
  autocompleteDeadlineMs?: number;
  cooldowns?: Cooldowns | undefined;
  writeAnswer?: AnswerWriter | undefined;
  /** The stores commands use; absent when the database is unavailable. */
  stores?: CommandStores | undefined;
  /** Whether this process takes subscriptions (default: yes; see CommandContext.takesSubscriptions). */
  takesSubscriptions?: boolean;
  /** The most subscriptions a guild and a channel may have (absent: no limit). */
  subscriptionLimits?: SubscriptionLimits | undefined;
  /** At most this many handlers run at once (default 8); autocomplete is not limited. */
  maxConcurrent?: number;
  /** That limit, shared with @mention answers (startDiscord makes one of `maxConcurrent`); a router given none makes its own. */
  limit?: ConcurrencyLimit | undefined;
  /** Per-member and per-guild budgets of interactions (absent: no limit). */
  budgets?: RateBudgets | undefined;
}

/** The handler context for one user, shared by interactions and @mentions. */
export function commandContextFor(
  deps: RouterDeps,
  who: Pick<CommandContext, 'userId' | 'guildId' | 'channelId' | 'memberPermissions' | 'channels'>,
  deadlineMs?: number,
): CommandContext {
  return {
    // The member's calls take turns with other members' in the worker's queue; a deadline, when given, is autocomplete's.
    library: deps.library.for({ caller: who.userId, deadlineMs }),
    now: deps.now ?? (() => new Date()),
    random: deps.random ?? Math.random,
    log: deps.log,
    cooldowns: deps.cooldowns,
    writeAnswer: deps.writeAnswer,
    stores: deps.stores,
    takesSubscriptions: deps.takesSubscriptions ?? true,
    subscriptionLimits: deps.subscriptionLimits,
    queryMemo: deps.queryMemo,
    memberPermissions: null,
    ...who,
  };
}

/** How an interaction is answered: a new message (public or private) or an edit of the clicked message. */
interface ReplyPlan {
  kind: 'reply' | 'update';
  visibility: Visibility;
}

/**
 * The one `interactionCreate` handler: slash and message commands, autocomplete and
 * buttons. Every interaction gets an answer within Discord's 3 seconds: the answer itself,
 * or a deferral (private for private commands) and later the answer. Failures are logged
 * and answered privately. Every answer given while the digest loads says so.
 */
export function createRouter(deps: RouterDeps): (interaction: Interaction) => Promise<void> {
  const contextFor = (interaction: Interaction, deadlineMs?: number): CommandContext =>
    commandContextFor(
      deps,
      {
        userId: interaction.user.id,
        guildId: interaction.guildId,
        channelId: interaction.channelId,
        memberPermissions: interaction.memberPermissions?.bitfield ?? null,
        ...(interaction.isChatInputCommand() ? { channels: channelOptionsAccess(interaction) } : {}),
      },
      deadlineMs,
    );
  const limit = deps.limit ?? new ConcurrencyLimit(deps.maxConcurrent ?? 8);

  return async (interaction) => {
    const started = performance.now();
    const meta = { interaction: interaction.id, user: interaction.user.id, guild: interaction.guildId };
    try {
      if (await refusedOverBudget(interaction, deps)) return;
      if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
        const command = deps.registry.get(interaction.commandName);
        const context = contextFor(interaction);
        const work = command
          ? limit.run(() => command.run(context, readOptions(interaction)))
          : Promise.resolve(notice(`Unknown command /${interaction.commandName}. It may have been removed; try /help.`));
        // Public only where the member may write: otherwise the bot would post for them.
        const visibility = answerVisibility(command?.visibility ?? 'private', invocationOf(interaction));
        await respond(interaction, { kind: 'reply', visibility }, work, deps, { command: interaction.commandName });
        deps.log.info({ ...meta, command: interaction.commandName, ms: Math.round(performance.now() - started) }, 'command answered');
      } else if (interaction.isButton()) {
        const button = deps.registry.button(interaction.customId);
        const context = contextFor(interaction);
        const work = button
          ? limit.run(async () => button.spec.run(context, button.fields, { content: interaction.message.content }))
          : Promise.resolve(notice('This button is no longer supported. Run the command again.'));
        // Editing a public message is posting too: where the member may not write, they get the new page privately.
        const editsForAll = !interaction.message.flags.has(MessageFlags.Ephemeral) && !mayAnswerPublicly(invocationOf(interaction));
        const plan: ReplyPlan =
          button?.spec.reply === 'update' && !editsForAll ? { kind: 'update', visibility: 'public' } : { kind: 'reply', visibility: 'private' };
        await respond(interaction, plan, work, deps, { button: interaction.customId.slice(0, 100) });
        deps.log.info({ ...meta, button: interaction.customId.slice(0, 100), ms: Math.round(performance.now() - started) }, 'button answered');
      } else if (interaction.isAutocomplete()) {
        // Its calls carry the router's deadline: a call still queued when it answers with nothing is dropped.
        await answerAutocomplete(interaction, deps, contextFor(interaction, deps.autocompleteDeadlineMs ?? AUTOCOMPLETE_DEADLINE_MS));
      }
    } catch (error) {
      // Reached only when sending the answer itself failed (network, expired interaction).
      deps.log.error({ ...meta, err: error }, 'could not answer interaction');
    }
  };
}

/**
 * Takes the interaction's cost from its member's and guild's budgets. Over budget, a command
 * or button gets a short private "slow down", and autocomplete an immediate empty answer;
 * no handler runs. Returns whether it refused.
 */
async function refusedOverBudget(interaction: Interaction, deps: RouterDeps): Promise<boolean> {
  if (!deps.budgets) return false;
  const answerable = interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand() || interaction.isButton();
  if (!answerable && !interaction.isAutocomplete()) return false;
  const wait = deps.budgets.take(interaction.isAutocomplete() ? 'autocomplete' : 'interaction', interaction.user.id, interaction.guildId);
  if (wait === 0) return false;
  deps.log.info({ interaction: interaction.id, user: interaction.user.id, guild: interaction.guildId, waitSeconds: wait }, 'interaction over budget');
  if (interaction.isAutocomplete()) await interaction.respond([]);
  else if (answerable) await interaction.reply({ ...toReplyOptions(slowDown(wait)), flags: MessageFlags.Ephemeral });
  return true;
}

type Respondable = ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction;

/**
 * Sends the handler's payload: at once when it is ready within `deferAfterMs`, otherwise
 * after a deferral of the planned kind and visibility. A failure becomes a private notice.
 */
async function respond(interaction: Respondable, plan: ReplyPlan, work: Promise<ReplyPayload>, deps: RouterDeps, meta: Record<string, string>): Promise<void> {
  const settled = work.then(
    (payload) => ({ payload, failed: false }),
    (error: unknown) => ({ payload: errorReply(error, deps.log, { ...meta, interaction: interaction.id }), failed: true }),
  );
  const early = await within(settled, deps.deferAfterMs ?? DEFER_AFTER_MS);
  if (early === null) {
    if (plan.kind === 'update' && interaction.isButton()) await interaction.deferUpdate();
    else await interaction.deferReply(plan.visibility === 'private' ? { flags: MessageFlags.Ephemeral } : {});
  }
  const { payload: raw, failed } = early ?? (await settled);
  const payload = withLoadingNote(raw, deps.library.status);
  const isPrivate = failed || payload.ephemeral || plan.visibility === 'private';

  if (plan.kind === 'update' && interaction.isButton()) {
    // An error or a private notice leaves the clicked message as it is.
    if (isPrivate) await privateMessage(interaction, payload);
    else if (interaction.deferred) await interaction.editReply(toEditOptions(payload));
    else await interaction.update(toEditOptions(payload));
    return;
  }
  if (!interaction.deferred) {
    await interaction.reply({ ...toReplyOptions(payload), ...(isPrivate ? { flags: MessageFlags.Ephemeral } : {}) });
  } else if (isPrivate && plan.visibility === 'public') {
    // A public deferral cannot turn private: remove it and answer privately.
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({ ...toReplyOptions(payload), flags: MessageFlags.Ephemeral });
  } else {
    await interaction.editReply(toEditOptions(payload));
  }
}

async function privateMessage(interaction: ButtonInteraction, payload: ReplyPayload): Promise<void> {
  const options = { ...toReplyOptions(payload), flags: MessageFlags.Ephemeral } as const;
  if (interaction.deferred || interaction.replied) await interaction.followUp(options);
  else await interaction.reply(options);
}

/**
 * Autocomplete has no deferral: the choices must arrive within 3 s. Past the deadline it
 * answers with no choices rather than letting the interaction expire; while the digest
 * loads, the first choice says so.
 */
async function answerAutocomplete(interaction: AutocompleteInteraction, deps: RouterDeps, context: CommandContext): Promise<void> {
  const command = deps.registry.get(interaction.commandName);
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value);
  const found = Promise.resolve()
    .then(() => command?.autocomplete?.(context, { name: focused.name, value: typed }) ?? [])
    .catch((error: unknown) => {
      deps.log.warn({ command: interaction.commandName, err: error }, 'autocomplete failed');
      return [];
    });
  const answered = await within(found, deps.autocompleteDeadlineMs ?? AUTOCOMPLETE_DEADLINE_MS);
  if (answered === null) deps.log.warn({ command: interaction.commandName }, 'autocomplete missed its deadline; answering no choices');
  let choices: AutocompleteChoice[] = answered ?? [];
  const note = loadingNote(deps.library.status);
  if (note !== null) {
    const value = truncate(typed.trim(), LIMITS.choiceValue) || '-';
    choices = [{ name: truncate(note, LIMITS.choiceName), value }, ...choices].slice(0, LIMITS.autocompleteChoices);
  }
  await interaction.respond(choices.slice(0, LIMITS.autocompleteChoices));
}

/** The options of a slash command as plain values by name; for a message command, the message text. */
function readOptions(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction): RawOptions {
  if (interaction.isMessageContextMenuCommand()) return { message: interaction.targetMessage.content };
  const options: Record<string, string | number | boolean> = {};
  for (const option of interaction.options.data) {
    if (option.value !== undefined) options[option.name] = option.value;
  }
  return options;
}

/** The work's result if it settles within `ms`, else null; the timer is cleared either way. */
function within<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
