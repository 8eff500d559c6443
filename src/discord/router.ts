import { setTimeout as sleep } from 'node:timers/promises';
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { CommandContext, RawOptions } from '../command/command.js';
import type { AnnouncementStore } from '../announce/announcement-store.js';
import type { Cooldowns } from '../command/cooldowns.js';
import type { AnswerWriter } from '../llm/write-answer.js';
import type { CommandRegistry } from '../command/command-registry.js';
import { ConcurrencyLimit } from '../command/concurrency-limit.js';
import { errorReply } from '../command/error-reply.js';
import type { Library } from '../library/library.js';
import type { Logger } from '../log.js';
import { notice, type ReplyPayload } from '../present/reply-payload.js';
import { toEditOptions, toReplyOptions } from './to-discord.js';

/** Discord allows 3 s for the first response; past this, the router defers and edits later. */
export const DEFER_AFTER_MS = 1000;

export interface RouterDeps {
  registry: CommandRegistry;
  library: Library;
  log: Logger;
  now?: () => Date;
  random?: () => number;
  deferAfterMs?: number;
  cooldowns?: Cooldowns | undefined;
  writeAnswer?: AnswerWriter | undefined;
  announcements?: AnnouncementStore | undefined;
  /** At most this many handlers run at once (default 8); autocomplete is not limited. */
  maxConcurrent?: number;
}

/** The handler context for one user, shared by interactions and @mentions. */
export function commandContextFor(deps: RouterDeps, userId: string, guildId: string | null, memberPermissions: bigint | null = null): CommandContext {
  return {
    library: deps.library,
    now: deps.now ?? (() => new Date()),
    random: deps.random ?? Math.random,
    userId,
    guildId,
    log: deps.log,
    cooldowns: deps.cooldowns,
    writeAnswer: deps.writeAnswer,
    memberPermissions,
    announcements: deps.announcements,
  };
}

/**
 * The one `interactionCreate` handler: slash commands, autocomplete and buttons. Every
 * interaction gets an answer; failures are logged and answered privately.
 */
export function createRouter(deps: RouterDeps): (interaction: Interaction) => Promise<void> {
  const contextFor = (interaction: Interaction): CommandContext =>
    commandContextFor(deps, interaction.user.id, interaction.guildId, interaction.memberPermissions?.bitfield ?? null);
  const deferAfter = deps.deferAfterMs ?? DEFER_AFTER_MS;
  const limit = new ConcurrencyLimit(deps.maxConcurrent ?? 8);

  return async (interaction) => {
    const started = performance.now();
    const meta = { interaction: interaction.id, user: interaction.user.id, guild: interaction.guildId };
    try {
      if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
        await answerCommand(interaction, deps, contextFor(interaction), deferAfter, limit);
        deps.log.info({ ...meta, command: interaction.commandName, ms: Math.round(performance.now() - started) }, 'command answered');
      } else if (interaction.isAutocomplete()) {
        await answerAutocomplete(interaction, deps, contextFor(interaction));
      } else if (interaction.isButton()) {
        await answerButton(interaction, deps, contextFor(interaction), deferAfter, limit);
        deps.log.info({ ...meta, button: interaction.customId.slice(0, 100), ms: Math.round(performance.now() - started) }, 'button answered');
      }
    } catch (error) {
      // Reached only when sending the answer itself failed (network, expired token).
      deps.log.error({ ...meta, err: error }, 'could not answer interaction');
    }
  };
}

async function answerCommand(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  deps: RouterDeps,
  context: CommandContext,
  deferAfter: number,
  limit: ConcurrencyLimit,
): Promise<void> {
  const command = deps.registry.get(interaction.commandName);
  const work = command
    ? limit.run(() => command.run(context, readOptions(interaction)))
    : Promise.resolve(notice(`Unknown command /${interaction.commandName}. It may have been removed; try /help.`));
  await respond(interaction, work, deps.log, deferAfter, { command: interaction.commandName });
}

async function answerButton(
  interaction: ButtonInteraction,
  deps: RouterDeps,
  context: CommandContext,
  deferAfter: number,
  limit: ConcurrencyLimit,
): Promise<void> {
  const command = deps.registry.forCustomId(interaction.customId);
  const button = command?.button;
  const work = button
    ? limit.run(() => button(context, interaction.customId, { content: interaction.message.content }))
    : Promise.resolve(notice('This button is no longer supported. Run the command again.'));
  await respond(interaction, work, deps.log, deferAfter, { button: interaction.customId.slice(0, 100) });
}

async function answerAutocomplete(interaction: AutocompleteInteraction, deps: RouterDeps, context: CommandContext): Promise<void> {
  const command = deps.registry.get(interaction.commandName);
  try {
    const focused = interaction.options.getFocused(true);
    const choices = command?.autocomplete?.(context, { name: focused.name, value: String(focused.value) }) ?? [];
    await interaction.respond(choices);
  } catch (error) {
    deps.log.warn({ command: interaction.commandName, err: error }, 'autocomplete failed');
    if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
  }
}

type Respondable = ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction;

/**
 * Sends the handler's payload: at once when it is ready within `deferAfter`, otherwise
 * after a deferral. A button edits the message it is on. A failure becomes a private notice.
 */
async function respond(
  interaction: Respondable,
  work: Promise<ReplyPayload>,
  log: Logger,
  deferAfter: number,
  context: Record<string, unknown>,
): Promise<void> {
  const settled = work.then(
    (payload) => ({ payload, failed: false as const }),
    (error: unknown) => ({ payload: errorReply(error, log, { ...context, interaction: interaction.id }), failed: true as const }),
  );
  const early = await Promise.race([settled, sleep(deferAfter).then(() => null)]);
  if (early === null) {
    if (interaction.isButton()) await interaction.deferUpdate();
    else await interaction.deferReply();
  }
  const { payload, failed } = early ?? (await settled);
  if (failed || (payload.ephemeral && interaction.isButton())) {
    // Errors are private; after a deferral the public placeholder is removed first.
    if (interaction.deferred && !interaction.isButton()) await interaction.deleteReply().catch(() => undefined);
    if (interaction.deferred || interaction.replied) await interaction.followUp({ ...toReplyOptions(payload), flags: MessageFlags.Ephemeral });
    else await interaction.reply({ ...toReplyOptions(payload), flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.deferred) await interaction.editReply(toEditOptions(payload));
  else if (interaction.isButton()) await interaction.update(toEditOptions(payload));
  else await interaction.reply(toReplyOptions(payload));
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
