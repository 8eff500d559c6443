import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommandOption,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';

/** "/search query:<text> [limit:1–10] [sort:relevance|newest|upvotes]", from the data Discord registers. */
export function commandUsage(data: RESTPostAPIApplicationCommandsJSONBody): string {
  if (data.type !== undefined && data.type !== ApplicationCommandType.ChatInput) return `Apps → ${data.name}`;
  const options = 'options' in data ? (data.options ?? []) : [];
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
  if (option.type === ApplicationCommandOptionType.Boolean) return 'true|false';
  if (option.type === ApplicationCommandOptionType.Channel) return '<channel>';
  if ('autocomplete' in option && option.autocomplete) return `<${option.name}>`;
  return '<text>';
}
