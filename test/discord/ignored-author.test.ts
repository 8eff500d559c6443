import { describe, expect, it } from 'vitest';
import { ignoredAuthor } from '../../src/discord/ignored-author.js';

const person = { author: { bot: false }, webhookId: null as string | null, system: false };

describe('ignoredAuthor', () => {
  it('reads only what a person wrote: not bots (itself included), webhooks or Discord’s system messages', () => {
    expect(ignoredAuthor(person)).toBeNull();
    expect(ignoredAuthor({ ...person, author: { ...person.author, bot: true } })).toBe('bot');
    // A webhook's author is flagged as a bot too; the webhook is the more useful reason.
    expect(ignoredAuthor({ ...person, author: { ...person.author, bot: true }, webhookId: '700000000000000001' })).toBe('webhook');
    expect(ignoredAuthor({ ...person, system: true })).toBe('system');
  });
});
