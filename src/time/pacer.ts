import { setImmediate as nextLoopTurn } from 'node:timers/promises';

/**
 * How long-running work shares its thread with the calls it serves. Reading and hashing the
 * digest's files (runPaced over their steps), a cold build (Library.build) and writing the
 * index cache (worker/record-file.ts) run in small steps, ask after each step whether
 * to pause, and await `pause()` when told to.
 */
export interface Pacer {
  /** Whether the work should pause now, `ranMs` after it last resumed. */
  shouldPause(ranMs: number): boolean;
  /** Lets the thread's other work run; resolves when the work may go on. */
  pause(): Promise<void>;
}

/** Pauses for one turn of the event loop every `sliceMs` of work: for work that serves nobody else meanwhile. */
export function timeSlices(sliceMs: number): Pacer {
  return {
    shouldPause: (ranMs) => ranMs >= sliceMs,
    pause: () => nextLoopTurn(),
  };
}

/**
 * Runs work written as a generator that yields after each small step (a digest entry read),
 * pausing when `pacer` says so; returns what the generator returns.
 */
export async function runPaced<T>(steps: Generator<unknown, T>, pacer: Pacer): Promise<T> {
  let resumed = performance.now();
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (pacer.shouldPause(performance.now() - resumed)) {
      await pacer.pause();
      resumed = performance.now();
    }
  }
}

/** Runs such work at once, without pausing. */
export function runToEnd<T>(steps: Generator<unknown, T>): T {
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}
