import type { Pacer } from '../time/pacer.js';
import type { CallQueue } from './call-queue.js';

/**
 * The longest background work runs without letting the event loop run, when no call waits:
 * calls already started that wait on I/O (an /ask's embedding, a chart) and timers go on then.
 * Writing the cache, which nobody waits for, lets them go on sooner.
 */
const SLICE_MS = { half: 40, 'calls first': 8 } as const;
/** The least it runs between turns of calls, so it moves on however busy the queue is. */
const MIN_SLICE_MS = 1;
/** How often it looks for calls that arrived while it runs (each look is a synchronous read of the port). */
const LOOK_EVERY_MS = 0.25;

interface QueuePacerOptions {
  /** Moves the calls that arrived while the thread computed into the queue (in the worker: read the port synchronously). */
  takeArrivals: () => void;
  /**
   * `half`: after calls had a turn, the work runs as long as they took before it gives way
   * again, so the two share the thread while calls keep coming (reading the digest, a cold
   * build). `calls first`: it gives way after MIN_SLICE_MS whenever a call waits, and pauses
   * every 8 ms otherwise, for work no caller waits on (writing the index cache).
   */
  share: 'half' | 'calls first';
  /** The clock, in ms (default performance.now). */
  now?: () => number;
}

/**
 * Background work in the library worker (reading the digest, a cold build, writing the index
 * cache) paced by the call queue: it pauses as soon as a call waits, and one turn of the
 * waiting calls runs before it goes on (CallQueue.yieldToCalls), so a reply waits about one
 * step of the work, not a slice. Then, with `share: 'half'`, it runs at least as long as
 * those calls took (MIN_SLICE_MS or more) before it pauses for calls again: calls and the
 * work share the thread about half and half when calls keep coming. With `calls first` it
 * runs MIN_SLICE_MS between turns. With no call waiting it pauses once per slice (40 ms; 8 ms
 * for `calls first`), so started calls waiting on I/O, and timers, go on.
 */
export function queuePacer(queue: CallQueue, { takeArrivals, share, now = () => performance.now() }: QueuePacerOptions): Pacer {
  const sliceMs = SLICE_MS[share];
  let owed = MIN_SLICE_MS;
  let lookedAt = Number.NEGATIVE_INFINITY;
  return {
    shouldPause(ranMs) {
      if (ranMs >= sliceMs) return true;
      if (ranMs < owed) return false;
      const at = now();
      if (at - lookedAt >= LOOK_EVERY_MS) {
        lookedAt = at;
        takeArrivals();
      }
      return queue.busy;
    },
    async pause() {
      // Everything that ran meanwhile: the calls' turn, and any other work of the event loop.
      const began = now();
      await queue.yieldToCalls();
      // Past its slice the work pauses anyway (shouldPause), so a long call owes it one slice at most.
      if (share === 'half') owed = Math.max(MIN_SLICE_MS, now() - began);
    },
  };
}
