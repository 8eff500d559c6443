import { describe, expect, it } from 'vitest';
import { storeEngines } from '../support/store-engines.js';

const ALICE = '400000000000000001';

describe.each(storeEngines())('UnfurlSettingsStore ($name)', (engine) => {
  const temp = engine.use('each');

  it('are on until turned off, per guild and channel, a thread following its parent', async () => {
    const settings = temp.stores.unfurlSettings;
    expect(await settings.isEnabled('g1', ['c1'])).toBe(true);
    await settings.set({ guildId: 'g1', channelId: 'c1', enabled: false, changedBy: ALICE });
    expect(await settings.isEnabled('g1', ['c1'])).toBe(false);
    expect(await settings.isEnabled('g1', ['thread', 'c1'])).toBe(false);
    // Another guild naming the same channel id changes nothing there.
    expect(await settings.isEnabled('g2', ['c1'])).toBe(true);
    await settings.set({ guildId: 'g1', channelId: 'c1', enabled: true, changedBy: ALICE });
    expect(await settings.isEnabled('g1', ['c1'])).toBe(true);
    expect(await settings.isEnabled('g1', ['thread', 'c1'])).toBe(true);
  });
});
