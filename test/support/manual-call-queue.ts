import { CallQueue, type Lane } from '../../src/worker/call-queue.js';

/**
 * The worker's CallQueue with a clock and event-loop turns the test moves: `push` queues a
 * call that takes `costMs` of that clock and records its name in `events` when it starts;
 * `turns` holds the queued event-loop callbacks (the queue's turns, a paused work's resume).
 */
export function manualCallQueue() {
  let now = 0;
  const turns: (() => void)[] = [];
  const queue = new CallQueue({ now: () => now, nextTurn: (turn) => turns.push(turn) });
  const events: string[] = [];
  const push = (name: string, costMs: number, lane: Lane = 'heavy') =>
    queue.push({
      lane,
      deadline: Number.POSITIVE_INFINITY,
      start: () => {
        events.push(name);
        now += costMs;
      },
      drop: () => events.push(`dropped ${name}`),
    });
  /** Runs the oldest queued callback, then lets the promises it resolved run, as the event loop does. */
  const runOne = async () => {
    (turns.shift() as () => void)();
    for (let i = 0; i < 3; i++) await Promise.resolve();
  };
  return { queue, turns, events, push, runOne, now: () => now, tick: (ms: number) => (now += ms) };
}
