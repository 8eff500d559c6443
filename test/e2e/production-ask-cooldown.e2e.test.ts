import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/start-bot.js';
import { botEnv, tempBotDirs, withBudgets } from '../support/bot-harness.js';
import { CHANNEL_ID, FakeDiscord } from '../support/fake-discord.js';
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
  let discord: FakeDiscord;
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
  let bot: RunningBot;
  const logs = memoryLogger();

  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    dirs = await tempBotDirs();
    const config = parseConfig(withBudgets(botEnv(discord, TOKEN, dirs)));
    bot = await startBot({ config: { ...config, discordToken: TOKEN }, log: logs.log });
    await bot.ready;
  });
  afterAll(async () => {
    await bot?.stop();
    await discord?.stop();
    await dirs?.remove();
  });

  it('answers one of two quick /ask from a member and tells them privately to wait the default 10 s for the other', async () => {
    // Both at once, as a double press would send them: whichever the bot takes second is within the cooldown.
    const asks = [discord.slashCommand('ask', { question: QUESTION }), discord.slashCommand('ask', { question: QUESTION })];
    const answers = await Promise.all(asks.map(async ({ id }) => ({ content: (await discord.finalMessage(id)).content, private: discord.isPrivate(id) })));
    expect(answers).toHaveLength(2);
    expect(answers).toContainEqual({ content: `❓ \`${QUESTION}\``, private: false });
    expect(answers).toContainEqual({ content: "⚠️ You're asking quickly: try again in 10 s.", private: true });

    // The cooldown is the member's: another one asking right now by @mention is answered.
    const other = '400000000000000002';
    const question = discord.userMessage(`<@${bot.discord.client.user?.id}> ${QUESTION}`, { mentionBot: true, userId: other });
    const reply = await discord.waitFor(() =>
      discord.channelMessages.find((m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === question),
    );
    expect(reply.channelId).toBe(CHANNEL_ID);
    expect(reply.body.content).toBe(`❓ \`${QUESTION}\``);
  });
});
