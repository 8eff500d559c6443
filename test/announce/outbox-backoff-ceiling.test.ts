import { describe, expect, it } from 'vitest';
import { DeliveryError, OutboxWorker } from '../../src/announce/outbox-worker.js';
import { makePaper as paper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';
import { useTempStore } from '../support/temp-store.js';

/** Five minutes: the longest an operator ever waits for the next attempt of a failing announcement. */
const CEILING_MS = 5 * 60_000;

describe('OutboxWorker retry backoff during a long Discord outage', () => {
  const temp = useTempStore();

  it('doubles the wait from 1 s, then stops growing at 5 minutes however many posts fail', async () => {
    await temp.stores.outbox.enqueue([{ paper: paper('2611.00001', null), channelId: 'c' }]);
    let attempts = 0;
    const post = async (): Promise<string> => {
      attempts++;
      throw new DeliveryError('Discord answered 503 Service Unavailable', 'retry');
    };
    let now = 0;
    const logs = memoryLogger();
    // The production settings: no retryBaseMs or retryMaxMs given, as the bot's pipeline builds it.
    const worker = new OutboxWorker({ store: temp.stores.outbox, post, log: logs.log, now: () => now });
    const retries = () => logs.lines().filter((line) => line.msg === 'announcement failed; will retry');

    for (let failure = 1; failure <= 14; failure++) {
      expect(await worker.drainOnce()).toBe(0);
      expect(attempts).toBe(failure);
      const wait = retries().at(-1)?.retryInMs as number;
      // One millisecond before the announced time nothing is posted: the wait the log states is the wait applied.
      now += wait - 1;
      expect(await worker.drainOnce()).toBe(0);
      expect(attempts).toBe(failure);
      now += 1;
    }

    // Past the ceiling a failing post is tried every 5 minutes: when Discord is back, announcements resume within 5 minutes, not hours.
    expect(retries().map((line) => [line.attempt, line.retryInMs])).toEqual([
      [1, 1000],
      [2, 2000],
      [3, 4000],
      [4, 8000],
      [5, 16_000],
      [6, 32_000],
      [7, 64_000],
      [8, 128_000],
      [9, 256_000],
      [10, CEILING_MS],
      [11, CEILING_MS],
      [12, CEILING_MS],
      [13, CEILING_MS],
      [14, CEILING_MS],
    ]);
    expect(await temp.stores.outbox.backlog()).toBe(1); // still waiting to be posted, never parked by the retries
  });
});
