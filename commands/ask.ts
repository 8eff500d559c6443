import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { defineCommand, UserError, type CommandContext } from '../src/command/command.js';
import { answerQuestion } from '../src/library/answer-question.js';
import type { WrittenAnswer } from '../src/llm/write-answer.js';
import { answerMessage } from '../src/present/answer-message.js';
import type { ReplyPayload } from '../src/present/reply-payload.js';

export const MAX_QUESTION_LENGTH = 300;

/**
 * Answers a question from the digest: extractive by default; written by a language model
 * from the same sources when one is configured, falling back to the extractive answer on
 * any model failure. Shared by /ask and @mentions. Applies the per-user cooldown.
 */
export async function askPayload(context: CommandContext, rawQuestion: string): Promise<ReplyPayload> {
  const question = rawQuestion.replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_LENGTH);
  if (question.replace(/[^\p{L}\p{N}]/gu, '') === '')
    throw new UserError('Ask a question about the papers, e.g. `/ask question:which papers reduce the KV cache?`');
  const wait = context.cooldowns?.take(context.userId) ?? 0;
  if (wait > 0) throw new UserError(`You're asking quickly: try again in ${wait} s.`);
  const answer = answerQuestion(context.library, question, context.now());
  let written: WrittenAnswer | undefined;
  if (context.writeAnswer && answer.status === 'answered' && answer.evidence.length > 0) {
    try {
      written = await context.writeAnswer(answer);
    } catch (error) {
      context.log.warn({ err: error }, 'model answer failed; using the extractive answer');
    }
  }
  return answerMessage(answer, written);
}

export default defineCommand({
  data: {
    name: 'ask',
    description: 'Ask a question about the papers; the answer quotes and cites them',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: 'e.g. "how much does HyLo reduce KV-cache memory?"',
        required: true,
        max_length: MAX_QUESTION_LENGTH,
      },
    ],
  },
  options: z.object({ question: z.string() }),
  execute: (context, { question }) => askPayload(context, question),
});
