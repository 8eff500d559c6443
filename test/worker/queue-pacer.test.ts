import { describe, expect, it } from 'vitest';
import { loadDigest } from '../../src/digest/load-digest.js';
import { Library } from '../../src/library/library.js';
import { timeSlices, type Pacer } from '../../src/time/pacer.js';
import { CallQueue } from '../../src/worker/call-queue.js';
import { queuePacer } from '../../src/worker/queue-pacer.js';
import { SEEDS_DIR } from '../support/seed-library.js';

/**
 * Background work (a cold build, writing the index cache) paced by the worker's call queue,
 * with a clock and event-loop turns the test moves: it pauses as soon as a call waits, the
 * calls run before it goes on, and it then runs as long as they took before it pauses again.
 */
describe('queuePacer: background work gives way to calls as they arrive', () => {
  function harness(share: 'half' | 'calls first' = 'half') {
    let now = 0;
    const turns: (() => void)[] = [];
    const queue = new CallQueue({ now: () => now, nextTurn: (turn) => turns.push(turn) });
    const arrivals: { name: string; costMs: number }[] = [];
    const started: string[] = [];
    let looks = 0;
    const pacer = queuePacer(queue, {
      share,
      now: () => now,
      // The port, read synchronously: what arrived meanwhile joins the queue.
      takeArrivals: () => {
        looks += 1;
        for (const { name, costMs } of arrivals.splice(0))
          queue.push({
            lane: 'heavy',
            deadline: Number.POSITIVE_INFINITY,
            start: () => {
              started.push(name);
              now += costMs;
            },
            drop: () => started.push(`dropped ${name}`),
          });
      },
    });
    const runTurns = () => {
      while (turns.length > 0) (turns.shift() as () => void)();
    };
    return { pacer, arrivals, started, runTurns, looks: () => looks, tick: (ms: number) => (now += ms) };
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

  it('pauses as soon as a call arrives (after its first 1 ms), lets it run, then owes the work as long as the calls took', async () => {
    const { pacer, arrivals, started, runTurns, tick } = harness();
    arrivals.push({ name: 'ask', costMs: 12 });
    // Under 1 ms into its slice, the work goes on without looking.
    expect(pacer.shouldPause(0.5)).toBe(false);
    expect(pacer.shouldPause(1)).toBe(true);
    const paused = pacer.pause();
    runTurns();
    await paused;
    expect(started).toEqual(['ask']);
    // The call took 12 ms: the work now runs 12 ms before another call can pause it.
    tick(1);
    arrivals.push({ name: 'search', costMs: 1 });
    expect(pacer.shouldPause(11.9)).toBe(false);
    expect(started).toEqual(['ask']);
    expect(pacer.shouldPause(12)).toBe(true);
    const again = pacer.pause();
    runTurns();
    await again;
    expect(started).toEqual(['ask', 'search']);
    // That turn took 1 ms: back to the least slice.
    arrivals.push({ name: 'autocomplete', costMs: 0 });
    tick(1);
    expect(pacer.shouldPause(1)).toBe(true);
  });

  it("with share 'calls first' (writing the cache), gives way after 1 ms whenever a call waits, however long the calls took", async () => {
    const { pacer, arrivals, started, runTurns, tick } = harness('calls first');
    arrivals.push({ name: 'ask', costMs: 12 });
    expect(pacer.shouldPause(1)).toBe(true);
    const paused = pacer.pause();
    runTurns();
    await paused;
    expect(started).toEqual(['ask']);
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
  });

  it('without a pacer, pauses only every 40 ms: the seed builds in one step', async () => {
    const { papers } = await loadDigest(SEEDS_DIR);
    const progress: number[] = [];
    const library = await Library.build(papers, [], (partial) => progress.push(partial.size), timeSlices(Number.POSITIVE_INFINITY));
    expect(library.size).toBe(papers.length);
    expect(progress).toEqual([0, papers.length]);
  });
});
