import { ApplicationCommandOptionType, ApplicationCommandType, type APIApplicationCommandOption } from 'discord.js';
import { z } from 'zod';
import { defineCommand, type Command } from '../src/command/command.js';
import { PAPER_COLOR } from '../src/present/paper-embed.js';
import { reply } from '../src/present/reply-payload.js';

/** "/search query:<text> [limit:1–10] [sort:relevance|newest|upvotes]". */
export function usage(command: Command): string {
  const data = command.data;
  if (data.type !== undefined && data.type !== ApplicationCommandType.ChatInput) return `Apps → ${data.name}`;
  const options = ('options' in data ? (data.options ?? []) : []) as APIApplicationCommandOption[];
  const parts = options.map((option) => {
    const shape = describeOption(option);
    return option.required ? `${option.name}:${shape}` : `[${option.name}:${shape}]`;
  });
  return [`/${data.name}`, ...parts].join(' ');
}

function describeOption(option: APIApplicationCommandOption): string {
  if ('choices' in option && option.choices?.length) return option.choices.map((choice) => choice.value).join('|');
  if (option.type === ApplicationCommandOptionType.Integer || option.type === ApplicationCommandOptionType.Number) {
    if (option.min_value !== undefined && option.max_value !== undefined) return `${option.min_value}–${option.max_value}`;
    return '<number>';
  }
  if (option.type === ApplicationCommandOptionType.Channel) return '<channel>';
  if ('autocomplete' in option && option.autocomplete) return `<${option.name}>`;
  return '<text>';
}

/** /help lists every command with its usage, taken from the same data Discord registers. */
export function createHelpCommand(allCommands: () => readonly Command[]): Command {
  return defineCommand({
    data: { name: 'help', description: 'What this bot does and how to use each command' },
    options: z.object({}),
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
              name: usage(command).slice(0, 256),
              value: ('description' in command.data && command.data.description) || 'Right-click a message → Apps',
            })),
          },
        ],
      }),
  });
}
