import { parseSince } from '../library/parse-since.js';
import { toInlineCode } from '../present/markdown.js';
import { UserError, type CommandContext } from './command.js';

/** A `since` option as a `YYYY-MM-DD` day (null when left empty), or a UserError with examples. */
export function readSince(context: CommandContext, text: string | undefined): string | null {
  if (text === undefined || text.trim() === '') return null;
  const since = parseSince(text, context.now());
  if (since === null) throw new UserError(`${toInlineCode(text.slice(0, 40))} is not a date I understand. Try 2025-01-01, Jan 2025, 2024 or 6 months.`);
  return since;
}
