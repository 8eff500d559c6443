import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/start-bot.js';
import { botEnv, startTestBot, tempBotDirs, useTestDiscord } from '../support/bot-harness.js';
import {
  BOT_USER_ID,
  CHANNEL_ID,
  FakeDiscord,
  GUILD_ID,
  MANAGE_GUILD_PERMISSIONS,
  OTHER_CHANNEL_ID,
  PERMISSION,
  SECOND_GUILD_CHANNEL_ID,
  SECOND_GUILD_ID,
  type Invoker,
  type Overwrite,
} from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEED_NOW } from '../support/seed-library.js';
import { useTempStore } from '../support/temp-store.js';

const TOKEN = 'e2e-permissions-token.abcdefghijklmnopq';
const { viewChannel: VIEW, sendMessages: SEND, createPublicThreads: CREATE_THREADS } = PERMISSION;
const deny = (id: string, type: 0 | 1, bits: bigint): Overwrite => ({ id, type, allow: '0', deny: String(bits) });
const allow = (id: string, type: 0 | 1, bits: bigint): Overwrite => ({ id, type, allow: String(bits), deny: '0' });
/** A member with Manage Server, and no role. */
const MANAGER: Invoker = { permissions: MANAGE_GUILD_PERMISSIONS };
const LIMITS = { perGuild: 3, perChannel: 2 };
type Message = Record<string, unknown> & { content?: string; components?: { components: { custom_id: string; label: string }[] }[] };

/**
 * Who may point the bot at which channel, and where answers may be public, through the real
 * discord.js client against a fake Discord that computes permissions from roles and channel
 * overwrites as Discord does, and sends them with each interaction. The bot computes its own
 * from the guild it cached.
 */
describe('permissions and subscription limits, through the real discord.js client', () => {
  const temp = useTempStore('all');
  const logs = memoryLogger();
  let staffRole: string;
  /** Only the staff role may see it, and the bot (an overwrite for it: @everyone's denial covers the bot too). */
  let staffOnly: string;
  /** Members may read but not write, except the staff role; the bot may write. */
  let readOnly: string;
  /** The bot may not send there. */
  let botMuted: string;
  /** The bot may not create threads there. */
  let noThreads: string;

  const world = useTestDiscord(TOKEN, {
    log: logs.log,
    router: () => ({ now: () => SEED_NOW, stores: temp.stores, subscriptionLimits: LIMITS }),
    // The bot is in a second guild too, so it knows that guild's channel (and the guild it belongs to).
    discord: { guilds: [GUILD_ID, SECOND_GUILD_ID] },
    // Set up before the bot connects: its GUILD_CREATE carries them, as Discord's would.
    arrange: (discord) => {
      staffRole = discord.addRole('staff', 0n);
      staffOnly = discord.addChannel('staff', { overwrites: [deny(GUILD_ID, 0, VIEW), allow(staffRole, 0, VIEW), allow(BOT_USER_ID, 1, VIEW)] });
      readOnly = discord.addChannel('announcements', { overwrites: [deny(GUILD_ID, 0, SEND), allow(staffRole, 0, SEND)] });
      botMuted = discord.addChannel('bot-muted', { overwrites: [deny(BOT_USER_ID, 1, SEND)] });
      noThreads = discord.addChannel('no-threads', { overwrites: [deny(BOT_USER_ID, 1, CREATE_THREADS)] });
    },
  });
  beforeEach(async () => {
    await temp.removeSubscriptions();
  });

  /** The one answer the member sees to a command, and whether only they see it. */
  async function run(name: string, options: Record<string, string | number>, as: Invoker = MANAGER): Promise<{ content: unknown; private: boolean }> {
    const { id } = world.discord.slashCommand(name, options, as);
    const message = await world.discord.finalMessage(id);
    return { content: message.content, private: world.discord.isPrivate(id) };
  }
  const refused = (content: string) => ({ content: `⚠️ ${content}`, private: true });
  const subscribed = (channel: string, keywords: string, extra = '') => ({
    content: `✅ Subscribed: <#${channel}> · keywords **${keywords}**${extra}. New papers will be posted there.`,
    private: true,
  });
  const subscriptions = async () => (await temp.stores.subscriptions.list(GUILD_ID)).map((s) => `${s.channelId}:${s.keywords}`);

  describe('/subscribe and /unfurl check the channel they name', () => {
    it('refuses a staff-only channel to a manager who cannot see it, and subscribes it for one who can', async () => {
      expect(await run('subscribe', { channel: staffOnly, keywords: 'zebrafish' })).toEqual(
        refused(`You need View Channel in <#${staffOnly}> to have papers posted there.`),
      );
      expect(await subscriptions()).toEqual([]);
      // The same manager with the staff role sees the channel: the refusal was about access, not the command.
      expect(await run('subscribe', { channel: staffOnly, keywords: 'zebrafish' }, { ...MANAGER, roles: [staffRole] })).toEqual(
        subscribed(staffOnly, 'zebrafish'),
      );
      expect(await subscriptions()).toEqual([`${staffOnly}:zebrafish`]);
    });

    it('refuses a channel where the manager may read but not write', async () => {
      expect(await run('subscribe', { channel: readOnly, keywords: 'zebrafish' })).toEqual(
        refused(`You need Send Messages in <#${readOnly}> to have papers posted there.`),
      );
      expect(await subscriptions()).toEqual([]);
    });

    it('refuses a channel where the bot may not send, and says what to allow', async () => {
      expect(await run('subscribe', { channel: botMuted, keywords: 'zebrafish' })).toEqual(
        refused(
          `I need Send Messages in <#${botMuted}> to post papers there: ask someone who manages the channel to allow it for me, or pick another channel.`,
        ),
      );
      expect(await subscriptions()).toEqual([]);
    });

    it('refuses threads where the bot may not create them, and takes the same channel without threads', async () => {
      expect(await run('subscribe', { channel: noThreads, keywords: 'zebrafish', threads: 'true' })).toEqual(
        refused(
          `I need Create Public Threads in <#${noThreads}> to post each paper there with a thread: ask someone who manages the channel to allow it for me, or pick another channel.`,
        ),
      );
      expect(await subscriptions()).toEqual([]);
      expect(await run('subscribe', { channel: noThreads, keywords: 'zebrafish' })).toEqual(subscribed(noThreads, 'zebrafish'));
    });

    it('refuses a channel of another guild (only a forged interaction can name one)', async () => {
      expect(await run('subscribe', { channel: SECOND_GUILD_CHANNEL_ID, keywords: 'zebrafish' })).toEqual(
        refused(`<#${SECOND_GUILD_CHANNEL_ID}> is not a channel of this server: pick one of this server's channels.`),
      );
      expect(await temp.stores.subscriptions.list()).toEqual([]);
      expect(await run('unfurl', { channel: SECOND_GUILD_CHANNEL_ID, enabled: 'false' })).toEqual(
        refused(`<#${SECOND_GUILD_CHANNEL_ID}> is not a channel of this server: pick one of this server's channels.`),
      );
    });

    it('/unfurl: refuses a staff-only channel to a manager who cannot see it, and changes nothing', async () => {
      expect(await run('unfurl', { channel: staffOnly, enabled: 'false' })).toEqual(
        refused(`You need View Channel in <#${staffOnly}> to change its link previews.`),
      );
      expect(await temp.stores.unfurlSettings.isEnabled(GUILD_ID, [staffOnly])).toBe(true);
    });

    it('/unfurl: turning previews on needs the bot to post there; turning them off does not', async () => {
      expect(await run('unfurl', { channel: botMuted, enabled: 'true' })).toEqual(
        refused(
          `I need Send Messages in <#${botMuted}> to answer paper links there: ask someone who manages the channel to allow it for me, or pick another channel.`,
        ),
      );
      expect(await run('unfurl', { channel: botMuted, enabled: 'false' })).toEqual({
        content: `🔕 Paper links posted in <#${botMuted}> no longer get a card.`,
        private: true,
      });
    });
  });

  describe('answers in a channel where the member may not write', () => {
    it('/ask there answers privately: the question is echoed to nobody else', async () => {
      const question = 'What MFU does MEMO achieve?';
      const { id } = world.discord.slashCommand('ask', { question }, { channelId: readOnly });
      expect((await world.discord.finalMessage(id)).content).toBe(`❓ \`${question}\``);
      expect(world.discord.visibilityOf(id)).toEqual({ reply: 'private', followUps: [] });
      // The same question where the member may write is public, as before.
      const open = world.discord.slashCommand('ask', { question }, { channelId: CHANNEL_ID });
      await world.discord.finalMessage(open.id);
      expect(world.discord.visibilityOf(open.id).reply).toBe('public');
    });

    it('a page button on a public message there answers with a private page, and leaves the message as it was', async () => {
      // Staff may write in the channel: their search is public, with its page buttons.
      const search = world.discord.slashCommand('search', { query: 'kv cache', limit: 2 }, { roles: [staffRole], channelId: readOnly });
      const first = (await world.discord.finalMessage(search.id)) as Message;
      expect(world.discord.isPrivate(search.id)).toBe(false);
      const next = first.components?.[0]?.components.find((button) => button.label.startsWith('Next'))?.custom_id as string;
      const click = world.discord.clickButton({ interaction: search.id }, next);
      const page2 = (await world.discord.finalMessage(click.id)) as Message;
      expect(page2.content).toBe('🔎 `kv cache` · 5 papers · page 2 of 3');
      expect(world.discord.isPrivate(click.id)).toBe(true);
      const original = world.discord.store.get(world.discord.ledger.get(search.id)?.originalId as string)?.message;
      expect(original?.content).toBe('🔎 `kv cache` · 5 papers · page 1 of 3');
      // A staff member's click pages the public message itself.
      const staffClick = world.discord.clickButton({ interaction: search.id }, next, { roles: [staffRole] });
      expect((await world.discord.responsesOf(staffClick.id))[0]?.type).toBe(7); // UPDATE_MESSAGE
    });
  });

  describe('/unsubscribe autocomplete', () => {
    /** The choices autocomplete answered with. */
    async function choices(as: Invoker): Promise<unknown> {
      const [answer] = await world.discord.responsesOf(world.discord.autocomplete('unsubscribe', 'subscription', '', as).id);
      expect(answer?.type).toBe(8); // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
      return answer?.data?.choices;
    }

    it("lists the guild's subscriptions only to members with Manage Server", async () => {
      const { subscription } = await temp.stores.subscriptions.add({
        guildId: GUILD_ID,
        channelId: OTHER_CHANNEL_ID,
        topicId: null,
        keywords: 'zebrafish',
        createdBy: 'u',
      });
      expect(await choices({})).toEqual([]);
      expect(await choices(MANAGER)).toEqual([{ name: `#${subscription.id} · zebrafish · channel ${OTHER_CHANNEL_ID}`, value: String(subscription.id) }]);
    });
  });

  describe('subscription limits', () => {
    it('refuses a third subscription in a channel and a fourth in the guild, with the numbers, and adds nothing', async () => {
      expect(await run('subscribe', { channel: OTHER_CHANNEL_ID, keywords: 'zebrafish' })).toEqual(subscribed(OTHER_CHANNEL_ID, 'zebrafish'));
      expect(await run('subscribe', { channel: OTHER_CHANNEL_ID, keywords: 'axolotl' })).toEqual(subscribed(OTHER_CHANNEL_ID, 'axolotl'));
      expect(await run('subscribe', { channel: OTHER_CHANNEL_ID, keywords: 'quokka' })).toEqual(
        refused(
          `<#${OTHER_CHANNEL_ID}> has 2 subscriptions, and a channel may have at most 2. Remove one there with \`/unsubscribe\` first, or pick another channel.`,
        ),
      );
      expect(await run('subscribe', { channel: CHANNEL_ID, keywords: 'quokka' })).toEqual(subscribed(CHANNEL_ID, 'quokka'));
      expect(await run('subscribe', { channel: noThreads, keywords: 'pangolin' })).toEqual(
        refused('This server has 3 subscriptions, and may have at most 3. Remove one with `/unsubscribe` first (`/subscriptions` lists them).'),
      );
      expect(await subscriptions()).toEqual([`${OTHER_CHANNEL_ID}:zebrafish`, `${OTHER_CHANNEL_ID}:axolotl`, `${CHANNEL_ID}:quokka`]);
      // At the limits, an existing subscription can still change.
      expect(await run('subscribe', { channel: OTHER_CHANNEL_ID, keywords: 'zebrafish', schedule: 'weekly' })).toEqual({
        content: `✅ Changed: <#${OTHER_CHANNEL_ID}> · keywords **zebrafish** · weekly top 5. The 5 most upvoted papers will be posted there on Mondays, for the week before (at the bot's digest time, UTC), with a chart.`,
        private: true,
      });
    });
  });
});

describe('subscription limits from the environment, through the whole bot', () => {
  let discord: FakeDiscord;
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
  let bot: RunningBot;

  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    dirs = await tempBotDirs();
    bot = await startTestBot(botEnv(discord, TOKEN, dirs, { MAX_SUBSCRIPTIONS_PER_GUILD: '1' }), memoryLogger().log);
  });
  afterAll(async () => {
    await bot?.stop();
    await discord?.stop();
    await dirs?.remove();
  });

  it('MAX_SUBSCRIPTIONS_PER_GUILD=1 lets one subscription in and refuses the second', async () => {
    const answer = async (keywords: string) =>
      (await discord.finalMessage(discord.slashCommand('subscribe', { channel: OTHER_CHANNEL_ID, keywords }, MANAGER).id)).content;
    expect(await answer('zebrafish')).toBe(`✅ Subscribed: <#${OTHER_CHANNEL_ID}> · keywords **zebrafish**. New papers will be posted there.`);
    expect(await answer('axolotl')).toBe(
      '⚠️ This server has 1 subscription, and may have at most 1. Remove one with `/unsubscribe` first (`/subscriptions` lists them).',
    );
  });
});
