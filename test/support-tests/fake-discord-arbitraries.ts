import fc from 'fast-check';

/**
 * Message payloads within every Discord limit, and single-field mutations that push one field
 * just past its limit, for property tests of the fake Discord's rules.
 */

type Json = Record<string, unknown>;

/** Text of up to `max` code points, astral ones included (Discord counts code points). */
const text = (min: number, max: number) => fc.string({ unit: 'binary', minLength: min, maxLength: max });

/** One embed of at most 600 counted characters, so that even 10 stay within the 6000 total. */
const embed: fc.Arbitrary<Json> = fc.record(
  {
    title: text(0, 100),
    description: text(0, 300),
    url: fc.constant('https://huggingface.co/papers/2410.01485'),
    image: fc.constant({ url: 'attachment://figure.png' }),
    thumbnail: fc.constant({ url: 'http://127.0.0.1/thumb.png' }),
    fields: fc.array(fc.record({ name: text(1, 20), value: text(1, 40), inline: fc.boolean() }), { maxLength: 3 }),
    footer: fc.record({ text: text(1, 10) }),
    author: fc.record({ name: text(1, 10) }),
  },
  { requiredKeys: [] },
);

/** Up to 5 rows of up to 5 buttons; custom ids are made unique by their position prefix. */
const components: fc.Arbitrary<Json[]> = fc
  .array(fc.array(fc.record({ label: text(1, 80), tail: text(0, 90) }), { minLength: 1, maxLength: 5 }), { maxLength: 5 })
  .map((rows) =>
    rows.map((buttons, r) => ({
      type: 1,
      components: buttons.map((button, b) => ({ type: 2, style: 1 + ((r + b) % 4), label: button.label, custom_id: `${r}.${b}:${button.tail}` })),
    })),
  );

/** A message Discord accepts: non-empty content, up to 10 embeds, up to 5 rows of buttons. */
export const validMessage: fc.Arbitrary<Json> = fc.record({
  content: text(0, 1999).map((tail) => `x${tail}`),
  embeds: fc.array(embed, { maxLength: 10 }),
  components,
  allowed_mentions: fc.constant({ parse: [] }),
});

const filler = fc.constantFrom('a', 'é', '😀', ' ');
const repeat = (unit: string, count: number) => unit.repeat(count);

/** Ensures the message has a first embed and returns it. */
const firstEmbed = (message: Json): Json => {
  const embeds = (message.embeds as Json[] | undefined) ?? [];
  if (embeds.length === 0) embeds.push({ description: 'd' });
  message.embeds = embeds;
  return embeds[0] as Json;
};
const firstField = (message: Json): Json => {
  const embed = firstEmbed(message);
  const fields = (embed.fields as Json[] | undefined) ?? [];
  if (fields.length === 0) fields.push({ name: 'n', value: 'v' });
  embed.fields = fields;
  return fields[0] as Json;
};
const button = (customId: string, label = 'L') => ({ type: 2, style: 1, label, custom_id: customId });

/** Each mutation sets one field `excess` past its limit and returns the path Discord's error names. */
export const MUTATIONS: Record<string, (message: Json, excess: number, unit: string) => string> = {
  content: (message, excess, unit) => ((message.content = `x${repeat(unit, 1999 + excess)}`), 'content'),
  embedCount: (message, excess) => ((message.embeds = Array.from({ length: 10 + excess }, () => ({ description: 'd' }))), 'embeds'),
  title: (message, excess, unit) => ((firstEmbed(message).title = repeat(unit, 256 + excess)), 'embeds.0.title'),
  description: (message, excess, unit) => ((firstEmbed(message).description = repeat(unit, 4096 + excess)), 'embeds.0.description'),
  fieldCount: (message, excess) => ((firstEmbed(message).fields = Array.from({ length: 25 + excess }, () => ({ name: 'n', value: 'v' }))), 'embeds.0.fields'),
  fieldName: (message, excess, unit) => ((firstField(message).name = repeat(unit, 256 + excess)), 'embeds.0.fields.0.name'),
  fieldValue: (message, excess, unit) => ((firstField(message).value = repeat(unit, 1024 + excess)), 'embeds.0.fields.0.value'),
  footer: (message, excess, unit) => ((firstEmbed(message).footer = { text: repeat(unit, 2048 + excess) }), 'embeds.0.footer.text'),
  author: (message, excess, unit) => ((firstEmbed(message).author = { name: repeat(unit, 256 + excess) }), 'embeds.0.author.name'),
  embedTotal: (message, excess) => ((message.embeds = [{ description: repeat('a', 4000) }, { description: repeat('a', 2000 + excess) }]), 'embeds'),
  rows: (message, excess) => (
    (message.components = Array.from({ length: 5 + excess }, (_, r) => ({ type: 1, components: [button(`row${r}`)] }))),
    'components'
  ),
  buttonsPerRow: (message, excess) => (
    (message.components = [{ type: 1, components: Array.from({ length: 5 + excess }, (_, b) => button(`b${b}`)) }]),
    'components.0.components'
  ),
  label: (message, excess, unit) => (
    (message.components = [{ type: 1, components: [button('id', repeat(unit, 80 + excess))] }]),
    'components.0.components.0.label'
  ),
  customId: (message, excess, unit) => (
    (message.components = [{ type: 1, components: [button(repeat(unit, 100 + excess))] }]),
    'components.0.components.0.custom_id'
  ),
};

/** A valid message, a mutation name, how far past the limit (1 to 40) and the character to fill with. */
export const overLimit = fc.record({
  message: validMessage,
  mutation: fc.constantFrom(...Object.keys(MUTATIONS)),
  excess: fc.integer({ min: 1, max: 40 }),
  unit: filler,
});
