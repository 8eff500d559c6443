import { describe, expect, it } from 'vitest';
import { useProductionBot } from '../support/bot-harness.js';
import { CHANNEL_ID } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';

const TOKEN = 'e2e-production-cooldown-token.abcdefghijk';
const QUESTION = 'What MFU does MEMO achieve?';

/**
 * The bot exactly as `npm start` builds it (startBot with only the configuration and a
 * logger, as src/main.ts calls it; ASK_COOLDOWN_SECONDS left at its default), not a router
 * a test assembled: a cooldown that only tests wire up would leave the real bot open to
 * /ask floods.
 */
describe('the /ask cooldown of the production bot', () => {
  const logs = memoryLogger();
  const world = useProductionBot(TOKEN, logs.log);

  it('answers one of two quick /ask from a member and tells them privately to wait the default 10 s for the other', async () => {
    // Both at once, as a double press would send them: whichever the bot takes second is within the cooldown.
    const asks = [world.discord.slashCommand('ask', { question: QUESTION }), world.discord.slashCommand('ask', { question: QUESTION })];
    const answers = await Promise.all(
      asks.map(async ({ id }) => ({ content: (await world.discord.finalMessage(id)).content, private: world.discord.isPrivate(id) })),
    );
    expect(answers).toHaveLength(2);
    expect(answers).toContainEqual({ content: `❓ \`${QUESTION}\``, private: false });
    expect(answers).toContainEqual({ content: "⚠️ You're asking quickly: try again in 10 s.", private: true });

    // The cooldown is the member's: another one asking right now by @mention is answered.
    const other = '400000000000000002';
    const question = world.discord.userMessage(`<@${world.bot.discord.client.user?.id}> ${QUESTION}`, { mentionBot: true, userId: other });
    const reply = await world.discord.waitFor(() =>
      world.discord.channelMessages.find((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === question),
    );
    expect(reply.channelId).toBe(CHANNEL_ID);
    expect(reply.body.content).toBe(`❓ \`${QUESTION}\``);
  });
});
