import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command, CommandContext } from '../../src/interactions/command.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { commandContext } from '../support/command-context.js';
import { startLibraryWorker } from '../support/seed-library.js';
import { useTempStore } from '../support/temp-store.js';

const CHANNEL = '300000000000000002';
const subscribe = new CommandRegistry(commands).get('subscribe') as Command;

describe('/subscribe threads', () => {
  const temp = useTempStore('all');
  let library: LibraryClient;
  let context: CommandContext;
  beforeAll(async () => {
    library = await startLibraryWorker();
    context = commandContext(library, { stores: temp.stores, memberPermissions: 32n });
  });
  afterAll(() => library?.stop());

  it('says a channel stays threaded while another of its subscriptions asks for threads, and stops saying so once none does', async () => {
    await subscribe.run(context, { channel: CHANNEL, keywords: 'kv cache', threads: 'true' });
    // Threads belong to the channel: this subscription without them does not make the channel unthreaded.
    const plain = await subscribe.run(context, { channel: CHANNEL, threads: 'false' });
    expect(plain.content).toBe(
      `✅ Subscribed: <#${CHANNEL}> · every new paper. New papers will be posted there. Papers there still get a thread each: another subscription of the channel asks for them (<#${CHANNEL}> · keywords **kv cache** · a thread per paper).`,
    );
    const off = await subscribe.run(context, { channel: CHANNEL, keywords: 'kv cache', threads: 'false' });
    expect(off.content).toBe(`✅ Changed: <#${CHANNEL}> · keywords **kv cache**. New papers will be posted there.`);
    expect((await temp.stores.subscriptions.list()).map((s) => s.threads)).toEqual([false, false]);
  });
});
