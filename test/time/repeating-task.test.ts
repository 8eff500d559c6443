import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RepeatingTask } from '../../src/time/repeating-task.js';

/** For loops whose runs never throw: a failure reported is a test failure. */
const fail = (error: unknown) => {
  throw error;
};

describe('RepeatingTask: the loop of the feed poller and the digest scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs now, then intervalMs after each run ends, one run at a time', async () => {
    const started: number[] = [];
    const task = new RepeatingTask(
      async () => {
        started.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 300));
        return started.length;
      },
      1000,
      'stopped',
      fail,
    );
    const t0 = Date.now();
    task.start();
    task.start(); // already running: no second loop
    await vi.advanceTimersByTimeAsync(0);
    expect(task.runOnce()).toBe(task.runOnce()); // a call while one runs gets that one
    await vi.advanceTimersByTimeAsync(2600);
    expect(started.map((at) => at - t0)).toEqual([0, 1300, 2600]);
    const stopped = task.stop(); // waits for the run in flight
    await vi.advanceTimersByTimeAsync(300);
    await stopped;
  });

  it('after a stop followed quickly by a start, keeps one loop: the run that outlived the stop schedules nothing', async () => {
    const signals: AbortSignal[] = [];
    let release = () => {};
    const task = new RepeatingTask(
      async (signal) => {
        signals.push(signal);
        if (signals.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      1000,
      'stopped',
      fail,
    );
    task.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(signals).toHaveLength(1);
    const stopped = task.stop(); // waits for the run in flight
    task.start();
    expect(signals[0]?.aborted).toBe(true);
    release();
    await stopped;
    await vi.advanceTimersByTimeAsync(3000);
    // The new start runs at once and every 1000 ms: 4 runs after the first, not twice as many.
    expect(signals).toHaveLength(5);
    expect(signals.slice(1).map((signal) => signal.aborted)).toEqual([false, false, false, false]);
    await task.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(signals).toHaveLength(5);
  });

  it('after a stop and a start while the old run is still in flight, runs again with the new signal as soon as it ends', async () => {
    const signals: AbortSignal[] = [];
    let release = () => {};
    const task = new RepeatingTask(
      async (signal) => {
        signals.push(signal);
        if (signals.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      1000,
      'stopped',
      fail,
    );
    task.start();
    await vi.advanceTimersByTimeAsync(0);
    const stopped = task.stop();
    task.start();
    // The new start's first run is due now, while the stopped run has not ended: it waits for it, not joins it.
    await vi.advanceTimersByTimeAsync(0);
    expect(signals).toHaveLength(1);
    release();
    await stopped;
    await vi.advanceTimersByTimeAsync(0);
    expect(signals.map((signal) => signal.aborted)).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(signals).toHaveLength(3);
    await task.stop();
  });

  it('goes on after a run that throws, and reports each failure', async () => {
    let runs = 0;
    const errors: unknown[] = [];
    const task = new RepeatingTask(
      () => {
        runs++;
        return Promise.reject(new Error(`boom ${runs}`));
      },
      100,
      'stopped',
      (error) => errors.push(error),
    );
    task.start();
    await vi.advanceTimersByTimeAsync(250);
    expect(runs).toBe(3);
    expect(errors.map((error) => (error as Error).message)).toEqual(['boom 1', 'boom 2', 'boom 3']);
    await task.stop();
  });
});
