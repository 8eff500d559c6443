import { describe, expect, it } from 'vitest';
import { DeliveryError, OutboxWorker, type PostBatch } from '../../src/announce/outbox-worker.js';
import { makePaper as paper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';
import { useTempStore } from '../support/temp-store.js';

const ALICE = '400000000000000001';

describe('OutboxWorker takes turns between guilds', () => {
  const temp = useTempStore();
  const subscribe = (guildId: string, channelId: string) =>
    temp.stores.subscriptions.add({ guildId, channelId, topicId: null, keywords: null, createdBy: ALICE, threads: true });

  it("posts guild B's paper one post after the post in flight when it arrives during guild A's 100 posts", async () => {
    const { outbox } = temp.stores;
    const channelsA = Array.from({ length: 100 }, (_, i) => `a${String(i).padStart(3, '0')}`);
    for (const channel of channelsA) await subscribe('A', channel);
    await subscribe('B', 'b');
    await outbox.enqueue(channelsA.map((channelId) => ({ paper: paper('2611.00001', '2026-11-20'), channelId })));

    const posted: string[] = [];
    const post: PostBatch = async (batch) => {
      posted.push(batch.channelId);
      if (posted.length === 5) {
        // B's paper is queued while A's fifth post is in flight, and the outbox is told, as the announcer does.
        await outbox.enqueue([{ paper: paper('2611.00002', '2026-11-21'), channelId: 'b' }]);
        worker.wake();
      }
      return `m${posted.length}`;
    };
    const worker = new OutboxWorker({ store: outbox, post, log: memoryLogger().log });
    expect(await worker.drainOnce()).toBe(101);
    // Formed at the next claim, and level with A, which has waited longer: one more of A's,
    // then B. Without forming again during the drain it came 101st, after all of A's.
    expect(posted.slice(0, 8)).toEqual(['a000', 'a001', 'a002', 'a003', 'a004', 'a005', 'b', 'a006']);
    expect(await outbox.backlog()).toBe(0);
  });

  it('retries a failed post within the same drain once its backoff has passed, and posts the others meanwhile', async () => {
    const { outbox } = temp.stores;
    for (const channel of ['a1', 'a2', 'a3']) await subscribe('A', channel);
    await outbox.enqueue(['a1', 'a2', 'a3'].map((channelId) => ({ paper: paper('2611.00001', '2026-11-20'), channelId })));
    let now = 0;
    const posted: string[] = [];
    const post: PostBatch = async (batch) => {
      posted.push(`${batch.channelId}#${batch.attempts}`);
      now += 600; // each post takes 600 ms on the worker's clock
      if (batch.channelId === 'a1' && batch.attempts === 0) throw new DeliveryError('HTTP 503', 'retry');
      return 'm';
    };
    const worker = new OutboxWorker({ store: outbox, post, log: memoryLogger().log, now: () => now });
    // a1 fails at t = 600 and waits 1 s: a2 (t = 1200) and a3 (t = 1800) go first, then a1 is due again.
    expect(await worker.drainOnce()).toBe(3);
    expect(posted).toEqual(['a1#0', 'a2#0', 'a3#0', 'a1#1']);
  });

  it('never starves a guild with a backlog for one that comes back with a batch between claims', async () => {
    const { outbox } = temp.stores;
    for (const channel of ['a1', 'a2', 'a3']) await subscribe('A', channel);
    await subscribe('C', 'c');
    await outbox.enqueue(['a1', 'a2', 'a3'].map((channelId) => ({ paper: paper('2611.00001', '2026-11-20'), channelId })));
    const posted: string[] = [];
    let round = 0;
    const post: PostBatch = async (batch) => {
      posted.push(batch.channelId);
      // C's last batch settles after each of its posts, and a new one arrives before the next claim.
      if (round < 4) await outbox.enqueue([{ paper: paper(`2611.0001${round++}`, '2026-11-21'), channelId: 'c' }]);
      worker.wake();
      return `m${posted.length}`;
    };
    const worker = new OutboxWorker({ store: outbox, post, log: memoryLogger().log });
    await worker.drainOnce();
    // C joins level with A, which has waited longer: A's backlog is done by the 4th post. A
    // guild joining at 0 went first every time, and A's came after all of C's.
    expect(posted.slice(0, 6)).toEqual(['a1', 'a2', 'c', 'a3', 'c', 'c']);
  });
});
