import { describe, expect, it } from 'vitest';
import { slashCommandPayload, autocompletePayload, memberPayloadOf as member } from '../../scripts/fake-discord/interaction-payloads.js';
import { useProductionBot } from '../support/bot-harness.js';
import { SECOND_GUILD_ID } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';

const TOKEN = 'e2e-budgets-token.abcdefghijklmnop';

/**
 * The bot exactly as `npm start` builds it, BUDGET_* left at their defaults (20 a minute with
 * a burst of 8 per member; autocomplete 60 a minute with a burst of 10): one member pressing
 * fast is slowed down, privately, and nobody else is.
 */
describe('the budgets of the production bot', () => {
  const logs = memoryLogger();
  const world = useProductionBot(TOKEN, logs.log);

  const latest = (memberId: string, guildId?: string) =>
    world.discord.interact({ ...slashCommandPayload('latest', {}, {}), member: member(memberId), ...(guildId ? { guild_id: guildId } : {}) });

  it('answers a burst of 8 commands from one member and tells the 9th privately to wait 3 s; other members go on', async () => {
    const sent = Array.from({ length: 9 }, () => latest('400000000000000011'));
    const answers = await Promise.all(
      sent.map(async ({ id }) => ({ content: String((await world.discord.finalMessage(id)).content ?? ''), private: world.discord.isPrivate(id) })),
    );
    const slowed = answers.filter((answer) => answer.content.startsWith('⏳ Slow down'));
    // One token every 3 s (20 a minute): the 9th arrives within a second of the 8th.
    // (2 s or 1 s when the machine took that long to deliver the burst.)
    expect(slowed).toHaveLength(1);
    expect(slowed[0]).toMatchObject({ private: true });
    expect(slowed[0]?.content).toMatch(/^⏳ Slow down: you \(or this server\) sent a lot at once\. Try again in [1-3] s\.$/);
    expect(answers.filter((answer) => !answer.private)).toHaveLength(8);
    // This member's lines only: the file's other tests (in any order) slow down members of their own.
    expect(logs.lines().filter((line) => line.msg === 'interaction over budget' && line.user === '400000000000000011')).toHaveLength(1);

    // Another member of the same guild, and a member of another guild, are answered at once.
    for (const { id } of [latest('400000000000000012'), latest('400000000000000013', SECOND_GUILD_ID)]) {
      await world.discord.finalMessage(id);
      expect(world.discord.isPrivate(id)).toBe(false);
    }
  });

  it('answers autocomplete over budget at once with no choices', async () => {
    const typing = (memberId: string) => world.discord.interact({ ...autocompletePayload('paper', 'title', 'long context'), member: member(memberId) });
    const burst = Array.from({ length: 14 }, () => typing('400000000000000021'));
    const choices = await Promise.all(
      burst.map(async ({ id }) => {
        const [response] = await world.discord.responsesOf(id);
        return (response?.data?.choices as unknown[] | undefined)?.length ?? 0;
      }),
    );
    // The first 10 find papers; the rest are answered empty without reaching the library (one
    // token comes back every second, so a slow machine may let one or two more through).
    expect(choices.filter((count) => count > 0).length).toBeGreaterThanOrEqual(10);
    expect(choices.filter((count) => count === 0).length).toBeGreaterThanOrEqual(1);
    expect(choices.slice(0, 10).every((count) => count > 0)).toBe(true);
    const [other] = await world.discord.responsesOf(typing('400000000000000022').id);
    expect((other?.data?.choices as unknown[] | undefined)?.length).toBeGreaterThan(0);
  });

  it('counts @mention questions in the same budget: the 9th in a burst gets no reply at all', async () => {
    const botId = world.bot.discord.client.user?.id as string;
    const memberId = '400000000000000031';
    for (let i = 0; i < 9; i++) world.discord.userMessage(`<@${botId}> which paper uses RingAttention?`, { mentionBot: true, userId: memberId });
    // The first is answered; the next seven are within the /ask cooldown; the ninth is over budget.
    const over = await world.discord.waitFor(() => {
      const lines = logs.lines().filter((line) => line.msg === 'mention over budget: not answered' && line.user === memberId);
      return lines.length > 0 ? lines : undefined;
    });
    expect(over).toHaveLength(1);
  });
});
