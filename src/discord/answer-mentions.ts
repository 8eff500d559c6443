import type { Message } from 'discord.js';
import { askQuestion, CooldownError } from '../interactions/ask-question.js';
import { ConcurrencyLimit } from '../interactions/concurrency-limit.js';
import { errorReply } from '../interactions/error-reply.js';
import { withLoadingNote } from '../present/loading-note.js';
import { notice } from '../present/reply-payload.js';
import { commandContextFor, type RouterDeps } from './router.js';
import { toMessageReplyOptions } from './to-discord.js';

/**
 * Answers `@bot <question>` in a channel as a reply to that message, with the same answer
 * as /ask, inside the same concurrency limit as commands; a question within the asker's
 * cooldown gets no reply. The message handler calls it only for a person's message whose
 * text mentions the bot (mentionsBot), so not for a reply that merely pings it. Discord delivers the text of messages that mention the bot
 * without the privileged Message Content intent.
 */
export function createMentionHandler(deps: RouterDeps): (message: Message, botId: string) => Promise<void> {
  // The same limit as commands when startDiscord built the handlers (it always does).
  const limit = deps.limit ?? new ConcurrencyLimit(deps.maxConcurrent ?? 8);
  return async (message, botId) => {
    const question = message.content.replace(mentionPattern(botId), ' ').trim();
    const context = commandContextFor(deps, { userId: message.author.id, guildId: message.guildId, channelId: message.channelId });
    // A question counts in its member's and guild's budgets as a command does; over them it
    // gets no reply (a public "slow down" per mention would be the spam the budget prevents).
    if (question !== '' && (deps.budgets?.take('interaction', message.author.id, message.guildId) ?? 0) > 0) {
      deps.log.info({ message: message.id, user: message.author.id, guild: message.guildId }, 'mention over budget: not answered');
      return;
    }
    let payload;
    try {
      payload =
        question === ''
          ? notice('Ask me about the papers: `@me which papers reduce the KV cache?` — or try `/search` and `/help`.')
          : await limit.run(() => askQuestion(context, question));
    } catch (error) {
      if (error instanceof CooldownError) {
        // A public "you're asking quickly" per mention would be the spam the cooldown prevents.
        deps.log.debug({ message: message.id, user: message.author.id }, 'mention within the cooldown: not answered');
        return;
      }
      payload = errorReply(error, deps.log, { mention: message.id, channel: message.channelId });
    }
    payload = withLoadingNote(payload, deps.library.status);
    try {
      await message.reply(toMessageReplyOptions(payload));
      deps.log.info({ message: message.id, user: message.author.id, guild: message.guildId }, 'mention answered');
    } catch (error) {
      deps.log.error({ err: error, message: message.id, channel: message.channelId }, 'could not reply to mention');
    }
  };
}

/** `<@id>` and `<@!id>` of the bot (global, for replace). */
const mentionPattern = (botId: string) => new RegExp(`<@!?${botId}>`, 'g');

/** Whether a message's text mentions the bot (`<@id>`): then it is a question, not a reply that merely pings. */
export function mentionsBot(content: string, botId: string): boolean {
  return mentionPattern(botId).test(content);
}
