import { ARXIV_ID_PATTERN } from '../digest/arxiv-id.js';

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

/** A paper's short id (paperShortId): its arXiv id, or `t` and 16 hex digits. */
const SHORT_ID = new RegExp(`^(?:${ARXIV_ID_PATTERN}|t[0-9a-f]{16})$`);
const PAGE = /^\d{1,4}$/;
const savedId = (button: string, fields: string[]) => encodeCustomId({ command: 'saved', button, fields }) as string;

/**
 * The custom ids of /saved's buttons, written here and read back here: `saved:save:<short id>`
 * (a paper's 🔖 Save, at most 28 characters), `saved:page:<page>`, `saved:remove:<short id>:<page>`.
 */
export const savedButtonId = {
  save: (shortId: string): string => savedId('save', [shortId]),
  page: (page: number): string => savedId('page', [String(page)]),
  remove: (shortId: string, page: number): string => savedId('remove', [shortId, String(page)]),
};

/** The fields of /saved's buttons, read back; null when they are not what savedButtonId writes. */
export const readSavedButton = {
  save: ([shortId = '']: readonly string[]): { shortId: string } | null => (SHORT_ID.test(shortId) ? { shortId } : null),
  page: ([page = '']: readonly string[]): { page: number } | null => (PAGE.test(page) ? { page: Number(page) } : null),
  remove: ([shortId = '', page = '']: readonly string[]): { shortId: string; page: number } | null =>
    SHORT_ID.test(shortId) && PAGE.test(page) ? { shortId, page: Number(page) } : null,
};
