import { askQuestion, MAX_QUESTION_LENGTH } from '../src/interactions/ask-question.js';
import { defineCommand } from '../src/interactions/command.js';
import { textOption } from '../src/interactions/options.js';

export default defineCommand({
  name: 'ask',
  description: 'Ask a question about the papers; the answer quotes and cites them',
  options: {
    question: textOption('e.g. "how much does HyLo reduce KV-cache memory?"', { required: true, maxLength: MAX_QUESTION_LENGTH }),
  },
  execute: (context, { question }) => askQuestion(context, question),
});
