import { defineCommand, type Command } from '../src/interactions/command.js';
import { commandUsage } from '../src/present/command-usage.js';
import { PAPER_COLOR } from '../src/present/paper-embed.js';
import { reply } from '../src/present/reply-payload.js';

/** /help lists every command with its usage, taken from the same data Discord registers. */
export function createHelpCommand(allCommands: () => readonly Command[]): Command {
  return defineCommand({
    name: 'help',
    description: 'What this bot does and how to use each command',
    visibility: 'private',
    execute: () =>
      reply({
        ephemeral: true,
        embeds: [
          {
            title: 'Paper digest bot',
            color: PAPER_COLOR,
            description:
              'I know a digest of research papers and find them for you. Search tolerates typos and partial words; results link to each paper on Hugging Face and arXiv.',
            fields: allCommands().map((command) => ({
              name: commandUsage(command.data).slice(0, 256),
              value: ('description' in command.data && command.data.description) || 'Right-click a message → Apps',
            })),
          },
        ],
      }),
  });
}
