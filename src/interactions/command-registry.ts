import { z } from 'zod';
import { decodeCustomId } from '../present/custom-id.js';
import type { ButtonSpec, Command } from './command.js';

const OptionSchema = z.looseObject({
  name: z.string().regex(/^[-_\p{L}\p{N}]{1,32}$/u),
  description: z.string().min(1).max(100),
});

/** The part of Discord's rules for command data that a typo could break. */
const CommandDataSchema = z.looseObject({
  name: z.string().regex(/^[-_ \p{L}\p{N}]{1,32}$/u),
  description: z.string().max(100).optional(),
  options: z.array(OptionSchema).max(25).optional(),
});

/** Commands by name, checked once at start: a malformed command module stops the bot early and clearly. */
export class CommandRegistry {
  readonly #byName = new Map<string, Command>();

  constructor(commands: readonly Command[]) {
    for (const command of commands) {
      const parsed = CommandDataSchema.safeParse(command.data);
      if (!parsed.success)
        throw new Error(`command "${command.data.name}" is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      if (this.#byName.has(command.data.name)) throw new Error(`two commands are named "${command.data.name}"`);
      this.#byName.set(command.data.name, command);
    }
  }

  get(name: string): Command | undefined {
    return this.#byName.get(name);
  }

  /** The button a custom id names, with the state it carries; undefined for ids this bot never wrote. */
  button(customId: string): { spec: ButtonSpec; fields: string[] } | undefined {
    const id = decodeCustomId(customId);
    const buttons = id ? this.#byName.get(id.command)?.buttons : undefined;
    // Own properties only: a forged `search:constructor` must not reach Object.prototype.
    const spec = id && buttons && Object.hasOwn(buttons, id.button) ? buttons[id.button] : undefined;
    return spec && id ? { spec, fields: id.fields } : undefined;
  }

  all(): Command[] {
    return [...this.#byName.values()];
  }
}
