import { describe, expect, it } from 'vitest';
import { LeadLoop } from '../../src/announce/lead-loop.js';
import type { Leadership } from '../../src/store/leadership.js';
import { memoryLogger } from '../support/memory-log.js';

/** A lead that answers what the test says, and counts its releases. */
function scriptedLeadership(answers: boolean[]): Leadership & { releases: number } {
  return {
    releases: 0,
    tryLead: async () => answers.shift() ?? false,
    async release() {
      this.releases++;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 60));

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
    await settle();
    await loop.stop();
    // false (nothing), true (lead), true (still leading: nothing), false (follow), true (lead), then false from an empty script: follow.
    expect(events).toEqual(['lead', 'follow', 'lead', 'follow']);
    expect(logs.lines().map((line) => line.msg)).toEqual([
      'leading the new-paper pipeline: feed, announcements and digests run on this machine',
      'lost the lead of the new-paper pipeline: another machine takes over',
      'leading the new-paper pipeline: feed, announcements and digests run on this machine',
      'lost the lead of the new-paper pipeline: another machine takes over',
    ]);
    expect(leadership.releases).toBe(1);
  });

  it('stop() while leading follows first, then gives the lead up', async () => {
    const events: string[] = [];
    const leadership = scriptedLeadership([true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true]);
    const loop = new LeadLoop({
      leadership: {
        tryLead: () => leadership.tryLead(),
        release: async () => {
          events.push('release');
          await leadership.release();
        },
      },
      intervalMs: 5,
      lead: async () => void events.push('lead'),
      follow: async () => void events.push('follow'),
      log: memoryLogger().log,
    });
    loop.start();
    await settle();
    expect(loop.leading).toBe(true);
    await loop.stop();
    expect(loop.leading).toBe(false);
    expect(events).toEqual(['lead', 'follow', 'release']);
  });
});
