/**
 * Why the bot does not read a message: written by a bot (itself included, so it never
 * answers its own posts or loops with another bot), by a webhook, or by Discord itself (a
 * system message: joins, pins, boosts). Null when a person wrote it.
 */
export function ignoredAuthor(message: { author: { bot: boolean }; webhookId: string | null; system: boolean }): 'bot' | 'webhook' | 'system' | null {
  if (message.webhookId !== null) return 'webhook';
  if (message.author.bot) return 'bot';
  if (message.system) return 'system';
  return null;
}
