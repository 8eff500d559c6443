import type { WrittenAnswer } from '../llm/write-answer.js';
import { answerMessage } from '../present/answer-message.js';
import type { ReplyPayload } from '../present/reply-payload.js';
import { UserError, type CommandContext } from './command.js';

export const MAX_QUESTION_LENGTH = 300;

/** A question asked within the user's cooldown: a private notice for /ask; @mentions stay silent instead of spamming the channel. */
export class CooldownError extends UserError {}

/**
 * Answers a question from the digest: extractive by default; written by a language model
 * from the same sources when one is configured and its hourly budget of calls allows,
 * falling back to the extractive answer on any model failure (an unusable text included:
 * see write-answer.ts). Shared by /ask, @mentions and the console. Applies the per-user
 * cooldown.
 */
export async function askQuestion(context: CommandContext, rawQuestion: string): Promise<ReplyPayload> {
  const question = rawQuestion.replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_LENGTH);
  if (question.replace(/[^\p{L}\p{N}]/gu, '') === '')
    throw new UserError('Ask a question about the papers, e.g. `/ask question:which papers reduce the KV cache?`');
  const wait = context.cooldowns?.take(context.userId) ?? 0;
  if (wait > 0) throw new CooldownError(`You're asking quickly: try again in ${wait} s.`);
  const answer = await context.library.answer(question, context.now().toISOString()).catch((error: unknown) => {
    // Nothing was answered (the library restarting): the user may ask again at once.
    context.cooldowns?.release(context.userId);
    throw error;
  });
  let written: WrittenAnswer | null = null;
  if (context.writeAnswer && answer.status === 'answered' && answer.evidence.length > 0) {
    try {
      // null: over the hourly budget of model calls, which the writer logs once.
      written = await context.writeAnswer(answer, context.log);
    } catch (error) {
      context.log.warn({ err: error }, 'model answer failed; using the extractive answer');
    }
  }
  return answerMessage(answer, written ?? undefined);
}
