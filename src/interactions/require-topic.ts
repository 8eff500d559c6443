import type { Topic } from '../library/topics.js';
import { escapeText, toInlineCode } from '../present/markdown.js';
import { UserError, type CommandContext } from './command.js';

/** The topic the user named (by id or name), or a UserError listing the topics there are. */
export async function requireTopic(context: CommandContext, input: string): Promise<Topic> {
  const topic = await context.library.findTopic(input);
  if (topic) return topic;
  const names = (await context.library.topics()).map(({ topic: known }) => known.name).join(', ');
  throw new UserError(`There is no topic ${toInlineCode(input.slice(0, 60))}. Topics: ${escapeText(names)}.`);
}
