import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/worker/collect-garbage.js';

/** An object only a WeakRef reaches, made in a job of its own (a WeakRef keeps its target alive until its job ends). */
async function unreachable(): Promise<WeakRef<object>> {
  const ref = new WeakRef({ payload: new Array(1_000).fill('x') });
  await new Promise((resolve) => setImmediate(resolve));
  return ref;
}

describe('collectGarbage', () => {
  it('reaches V8 without --expose-gc and collects what nothing reaches', async () => {
    // vitest runs this file without --expose-gc: the collector comes from a V8 flag set at run time.
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
    const ref = await unreachable();
    expect(await collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });

  it('keeps what is still reached', async () => {
    const kept = { payload: 'kept' };
    const ref = new WeakRef(kept);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await collectGarbage()).toBe(true);
    expect(ref.deref()).toBe(kept);
  });
});
