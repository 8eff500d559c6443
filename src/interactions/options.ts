import { ApplicationCommandOptionType, ChannelType, type APIApplicationCommandBasicOption, type ApplicationCommandOptionAllowedChannelType } from 'discord.js';
import { z } from 'zod';

/**
 * One declaration per option: it gives both the JSON Discord registers and the zod schema
 * the handler's input is parsed with, and the description shows the limits, so the three
 * cannot drift apart. Handlers never trust Discord's own checks: the console sends
 * strings, and a forged interaction can send anything.
 */
interface OptionSpec<T> {
  /** The option as Discord registers it, under `name`. */
  json(name: string): APIApplicationCommandBasicOption;
  /** Parses the raw value (undefined when absent). */
  schema: z.ZodType<T, unknown>;
  required: boolean;
}

type Presence<Required extends boolean, T> = Required extends true ? T : T | undefined;

const MAX_DESCRIPTION = 100;

function describe(description: string, limits: string): string {
  const text = limits ? `${description} (${limits})` : description;
  if (text.length > MAX_DESCRIPTION) throw new Error(`option description over ${MAX_DESCRIPTION} characters: "${text}"`);
  return text;
}

function maybe<T>(schema: z.ZodType<T, unknown>, required: boolean): z.ZodType<T | undefined, unknown> {
  return required ? schema : schema.optional();
}

/** Free text of at most `maxLength` characters. */
export function textOption<const Required extends boolean = false>(
  description: string,
  settings: { maxLength: number; required?: Required; autocomplete?: boolean },
): OptionSpec<Presence<Required, string>> {
  const required = settings.required ?? false;
  const schema = z.string({ error: 'must be text' }).max(settings.maxLength, { error: `at most ${settings.maxLength} characters` });
  return {
    required,
    schema: maybe(schema, required) as z.ZodType<Presence<Required, string>, unknown>,
    json: (name) => ({
      type: ApplicationCommandOptionType.String,
      name,
      description: describe(description, ''),
      required,
      max_length: settings.maxLength,
      ...(settings.autocomplete ? { autocomplete: true } : {}),
    }),
  };
}

/** A whole number in [min, max], with a default when left out. */
export function integerOption(description: string, settings: { min: number; max: number; default: number }): OptionSpec<number> {
  const { min, max } = settings;
  return {
    required: false,
    schema: z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(min, { error: `at least ${min}` })
      .max(max, { error: `at most ${max}` })
      .default(settings.default),
    json: (name) => ({
      type: ApplicationCommandOptionType.Integer,
      name,
      description: describe(description, `${min}–${max}, default ${settings.default}`),
      min_value: min,
      max_value: max,
    }),
  };
}

/** One of a fixed list of values, with a default when left out. */
export function choiceOption<const Value extends string>(
  description: string,
  values: readonly [Value, ...Value[]],
  settings: { default: Value },
): OptionSpec<Value> {
  return {
    required: false,
    schema: z.enum(values, { error: `must be one of ${values.join(', ')}` }).default(settings.default as never),
    json: (name) => ({
      type: ApplicationCommandOptionType.String,
      name,
      description: describe(description, `default ${settings.default}`),
      choices: values.map((value) => ({ name: value, value })),
    }),
  };
}

/** Yes or no, with a default when left out. The console types `true` or `false`. */
export function flagOption(description: string, settings: { default: boolean }): OptionSpec<boolean> {
  return {
    required: false,
    schema: z
      .union([z.boolean(), z.enum(['true', 'false', 'yes', 'no', 'on', 'off']).transform((value) => ['true', 'yes', 'on'].includes(value))], {
        error: 'must be true or false',
      })
      .default(settings.default),
    json: (name) => ({ type: ApplicationCommandOptionType.Boolean, name, description: describe(description, `default ${settings.default}`) }),
  };
}

/** Channels a bot posts in: text and announcement channels. */
const POSTING_CHANNELS: readonly ApplicationCommandOptionAllowedChannelType[] = [ChannelType.GuildText, ChannelType.GuildAnnouncement];

/** A channel of the server, as its id: by default a text or announcement channel; `types` widens the picker (e.g. to forums). */
export function channelOption<const Required extends boolean = false>(
  description: string,
  settings: { required?: Required; types?: readonly ApplicationCommandOptionAllowedChannelType[] } = {},
): OptionSpec<Presence<Required, string>> {
  const required = settings.required ?? false;
  return {
    required,
    schema: maybe(z.string().regex(/^\d{17,20}$/, { error: 'must be a channel' }), required) as z.ZodType<Presence<Required, string>, unknown>,
    json: (name) => ({
      type: ApplicationCommandOptionType.Channel,
      name,
      description: describe(description, ''),
      required,
      channel_types: [...(settings.types ?? POSTING_CHANNELS)],
    }),
  };
}

export type OptionSpecs = Record<string, OptionSpec<unknown>>;

/** The values a handler receives for these options. */
export type OptionValues<Specs extends OptionSpecs> = { [Name in keyof Specs]: Specs[Name] extends OptionSpec<infer T> ? T : never };

/** Discord wants required options before optional ones. */
export function optionsJson(specs: OptionSpecs): APIApplicationCommandBasicOption[] {
  const entries = Object.entries(specs);
  return [...entries.filter(([, spec]) => spec.required), ...entries.filter(([, spec]) => !spec.required)].map(([name, spec]) => spec.json(name));
}

/** The zod schema of all options together. */
export function optionsSchema<Specs extends OptionSpecs>(specs: Specs): z.ZodType<OptionValues<Specs>, unknown> {
  return z.object(Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, spec.schema]))) as unknown as z.ZodType<OptionValues<Specs>, unknown>;
}

/** One of a fixed list of values, or undefined when left out (a choice that has no sensible default). */
export function optionalChoiceOption<const Value extends string>(description: string, values: readonly [Value, ...Value[]]): OptionSpec<Value | undefined> {
  return {
    required: false,
    schema: z.enum(values, { error: `must be one of ${values.join(', ')}` }).optional(),
    json: (name) => ({
      type: ApplicationCommandOptionType.String,
      name,
      description: describe(description, ''),
      choices: values.map((value) => ({ name: value, value })),
    }),
  };
}

/** Yes or no, required: for settings where leaving it out would be a guess. The console types `true` or `false`. */
export function requiredFlagOption(description: string): OptionSpec<boolean> {
  return {
    required: true,
    schema: z.union([z.boolean(), z.enum(['true', 'false', 'yes', 'no', 'on', 'off']).transform((value) => ['true', 'yes', 'on'].includes(value))], {
      error: 'must be true or false',
    }),
    json: (name) => ({ type: ApplicationCommandOptionType.Boolean, name, description: describe(description, ''), required: true }),
  };
}
