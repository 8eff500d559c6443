import { setImmediate as nextLoopTurn } from 'node:timers/promises';

/**
 * How long-running work shares its thread with the calls it serves. A cold build
 * (Library.build) and writing the index cache (worker/write-json-stream.ts) run in small
 * steps, ask after each step whether to pause, and await `pause()` when told to.
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
