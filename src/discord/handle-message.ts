import type { Message } from 'discord.js';
import { createMentionHandler, mentionsBot } from './answer-mentions.js';
import type { RouterDeps } from './router.js';

/**
 * The one MessageCreate handler: a message that mentions the bot is a question (answered as
 * /ask is); any other message may have paper links to unfurl, when unfurls are on. Bots (the
 * bot itself included), webhooks and system messages are ignored.
 */
export function createMessageHandler(deps: RouterDeps, unfurl?: (message: Message) => Promise<void>): (message: Message) => Promise<void> {
  const answerMention = createMentionHandler(deps);
  return async (message) => {
    const me = message.client.user;
    if (message.author.bot || message.webhookId !== null || message.system || !me) return;
    if (mentionsBot(message.content, me.id)) await answerMention(message);
    else if (unfurl) await unfurl(message);
  };
}
