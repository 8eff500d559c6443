import { issue, type FieldIssue } from './discord-errors.js';
import { lengthOf } from './message-rules.js';

/**
 * Autocomplete results (callback type 8): at most 25 choices, each with a name of 1 to 100
 * characters and a value that is a number or a string of at most 100 characters
 * (https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-choice-structure).
 */

export const CHOICE_LIMITS = { choices: 25, name: 100, value: 100 } as const;

export function checkChoices(data: unknown): FieldIssue[] {
  const choices = typeof data === 'object' && data !== null ? (data as { choices?: unknown }).choices : undefined;
  if (!Array.isArray(choices)) return [issue.required(['choices'])];
  const issues: FieldIssue[] = [];
  if (choices.length > CHOICE_LIMITS.choices) issues.push(issue.tooLong(['choices'], CHOICE_LIMITS.choices));
  choices.forEach((choice: unknown, index) => {
    const { name, value } = (typeof choice === 'object' && choice !== null ? choice : {}) as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || lengthOf(name) < 1 || lengthOf(name) > CHOICE_LIMITS.name)
      issues.push(issue.badLength(['choices', index, 'name'], 1, CHOICE_LIMITS.name));
    if (typeof value === 'string') {
      if (lengthOf(value) > CHOICE_LIMITS.value) issues.push(issue.tooLong(['choices', index, 'value'], CHOICE_LIMITS.value));
    } else if (typeof value !== 'number') {
      issues.push(issue.required(['choices', index, 'value']));
    }
  });
  return issues;
}
