import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READER } from '../../scripts/fake-discord/constants.js';
import { dmChannel } from '../../scripts/fake-discord/guild-fixture.js';
import { buttonPayload, buttonsOf, slashCommandPayload } from '../../scripts/fake-discord/interaction-payloads.js';
import type { DiscordBot } from '../../src/discord/start-discord.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { startTestDiscord } from '../support/bot-harness.js';
import { CHANNEL_ID, DM_CHANNEL_ID, FakeDiscord, GUILD_ID } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEED_NOW, startLibraryWorker } from '../support/seed-library.js';
import { useTempStore } from '../support/temp-store.js';

const TOKEN = 'e2e-direct-messages-token.abcdefghijklmno';
/** InteractionContextType: 0 a server, 1 the bot's DM. */
const GUILD_CONTEXT = 0;
const BOT_DM_CONTEXT = 1;
type Embed = { title?: string; url?: string };

/**
 * Where an interaction from the reader's DM with the bot comes from, as Discord sends it: no
 * guild, no member (so no member permissions), the user at the top level and the DM channel.
 * Undefined fields are left out of the payload.
 */
const DIRECT_MESSAGE = {
  guild_id: undefined,
  guild_locale: undefined,
  member: undefined,
  user: READER,
  channel_id: DM_CHANNEL_ID,
  channel: dmChannel(),
  context: BOT_DM_CONTEXT,
  authorizing_integration_owners: { '0': '0' },
};

/** A slash command the reader runs in the DM. */
function inDirectMessage(name: string, options: Record<string, string>): Record<string, unknown> {
  return { ...slashCommandPayload(name, options, {}), ...DIRECT_MESSAGE };
}

describe('commands used in a direct message to the bot, through the real discord.js client', () => {
  const temp = useTempStore('all');
  let discord: FakeDiscord;
  let bot: DiscordBot;
  let library: LibraryClient;
  let dataDir: string;
  const logs = memoryLogger();

  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    library = await startLibraryWorker();
    dataDir = await mkdtemp(path.join(tmpdir(), 'data-'));
    bot = startTestDiscord(discord, TOKEN, library, { log: logs.log, dataDir, router: { now: () => SEED_NOW, stores: temp.stores } });
    await bot.ready;
  });
  afterAll(async () => {
    await bot?.stop();
    await library?.stop();
    await discord?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** What the reader sees after running the command in the DM, and whether only they see it. */
  async function inDm(name: string, options: Record<string, string>): Promise<{ message: Record<string, unknown>; private: boolean }> {
    const { id } = discord.interact(inDirectMessage(name, options));
    const message = await discord.finalMessage(id);
    return { message, private: discord.isPrivate(id) };
  }

  it('registers /subscribe and /unsubscribe for servers only, so Discord does not offer them in DMs; /search has no such limit', () => {
    const contexts = (name: string) => discord.commands.guild.find((command) => command.name === name)?.contexts;
    expect(contexts('subscribe')).toEqual([GUILD_CONTEXT]);
    expect(contexts('unsubscribe')).toEqual([GUILD_CONTEXT]);
    expect(contexts('search')).toBeUndefined();
  });

  it('answers /subscribe in a DM with a private "use it in a server", and subscribes nothing', async () => {
    // An old client, or a DM command list cached before the limit: the handler still refuses.
    const { message, private: isPrivate } = await inDm('subscribe', { channel: CHANNEL_ID, keywords: 'zebrafish' });
    expect(message.content).toBe('⚠️ This belongs to a server: use this command in one to change subscriptions.');
    expect(isPrivate).toBe(true);
    expect(await temp.stores.subscriptions.list()).toEqual([]);
  });

  it('answers /unsubscribe in a DM with a private "use it in a server", and removes nothing', async () => {
    const { subscription } = await temp.stores.subscriptions.add({
      guildId: GUILD_ID,
      channelId: CHANNEL_ID,
      topicId: null,
      keywords: 'zebrafish',
      createdBy: 'test',
    });
    try {
      const { message, private: isPrivate } = await inDm('unsubscribe', { subscription: `#${subscription.id}` });
      expect(message.content).toBe('⚠️ This belongs to a server: use this command in one to change subscriptions.');
      expect(isPrivate).toBe(true);
      expect((await temp.stores.subscriptions.list()).map((kept) => kept.id)).toEqual([subscription.id]);
    } finally {
      await temp.stores.subscriptions.remove(GUILD_ID, subscription.id);
    }
  });

  it('answers /search in a DM publicly, as in a server, and its Next button pages there', async () => {
    const search = discord.interact(inDirectMessage('search', { query: 'attention' }));
    const message = await discord.finalMessage(search.id);
    expect(discord.isPrivate(search.id)).toBe(false); // a public reply: in a DM, that is the conversation with the reader
    expect(message.content).toBe('🔎 `attention` · 17 papers · page 1 of 4');
    // The DM changes nothing about the answer: the same search in the server's channel shows the same.
    const inServer = await discord.finalMessage(discord.slashCommand('search', { query: 'attention' }).id);
    expect({ content: message.content, embeds: message.embeds }).toEqual({ content: inServer.content, embeds: inServer.embeds });

    // Next, pressed in the DM: Discord sends the click without a guild or member too.
    const shown = discord.store.get(discord.ledger.get(search.id)?.originalId as string)?.message as Record<string, unknown>;
    const next = buttonsOf(shown).find((button) => button.custom_id.startsWith('search:page:2:') && button.disabled !== true);
    expect(next).toBeDefined();
    const click = discord.interact({ ...buttonPayload(next?.custom_id as string, shown), ...DIRECT_MESSAGE });
    const [page] = await discord.responsesOf(click.id);
    expect(page?.type).toBe(7); // the search message itself is edited
    expect(page?.data?.content).toBe('🔎 `attention` · 17 papers · page 2 of 4');
    expect((page?.data?.embeds as Embed[]).map((embed) => embed.url)).not.toContain((message.embeds as Embed[])[0]?.url);
  });
});
