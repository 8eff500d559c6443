/** Discord's limit on a component's custom id. */
export const MAX_CUSTOM_ID_LENGTH = 100;

const NAME = /^[\w-]{1,32}$/u;

interface CustomId {
  /** The command that owns the component. */
  command: string;
  /** Which of the command's buttons it is. */
  button: string;
  /** The state the button carries, as strings. */
  fields: string[];
}

const escapeField = (field: string) => field.replace(/%/g, '%25').replace(/:/g, '%3A');
const unescapeField = (field: string) => field.replace(/%3A/g, ':').replace(/%25/g, '%');

/**
 * The one codec for custom ids: `command:button:field:…`, with `%` and `:` escaped inside
 * fields, so any field text survives. Returns null when the id would be longer than
 * Discord's 100 characters: the caller leaves that button out or carries less state.
 */
export function encodeCustomId({ command, button, fields }: CustomId): string | null {
  if (!NAME.test(command) || !NAME.test(button)) throw new Error(`custom id names must match ${NAME}: "${command}", "${button}"`);
  const id = [command, button, ...fields.map(escapeField)].join(':');
  return id.length <= MAX_CUSTOM_ID_LENGTH ? id : null;
}

/** Reads a custom id written by encodeCustomId; null for anything else. */
export function decodeCustomId(id: string): CustomId | null {
  if (id.length > MAX_CUSTOM_ID_LENGTH) return null;
  const [command = '', button = '', ...fields] = id.split(':');
  if (!NAME.test(command) || !NAME.test(button)) return null;
  if (fields.some((field) => /%(?!25|3A)/.test(field))) return null;
  return { command, button, fields: fields.map(unescapeField) };
}
