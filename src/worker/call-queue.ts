/**
 * Which lane a library call waits in. `interactive` calls (autocomplete, /latest, a page of a
 * search already computed, lookups, status) always start before `heavy` ones (full-text
 * searches, /ask, charts, stats), so cheap work is never stuck behind expensive work.
 */
export type Lane = 'interactive' | 'heavy';

/** A call waiting in the queue. */
export interface QueuedCall {
  lane: Lane;
  /**
   * Whom the call is for (a Discord member's id). Within a lane, callers take turns: one call of
   * each waiting caller, in the order they came, so one member's burst waits behind everyone
   * else's next call instead of in front of it. Calls without a caller share one turn.
   */
  caller?: string | undefined;
  /** When its caller gives up (epoch ms, as `Date.now()`): a call not started by then is dropped. */
  deadline: number;
  /**
   * Starts the call and must not throw (it answers its caller either way); the queue moves on
   * when this returns, and work the call awaits runs on by itself.
   */
  start(): void;
  /** Tells the caller the call was dropped, `lateMs` after its deadline, without running it. Must not throw. */
  drop(lateMs: number): void;
}

interface CallQueueOptions {
  /** The clock (ms) that deadlines and the turn budget are read against (default `Date.now`). */
  now?: () => number;
  /** Runs the next turn after events that arrived meanwhile (default `setImmediate`). */
  nextTurn?: (turn: () => void) => void;
}

/**
 * How long one turn may go on starting calls before it lets the event loop run. Cheap calls
 * (a few ms) run back to back; after an expensive one the loop runs at once, so a call that
 * arrived meanwhile (an autocomplete during an /ask) is queued, and may go first, before the
 * next call starts.
 */
const TURN_BUDGET_MS = 5;

/** One lane: a first-come, first-served queue per caller, the callers served in rotation. */
class FairLane {
  /** Each waiting caller's calls, oldest first; the Map's order is the rotation (next caller first). */
  readonly #callers = new Map<string, QueuedCall[]>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(call: QueuedCall): void {
    const key = call.caller ?? '';
    const calls = this.#callers.get(key);
    if (calls) calls.push(call);
    else this.#callers.set(key, [call]);
    this.#size++;
  }

  /** The oldest call of the caller whose turn it is; that caller, if it still waits, goes to the back. */
  shift(): QueuedCall | undefined {
    const turn = this.#callers.entries().next();
    if (turn.done) return undefined;
    const [key, calls] = turn.value;
    const call = calls.shift() as QueuedCall;
    this.#callers.delete(key);
    if (calls.length > 0) this.#callers.set(key, calls);
    this.#size--;
    return call;
  }
}

/**
 * A two-lane queue that starts calls one at a time: an interactive call, else a heavy one;
 * within a lane, waiting callers take turns (FairLane), each caller's calls oldest first. A call whose deadline passed while it waited is dropped, never started:
 * after a burst whose callers gave up, no abandoned call still runs. Once a turn has run
 * TURN_BUDGET_MS, the event loop runs before the next call, so calls that arrived during an
 * expensive one are queued (and an interactive one goes next) before the next call starts.
 * Only a call's synchronous part is serialized this way: a call that awaits I/O (embedding a
 * question, rendering a chart) continues when its I/O is done.
 */
export class CallQueue {
  readonly #lanes: Record<Lane, FairLane> = { interactive: new FairLane(), heavy: new FairLane() };
  readonly #now: () => number;
  readonly #nextTurn: (turn: () => void) => void;
  #scheduled = false;
  /** Turns run so far: a callback queued before a turn ran finds it done and starts nothing. */
  #turns = 0;
  readonly #idleWaiters: (() => void)[] = [];

  constructor(options: CallQueueOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#nextTurn = options.nextTurn ?? ((turn) => setImmediate(turn));
  }

  /** Queues a call; it starts on a later turn, never synchronously. */
  push(call: QueuedCall): void {
    this.#lanes[call.lane].push(call);
    this.#schedule();
  }

  /** Calls waiting, per lane. */
  get waiting(): Record<Lane, number> {
    return { interactive: this.#lanes.interactive.size, heavy: this.#lanes.heavy.size };
  }

  /** Resolves once no call waits (at once when none does). */
  whenIdle(): Promise<void> {
    if (!this.#scheduled) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Whether a call waits to start. */
  get busy(): boolean {
    return this.#lanes.interactive.size + this.#lanes.heavy.size > 0;
  }

  /**
   * What background work (building the index, writing its cache) awaits when it pauses
   * (queue-pacer.ts): resolves on a later turn of the event loop, after exactly one turn of
   * the calls waiting, those that arrived while the work ran included: the queue's own turn
   * if it ran first, else one this callback runs. Awaiting setImmediate instead could let the
   * work's next slice run first (when its callback was queued before theirs). A turn put off
   * by its budget waits for its own callback, after the work's next slice: however busy the
   * queue is, the work moves on, so a steady flow of calls cannot stop a cold build.
   */
  yieldToCalls(): Promise<void> {
    const turns = this.#turns;
    return new Promise((resolve) =>
      this.#nextTurn(() => {
        if (this.#scheduled && this.#turns === turns) this.#turn();
        resolve();
      }),
    );
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // yieldToCalls may run this turn first: then this callback finds it done.
    const turns = this.#turns;
    this.#nextTurn(() => {
      if (this.#scheduled && this.#turns === turns) this.#turn();
    });
  }

  /** Starts calls in order (dropping expired ones) until none waits or the turn's budget is spent. */
  #turn(): void {
    this.#scheduled = false;
    this.#turns += 1;
    const began = this.#now();
    for (let call = this.#next(); call; call = this.#next()) {
      const now = this.#now();
      if (now >= call.deadline) call.drop(now - call.deadline);
      else call.start();
      // The first call of a turn always runs, so the queue always moves on.
      if (this.#now() - began >= TURN_BUDGET_MS && this.busy) {
        this.#schedule();
        return;
      }
    }
    this.#settleIdle();
  }

  #next(): QueuedCall | undefined {
    return this.#lanes.interactive.shift() ?? this.#lanes.heavy.shift();
  }

  #settleIdle(): void {
    if (this.#scheduled) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
