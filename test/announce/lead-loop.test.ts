import { describe, expect, it } from 'vitest';
import { LeadLoop } from '../../src/announce/lead-loop.js';
import type { Leadership } from '../../src/store/leadership.js';
import { memoryLogger } from '../support/memory-log.js';

/** A lead that answers what the test says (then false), counts its releases, and says when its script has run out. */
function scriptedLeadership(answers: boolean[]): Leadership & { releases: number; played: Promise<void> } {
  let done = () => {};
  const played = new Promise<void>((resolve) => (done = resolve));
  return {
    releases: 0,
    played,
    tryLead: async () => {
      const answer = answers.shift();
      if (answer === undefined) done();
      return answer ?? false;
    },
    async release() {
      this.releases++;
    },
  };
}

describe('LeadLoop', () => {
  it('leads when it takes the lead, follows when it loses it, and calls each once per change', async () => {
    const events: string[] = [];
    const logs = memoryLogger();
    const leadership = scriptedLeadership([false, true, true, false, true]);
    const loop = new LeadLoop({
      leadership,
      intervalMs: 5,
      lead: async () => void events.push('lead'),
      follow: async () => void events.push('follow'),
      log: logs.log,
    });
    loop.start();
    await leadership.played;
    await loop.stop();
    // false (nothing), true (lead), true (still leading: nothing), false (follow), true (lead), then false from an empty script: follow.
    expect(events).toEqual(['lead', 'follow', 'lead', 'follow']);
    expect(logs.lines().map((line) => line.msg)).toEqual([
      'leading the new-paper pipeline: the feed, queueing announcements and digests run on this machine',
      'lost the lead of the new-paper pipeline: another machine takes over',
      'leading the new-paper pipeline: the feed, queueing announcements and digests run on this machine',
      'lost the lead of the new-paper pipeline: another machine takes over',
    ]);
    expect(leadership.releases).toBe(1);
  });

  it('stop() while leading follows first, then gives the lead up', async () => {
    const events: string[] = [];
    let led = () => {};
    const leading = new Promise<void>((resolve) => (led = resolve));
    const leadership = scriptedLeadership(Array.from({ length: 1000 }, () => true));
    const loop = new LeadLoop({
      leadership: {
        tryLead: () => leadership.tryLead(),
        release: async () => {
          events.push('release');
          await leadership.release();
        },
      },
      intervalMs: 5,
      lead: async () => {
        events.push('lead');
        led();
      },
      follow: async () => void events.push('follow'),
      log: memoryLogger().log,
    });
    loop.start();
    await leading;
    expect(loop.leading).toBe(true);
    await loop.stop();
    expect(loop.leading).toBe(false);
    expect(events).toEqual(['lead', 'follow', 'release']);
  });
});

describe('LeadLoop.stop', () => {
  it('gives the lead up even when following fails', async () => {
    const leadership = scriptedLeadership([true]);
    let led = () => {};
    const leading = new Promise<void>((resolve) => (led = resolve));
    const loop = new LeadLoop({
      leadership,
      intervalMs: 1000,
      lead: async () => led(),
      follow: async () => {
        throw new Error('the outbox would not stop');
      },
      log: memoryLogger().log,
    });
    loop.start();
    await leading;
    expect(loop.leading).toBe(true);
    await expect(loop.stop()).rejects.toThrow('the outbox would not stop');
    expect(leadership.releases).toBe(1);
  });
});
