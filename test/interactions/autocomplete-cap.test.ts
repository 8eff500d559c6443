import { describe, expect, it } from 'vitest';
import { defineCommand } from '../../src/interactions/command.js';
import { textOption } from '../../src/interactions/options.js';
import { notice } from '../../src/present/reply-payload.js';
import type { CommandContext } from '../../src/interactions/command.js';

describe('autocomplete input', () => {
  it("reaches the handler cut to its option's declared length, whatever a forged interaction sends", async () => {
    const seen: { name: string; value: string }[] = [];
    const command = defineCommand({
      name: 'probe',
      description: 'probe',
      options: { title: textOption('A title', { maxLength: 300, autocomplete: true }) },
      execute: () => notice('ok'),
      autocomplete: (_context, focused) => {
        seen.push(focused);
        return [];
      },
    });
    const context = {} as CommandContext; // the handler above reads nothing from it
    await command.autocomplete?.(context, { name: 'title', value: 'x'.repeat(3000) });
    await command.autocomplete?.(context, { name: 'title', value: 'short' });
    // An option the command does not declare (only a forged call names one) gets no choices and never reaches the handler.
    expect(await command.autocomplete?.(context, { name: 'toString', value: 'y'.repeat(400) })).toEqual([]);
    expect(await command.autocomplete?.(context, { name: 'other', value: 'y' })).toEqual([]);
    expect(seen.map(({ name, value }) => [name, value.length])).toEqual([
      ['title', 300],
      ['title', 5],
    ]);
  });
});
