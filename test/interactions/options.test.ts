import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { channelOption, choiceOption, flagOption, integerOption, optionsJson, optionsSchema, textOption } from '../../src/interactions/options.js';

/** One declaration gives the Discord JSON, the schema and the limits in the description: they cannot drift. */
describe('option declarations', () => {
  const specs = {
    query: textOption('Words to look for', { required: true, maxLength: 200 }),
    limit: integerOption('Papers per page', { min: 1, max: 10, default: 5 }),
    sort: choiceOption('Order', ['relevance', 'newest'], { default: 'relevance' }),
    threads: flagOption('A thread per paper', { default: false }),
    channel: channelOption('Where to post'),
  };

  it('registers required options first, with the limits in the JSON and the description', () => {
    expect(optionsJson(specs)).toEqual([
      { type: ApplicationCommandOptionType.String, name: 'query', description: 'Words to look for', required: true, max_length: 200 },
      { type: ApplicationCommandOptionType.Integer, name: 'limit', description: 'Papers per page (1–10, default 5)', min_value: 1, max_value: 10 },
      {
        type: ApplicationCommandOptionType.String,
        name: 'sort',
        description: 'Order (default relevance)',
        choices: [
          { name: 'relevance', value: 'relevance' },
          { name: 'newest', value: 'newest' },
        ],
      },
      { type: ApplicationCommandOptionType.Boolean, name: 'threads', description: 'A thread per paper (default false)' },
      { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'Where to post', required: false, channel_types: [0, 5] },
    ]);
  });

  it('parses with the same limits: defaults, console strings, and clear errors', () => {
    const schema = optionsSchema(specs);
    expect(schema.parse({ query: 'kv', limit: '3', threads: 'yes' })).toEqual({ query: 'kv', limit: 3, sort: 'relevance', threads: true, channel: undefined });
    expect(schema.safeParse({ query: 'x'.repeat(201) }).error?.issues[0]?.message).toBe('at most 200 characters');
    expect(schema.safeParse({ query: 'kv', limit: 11 }).error?.issues[0]?.message).toBe('at most 10');
    expect(schema.safeParse({ query: 'kv', limit: 2.5 }).error?.issues[0]?.message).toBe('must be a whole number');
    expect(schema.safeParse({ query: 'kv', sort: 'hot' }).error?.issues[0]?.message).toBe('must be one of relevance, newest');
    expect(schema.safeParse({ query: 'kv', channel: 'general' }).error?.issues[0]?.message).toBe('must be a channel');
  });

  it('refuses a description that Discord would refuse (over 100 characters with its limits)', () => {
    expect(() => integerOption('x'.repeat(90), { min: 1, max: 10, default: 5 }).json('n')).toThrow('option description over 100 characters');
  });
});
