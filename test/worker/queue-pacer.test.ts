import { describe, expect, it } from 'vitest';
import { loadDigest } from '../../src/digest/load-digest.js';
import { Library } from '../../src/library/library.js';
import { timeSlices, type Pacer } from '../../src/time/pacer.js';
import { queuePacer } from '../../src/worker/queue-pacer.js';
import { manualCallQueue } from '../support/manual-call-queue.js';
import { SEEDS_DIR } from '../support/seed-library.js';

/**
 * Background work (reading the digest, a cold build, writing the index cache) paced by the
 * worker's call queue, with a clock and event-loop turns the test moves: it pauses as soon as a
 * call waits, the call runs before it goes on, and (sharing half) it then runs as long as the
 * calls took before it gives way again.
 */
describe('queuePacer: background work gives way to calls as they arrive', () => {
  function harness(share: 'half' | 'calls first' = 'half') {
    const manual = manualCallQueue();
    const arrivals: { name: string; costMs: number }[] = [];
    let looks = 0;
    const pacer = queuePacer(manual.queue, {
      share,
      now: manual.now,
      // The port, read synchronously: what arrived meanwhile joins the queue.
      takeArrivals: () => {
        looks += 1;
        for (const { name, costMs } of arrivals.splice(0)) manual.push(name, costMs);
      },
    });
    const pause = () => void pacer.pause().then(() => manual.events.push('work'));
    return { ...manual, pacer, arrivals, pause, looks: () => looks };
  }

  it('with no call waiting, pauses every 40 ms (so the loop still runs), and looks at the port at most every 0.25 ms', () => {
    const { pacer, looks, tick } = harness();
    // Under 1 ms into its slice, the work does not even look.
    expect(pacer.shouldPause(0.5)).toBe(false);
    expect(looks()).toBe(0);
    expect(pacer.shouldPause(1)).toBe(false);
    expect(looks()).toBe(1);
    // Asked again at once: the port is not read again.
    expect(pacer.shouldPause(1.1)).toBe(false);
    expect(looks()).toBe(1);
    tick(0.25);
    expect(pacer.shouldPause(1.25)).toBe(false);
    expect(looks()).toBe(2);
    expect(pacer.shouldPause(39.9)).toBe(false);
    expect(pacer.shouldPause(40)).toBe(true);
  });

  it('pauses as soon as a call arrives (after its first 1 ms), resumes after that call, then owes the work as long as the calls took', async () => {
    const { pacer, arrivals, events, pause, runOne, turns, tick } = harness();
    arrivals.push({ name: 'ask', costMs: 12 });
    // Under 1 ms into its slice, the work goes on without looking.
    expect(pacer.shouldPause(0.5)).toBe(false);
    expect(pacer.shouldPause(1)).toBe(true);
    pause();
    // The call's turn (queued when it was read) runs, then the pause's callback resumes the work.
    expect(turns).toHaveLength(2);
    await runOne();
    expect(events).toEqual(['ask']);
    await runOne();
    expect(events).toEqual(['ask', 'work']);
    // The call took 12 ms: the work now runs 12 ms before another call can pause it.
    tick(1);
    arrivals.push({ name: 'search', costMs: 1 });
    expect(pacer.shouldPause(11.9)).toBe(false);
    expect(pacer.shouldPause(12)).toBe(true);
    pause();
    while (turns.length > 0) await runOne();
    expect(events).toEqual(['ask', 'work', 'search', 'work']);
    // That turn took 1 ms: back to the least slice.
    arrivals.push({ name: 'autocomplete', costMs: 0 });
    tick(1);
    expect(pacer.shouldPause(1)).toBe(true);
  });

  it('after a 300 ms call, the work runs a whole slice without looking at the port, and still pauses after 40 ms', async () => {
    const { pacer, arrivals, events, pause, runOne, turns, looks } = harness();
    arrivals.push({ name: 'chart', costMs: 300 });
    expect(pacer.shouldPause(1)).toBe(true);
    pause();
    while (turns.length > 0) await runOne();
    expect(events).toEqual(['chart', 'work']);
    const looked = looks();
    arrivals.push({ name: 'search', costMs: 1 });
    expect(pacer.shouldPause(39.9)).toBe(false);
    expect(looks()).toBe(looked);
    expect(pacer.shouldPause(40)).toBe(true);
  });

  it("with share 'calls first' (writing the cache), gives way after 1 ms whenever a call waits, however long the calls took, and pauses every 8 ms otherwise", async () => {
    const { pacer, arrivals, events, pause, runOne, turns, tick } = harness('calls first');
    expect(pacer.shouldPause(7.9)).toBe(false);
    expect(pacer.shouldPause(8)).toBe(true);
    arrivals.push({ name: 'ask', costMs: 12 });
    tick(0.25);
    expect(pacer.shouldPause(1)).toBe(true);
    pause();
    while (turns.length > 0) await runOne();
    expect(events).toEqual(['ask', 'work']);
    tick(1);
    arrivals.push({ name: 'search', costMs: 1 });
    expect(pacer.shouldPause(1)).toBe(true);
  });
});

describe('Library.build with a pacer', () => {
  it('asks the pacer after every step but the last, reports progress before each pause and at the end, and indexes every paper', async () => {
    const { papers } = await loadDigest(SEEDS_DIR);
    const asked: number[] = [];
    const progress: number[] = [];
    // Pauses at every step: the smallest steps the build takes.
    const everyStep: Pacer = {
      shouldPause: (ranMs) => (asked.push(ranMs), true),
      pause: () => Promise.resolve(),
    };
    const library = await Library.build(papers, [], (partial) => progress.push(partial.size), everyStep);
    expect(library.size).toBe(papers.length);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(papers.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // One question per pause, and a progress report before each pause (plus the first and last).
    expect(progress).toHaveLength(asked.length + 2);
    // Steps start at 10 papers, so 58 seed papers take more than one.
    expect(asked.length).toBeGreaterThan(1);
    // Not asked after the last step: the whole count is told once, at the end.
    expect(progress.filter((size) => size === papers.length)).toHaveLength(1);
  });

  it('with a pacer that never pauses, tells its progress only at the start and the end', async () => {
    const { papers } = await loadDigest(SEEDS_DIR);
    const progress: number[] = [];
    const library = await Library.build(papers, [], (partial) => progress.push(partial.size), timeSlices(Number.POSITIVE_INFINITY));
    expect(library.size).toBe(papers.length);
    expect(progress).toEqual([0, papers.length]);
  });
});
