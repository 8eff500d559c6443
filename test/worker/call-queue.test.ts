import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallQueue, type Lane } from '../../src/worker/call-queue.js';
import { manualCallQueue } from '../support/manual-call-queue.js';

/**
 * The worker's two-lane queue on its own, with a clock the test moves: which call starts
 * when, and which are dropped unstarted. Calls "arrive during" another by being pushed from
 * inside its start, as a message arriving while the worker computes is queued before the
 * next turn.
 */
describe('CallQueue: interactive first, one call at a time, expired calls dropped', () => {
  function harness() {
    let now = 0;
    const queue = new CallQueue({ now: () => now });
    const events: string[] = [];
    const push = (name: string, lane: Lane, options: { deadline?: number; costMs?: number; during?: () => void; caller?: string } = {}) =>
      queue.push({
        lane,
        caller: options.caller,
        deadline: options.deadline ?? 1_000_000,
        start: () => {
          events.push(`run ${name}@${now}`);
          now += options.costMs ?? 0;
          options.during?.();
        },
        drop: (lateMs) => events.push(`drop ${name}@${now} late ${lateMs}`),
      });
    return { queue, events, push };
  }

  it('starts calls in the order: interactive first (oldest first), then heavy; arrivals during a call are queued before the next starts', async () => {
    const { queue, events, push } = harness();
    push('H1', 'heavy', {
      costMs: 10,
      // Arrive while H1 computes: I2 must start before H2, which arrived earlier but is heavy.
      during: () => {
        push('H3', 'heavy');
        push('I2', 'interactive');
      },
    });
    push('H2', 'heavy', { costMs: 10 });
    push('I1', 'interactive', { costMs: 1 });
    // Nothing starts synchronously: the three arrivals are all queued before the first turn.
    expect(events).toEqual([]);
    await queue.whenIdle();
    expect(events).toEqual(['run I1@0', 'run H1@1', 'run I2@11', 'run H2@11', 'run H3@21']);
  });

  it('lets callers take turns within a lane: a burst of one member waits behind the next call of each other member', async () => {
    const { queue, events, push } = harness();
    for (let i = 1; i <= 3; i++) push(`A${i}`, 'interactive', { caller: 'A' });
    push('B1', 'interactive', { caller: 'B' });
    push('B2', 'interactive', { caller: 'B' });
    push('C1', 'interactive', {
      caller: 'C',
      costMs: 1,
      // A new caller arriving mid-rotation goes behind the callers already waiting (A, then B), not first.
      during: () => push('D1', 'interactive', { caller: 'D' }),
    });
    push('AH', 'heavy', { caller: 'A' });
    push('none1', 'heavy');
    push('none2', 'heavy');
    push('BH', 'heavy', { caller: 'B' });
    await queue.whenIdle();
    // Rotation A, B, C, A, B, D, A; then the heavy lane: A, the calls with no caller (one turn
    // between them), B, and the second call with no caller.
    expect(events.map((event) => event.split('@')[0])).toEqual([
      'run A1',
      'run B1',
      'run C1',
      'run A2',
      'run B2',
      'run D1',
      'run A3',
      'run AH',
      'run none1',
      'run BH',
      'run none2',
    ]);
  });

  it('never starts a call whose deadline passed while it waited, and tells its caller how late it was', async () => {
    const { queue, events, push } = harness();
    let runsOfLate = 0;
    push('slow', 'heavy', { costMs: 500, deadline: 1000 });
    // Both wait behind "slow": at 500 ms, B's deadline (400) has passed, C's (600) has not.
    queue.push({
      lane: 'heavy',
      deadline: 400,
      start: () => runsOfLate++,
      drop: (lateMs) => events.push(`drop B late ${lateMs}`),
    });
    push('C', 'heavy', { deadline: 600 });
    // A deadline equal to the clock counts as passed: the caller's timer fires at that instant.
    push('D', 'heavy', { deadline: 500 });
    await queue.whenIdle();
    expect(runsOfLate).toBe(0);
    expect(events).toEqual(['run slow@0', 'drop B late 100', 'run C@500', 'drop D@500 late 0']);
  });

  it('after a burst whose callers all gave up, a fresh call is the next one run', async () => {
    const { queue, events, push } = harness();
    // The first call runs 2 s; the 20 behind it have 1 s deadlines, so their callers have given
    // up when it ends; the fresh call arrives meanwhile, with a later deadline.
    push('first', 'interactive', { costMs: 2000, deadline: 1000, during: () => push('fresh', 'interactive', { deadline: 5000 }) });
    for (let i = 0; i < 20; i++) push(`burst${i}`, 'interactive', { costMs: 300, deadline: 1000 });
    await queue.whenIdle();
    expect(events.filter((event) => event.startsWith('run'))).toEqual(['run first@0', 'run fresh@2000']);
    expect(events.filter((event) => event.startsWith('drop'))).toEqual(Array.from({ length: 20 }, (_, i) => `drop burst${i}@2000 late 1000`));
  });

  it('runs cheap calls back to back, and lets events in after a turn has taken 5 ms, before the next call', () => {
    const { turns, events: started, push } = manualCallQueue();
    push('A', 1);
    push('B', 1);
    push('C', 10);
    push('D', 1);
    expect(turns).toHaveLength(1);
    (turns.shift() as () => void)();
    // A and B took 2 ms, so C starts in the same turn; after C the turn has taken 12 ms.
    expect(started).toEqual(['A', 'B', 'C']);
    expect(turns).toHaveLength(1);
    // What arrived meanwhile is queued before the next turn, and an interactive call goes first.
    push('E', 1, 'interactive');
    (turns.shift() as () => void)();
    expect(started).toEqual(['A', 'B', 'C', 'E', 'D']);
    expect(turns).toHaveLength(0);
  });

  describe('yieldToCalls: background work resumes after exactly one turn of the calls waiting by then', () => {
    function harness() {
      const manual = manualCallQueue();
      const pause = () => void manual.queue.yieldToCalls().then(() => manual.events.push('work'));
      return { ...manual, pause };
    }

    it("when the work paused before the calls arrived, its callback runs their turn; the queue's own, queued after, finds that turn done", async () => {
      const { turns, events, push, pause, runOne } = harness();
      pause();
      push('A', 1);
      push('B', 10);
      push('C', 1);
      expect(turns).toHaveLength(2);
      await runOne();
      // A and B ran before the work resumed; B spent the turn's 5 ms, so C waits for the next turn.
      expect(events).toEqual(['A', 'B', 'work']);
      // The queue's callback queued when A arrived: that turn is done, so it starts nothing.
      await runOne();
      expect(events).toEqual(['A', 'B', 'work']);
      // The turn B's budget put off starts C.
      await runOne();
      expect(events).toEqual(['A', 'B', 'work', 'C']);
      expect(turns).toHaveLength(0);
    });

    it('when the calls arrived first (the pacer read them, then paused), their turn runs first and the work resumes before the turn that was put off', async () => {
      const { turns, events, push, pause, runOne } = harness();
      push('A', 1);
      push('B', 10);
      push('C', 1);
      pause();
      await runOne();
      expect(events).toEqual(['A', 'B']);
      // A turn ran since the work paused: it resumes without starting C, which waits for its own turn.
      await runOne();
      expect(events).toEqual(['A', 'B', 'work']);
      await runOne();
      expect(events).toEqual(['A', 'B', 'work', 'C']);
      expect(turns).toHaveLength(0);
    });

    it('with nothing waiting, the work resumes on the next turn of the loop', async () => {
      const { turns, events, pause, runOne } = harness();
      pause();
      expect(turns).toHaveLength(1);
      await runOne();
      expect(events).toEqual(['work']);
    });
  });

  it('whenIdle resolves at once when nothing waits', async () => {
    await new CallQueue().whenIdle();
    expect(new CallQueue().waiting).toEqual({ interactive: 0, heavy: 0 });
  });

  it("for any arrivals: each call is started or dropped once, in time or too late; heavy never starts while interactive waits; each caller's calls in a lane are first come, first served; no caller starts twice in a lane while another waited throughout", async () => {
    const arrival = fc.record({
      lane: fc.constantFrom<Lane>('interactive', 'heavy'),
      caller: fc.constantFrom(undefined, 'a', 'b', 'c'),
      costMs: fc.integer({ min: 0, max: 50 }),
      deadline: fc.integer({ min: 0, max: 300 }),
      // Arrives while the n-th call to start runs (0: before the first turn).
      duringStart: fc.nat({ max: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(arrival, { maxLength: 30 }), async (arrivals) => {
        let now = 0;
        let starts = 0;
        const queue = new CallQueue({ now: () => now });
        const outcomes = arrivals.map(() => [] as string[]);
        // Per lane and caller ('' for none): the order calls arrived in, and the order they were served in.
        const arrived = new Map<string, number[]>();
        const served = new Map<string, number[]>();
        const add = (map: Map<string, number[]>, key: string, index: number) => map.set(key, [...(map.get(key) ?? []), index]);
        /** Calls pushed and not yet started or dropped. */
        const waiting = new Set<number>();
        /** `x>y` once caller x started in a lane while caller y waited in it; cleared when y is served. */
        const passedOver = new Set<string>();
        const unfair: string[] = [];
        const pushed = new Set<number>();
        const serve = (index: number, started: boolean) => {
          const { lane, caller = '' } = arrivals[index] as (typeof arrivals)[number];
          waiting.delete(index);
          add(served, `${lane}/${caller}`, index);
          for (const pair of passedOver) if (pair.startsWith(`${lane}:`) && pair.endsWith(`>${caller}`)) passedOver.delete(pair);
          if (!started) return;
          if ([...passedOver].some((pair) => pair.startsWith(`${lane}:${caller}>`))) unfair.push(`call ${index}`);
          for (const other of waiting) {
            const { lane: otherLane, caller: otherCaller = '' } = arrivals[other] as (typeof arrivals)[number];
            if (otherLane === lane && otherCaller !== caller) passedOver.add(`${lane}:${caller}>${otherCaller}`);
          }
        };
        const arrive = (index: number) => {
          const { lane, caller, costMs, deadline } = arrivals[index] as (typeof arrivals)[number];
          pushed.add(index);
          waiting.add(index);
          add(arrived, `${lane}/${caller ?? ''}`, index);
          queue.push({
            lane,
            caller,
            deadline,
            start: () => {
              serve(index, true);
              (outcomes[index] as string[]).push(now < deadline ? 'started in time' : 'started late');
              if (lane === 'heavy' && queue.waiting.interactive > 0) (outcomes[index] as string[]).push('started before an interactive call');
              now += costMs;
              starts++;
              arrivals.forEach((other, later) => other.duringStart === starts && !pushed.has(later) && arrive(later));
            },
            drop: (lateMs) => {
              serve(index, false);
              (outcomes[index] as string[]).push(now >= deadline && lateMs === now - deadline ? 'dropped too late' : 'dropped wrongly');
            },
          });
        };
        arrivals.forEach((item, index) => item.duringStart === 0 && arrive(index));
        await queue.whenIdle();
        // Arrivals meant for a start that never came (too few started) arrive now, in turn.
        while (pushed.size < arrivals.length) {
          arrive(arrivals.findIndex((_, index) => !pushed.has(index)));
          await queue.whenIdle();
        }
        for (const outcome of outcomes) expect(['started in time', 'dropped too late']).toContain(outcome.join(', '));
        expect(served).toEqual(arrived);
        expect(unfair).toEqual([]);
      }),
    );
  });
});
