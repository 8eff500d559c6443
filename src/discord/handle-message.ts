import type { Message } from 'discord.js';
import { createMentionHandler, mentionsBot } from './answer-mentions.js';
import { ignoredAuthor } from './ignored-author.js';
import type { RouterDeps } from './router.js';

/**
 * The one MessageCreate handler: a message that mentions the bot is a question (answered as
 * /ask is); any other message may have paper links to unfurl, when unfurls are on. Bots (the
 * bot itself included), webhooks and system messages are ignored (logged at trace: every
 * message of the server passes here).
 */
export function createMessageHandler(deps: RouterDeps, unfurl?: (message: Message) => Promise<void>): (message: Message) => Promise<void> {
  const answerMention = createMentionHandler(deps);
  return async (message) => {
    const me = message.client.user;
    const ignored = ignoredAuthor(message);
    if (ignored !== null) {
      deps.log.trace({ message: message.id, channel: message.channelId, author: ignored }, 'message ignored: not written by a person');
      return;
    }
    if (!me) return;
    if (mentionsBot(message.content, me.id)) await answerMention(message, me.id);
    else if (unfurl) await unfurl(message);
    else deps.log.trace({ message: message.id, channel: message.channelId }, 'message ignored: not a question, and link cards are off');
  };
}
