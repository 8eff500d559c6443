import { beforeEach, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS } from '../../scripts/fake-discord/constants.js';
import { useTestDiscord } from '../support/bot-harness.js';
import { GUILD_ID, MANAGE_GUILD_PERMISSIONS, OTHER_CHANNEL_ID } from '../support/fake-discord.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEED_NOW } from '../support/seed-library.js';
import { useTempStore } from '../support/temp-store.js';

const TOKEN = 'e2e-subscription-permissions-token.abcdefgh';
const ADMINISTRATOR = 1n << 3n;
const MANAGE_GUILD = 1n << 5n;
/** A member whose role has Administrator but not Manage Server: Discord grants admins everything. */
const ADMINISTRATOR_ONLY = String(BigInt(ALL_PERMISSIONS) | ADMINISTRATOR);
/** What the fake guild gives a member by default: neither Administrator nor Manage Server. */
const PLAIN_MEMBER = ALL_PERMISSIONS;
const REFUSED = '⚠️ You need the Manage Server permission to change subscriptions.';
const ZEBRAFISH = `<#${OTHER_CHANNEL_ID}> · keywords **zebrafish**`;

describe('who may change subscriptions, through the real discord.js client', () => {
  const temp = useTempStore('all');
  const logs = memoryLogger();
  const world = useTestDiscord(TOKEN, { log: logs.log, router: () => ({ now: () => SEED_NOW, stores: temp.stores }) });
  beforeEach(async () => {
    await temp.removeSubscriptions();
  });

  /** The one answer the member sees to a command, and whether only they see it. */
  async function run(name: string, options: Record<string, string>, permissions: string): Promise<{ content: unknown; private: boolean }> {
    const { id } = world.discord.slashCommand(name, options, { permissions });
    const message = await world.discord.finalMessage(id);
    return { content: message.content, private: world.discord.isPrivate(id) };
  }
  const subscribeZebrafish = (permissions: string) => run('subscribe', { channel: OTHER_CHANNEL_ID, keywords: 'zebrafish' }, permissions);
  const subscriptionIds = async () => (await temp.stores.subscriptions.list(GUILD_ID)).map((subscription) => subscription.id);

  it('lets a member with Administrator but not Manage Server subscribe, list and unsubscribe', async () => {
    // The premise: the role really lacks Manage Server, so only Administrator can let them in.
    expect(BigInt(ADMINISTRATOR_ONLY) & MANAGE_GUILD).toBe(0n);

    expect(await subscribeZebrafish(ADMINISTRATOR_ONLY)).toEqual({
      content: `✅ Subscribed: ${ZEBRAFISH}. New papers will be posted there.`,
      private: true,
    });
    const [id] = await subscriptionIds();
    expect(await subscriptionIds()).toHaveLength(1);
    expect(await run('subscriptions', {}, ADMINISTRATOR_ONLY)).toEqual({ content: `📬 1 subscription:\n\`#${id}\` ${ZEBRAFISH}`, private: true });
    expect(await run('unsubscribe', { subscription: `#${id}` }, ADMINISTRATOR_ONLY)).toEqual({ content: `🗑️ Unsubscribed: ${ZEBRAFISH}.`, private: true });
    expect(await subscriptionIds()).toEqual([]);
  });

  it('refuses a plain member /subscribe, /subscriptions and /unsubscribe, privately, and changes nothing', async () => {
    expect(await subscribeZebrafish(PLAIN_MEMBER)).toEqual({ content: REFUSED, private: true });
    expect(await subscriptionIds()).toEqual([]);

    // A subscription a manager made is neither shown to nor removable by the plain member.
    await subscribeZebrafish(MANAGE_GUILD_PERMISSIONS);
    const [id] = await subscriptionIds();
    expect(await run('subscriptions', {}, PLAIN_MEMBER)).toEqual({ content: REFUSED, private: true });
    expect(await run('unsubscribe', { subscription: `#${id}` }, PLAIN_MEMBER)).toEqual({ content: REFUSED, private: true });
    expect(await subscriptionIds()).toEqual([id]);
  });

  describe('/unsubscribe', () => {
    const answer = async (name: string, options: Record<string, string>, permissions: string) =>
      (await world.discord.finalMessage(world.discord.slashCommand(name, options, { permissions }).id)).content;
    /** Subscribes OTHER_CHANNEL_ID to zebrafish papers as a manager; returns the subscription's number. */
    async function managerSubscribes(): Promise<number> {
      expect(await answer('subscribe', { channel: OTHER_CHANNEL_ID, keywords: 'zebrafish' }, MANAGE_GUILD_PERMISSIONS)).toBe(
        `✅ Subscribed: ${ZEBRAFISH}. New papers will be posted there.`,
      );
      const [subscription] = await temp.stores.subscriptions.list(GUILD_ID);
      return subscription?.id as number;
    }

    it('removes the subscription of a Manage Server member: /subscriptions no longer lists it, and it cannot be removed twice', async () => {
      const id = await managerSubscribes();
      expect(await answer('unsubscribe', { subscription: `#${id}` }, MANAGE_GUILD_PERMISSIONS)).toBe(`🗑️ Unsubscribed: ${ZEBRAFISH}.`);
      expect(await answer('subscriptions', {}, MANAGE_GUILD_PERMISSIONS)).toBe('No subscriptions yet. Add one with `/subscribe`.');
      expect(await temp.stores.subscriptions.list()).toEqual([]);
      // Gone for good: a second removal finds nothing to remove.
      expect(await answer('unsubscribe', { subscription: String(id) }, MANAGE_GUILD_PERMISSIONS)).toBe(
        '⚠️ No such subscription in this server. `/subscriptions` lists them.',
      );
    });

    it('refuses a plain member, and the subscription stays and is still listed', async () => {
      const id = await managerSubscribes();
      expect(await answer('unsubscribe', { subscription: `#${id}` }, PLAIN_MEMBER)).toBe(REFUSED);
      expect(await answer('subscriptions', {}, MANAGE_GUILD_PERMISSIONS)).toBe(`📬 1 subscription:\n\`#${id}\` ${ZEBRAFISH}`);
      expect((await temp.stores.subscriptions.list(GUILD_ID)).map((subscription) => subscription.id)).toEqual([id]);
    });
  });
});
