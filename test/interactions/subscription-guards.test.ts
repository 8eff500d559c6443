import { describe, expect, it } from 'vitest';
import { UserError, type CommandContext } from '../../src/interactions/command.js';
import { requireSubscriptions } from '../../src/interactions/subscription-guards.js';
import type { CommandStores } from '../../src/store/stores.js';

// requireSubscriptions reads only `announcer` and `stores`: the rest of a context plays no part.
const context = (fields: Pick<CommandContext, 'announcer' | 'stores'>) => fields as CommandContext;
const stores = { subscriptions: { name: 'the subscription store' } } as unknown as CommandStores;

describe('requireSubscriptions', () => {
  it('hands out the subscription store of a process that keeps subscriptions', () => {
    expect(requireSubscriptions(context({ stores }))).toBe(stores.subscriptions);
    expect(requireSubscriptions(context({ announcer: true, stores }))).toBe(stores.subscriptions);
  });

  it('refuses on a machine that does not post announcements, even with a database, and says who keeps them', () => {
    const refusal = () => requireSubscriptions(context({ announcer: false, stores }));
    expect(refusal).toThrow(UserError);
    expect(refusal).toThrow(
      'Subscriptions are kept by the machine of this bot that posts announcements, and this server is served by another one. Ask the bot operator.',
    );
  });

  it('refuses without a database, and says so', () => {
    const refusal = () => requireSubscriptions(context({ stores: undefined }));
    expect(refusal).toThrow(UserError);
    expect(refusal).toThrow('Announcements are not set up on this bot (its database is unavailable).');
  });
});
