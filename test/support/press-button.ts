import { ComponentType } from 'discord.js';
import type { CommandContext } from '../../src/interactions/command.js';
import type { CommandRegistry } from '../../src/interactions/command-registry.js';
import type { ReplyPayload } from '../../src/present/reply-payload.js';

/** Presses a button the way the router does: the registry decodes its custom id. Throws for ids no command owns. */
export async function pressButton(registry: CommandRegistry, context: CommandContext, customId: string, content = ''): Promise<ReplyPayload> {
  const found = registry.button(customId);
  if (!found) throw new Error(`no command owns the button ${customId}`);
  return found.spec.run(context, found.fields, { content });
}

/** The buttons of a reply that carry a custom id (not link buttons). */
export function buttonsOf(payload: ReplyPayload): { custom_id: string; label?: string; disabled?: boolean }[] {
  return payload.components.flatMap((row) => row.components).flatMap((c) => (c.type === ComponentType.Button && 'custom_id' in c ? [c] : []));
}
